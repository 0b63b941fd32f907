import { Prejoin } from '../../extension/features/room/prejoin';
import { t } from '../../extension/i18n';
import { statusNote, type WebRoomState } from './web-room-state';

const pretty = (code: string) => `${code.slice(0, 3)}-${code.slice(3)}`;

/**
 * The web room's one screen, as the best meeting pages have it: the camera preview (asked for as the page loads,
 * with the panel's bilingual permission errors) beside the name field, the passcode field when the room has one,
 * and one Join button that does everything else (sign-in, the join, the call). What the page knows about the room
 * before Join (no such room, full, a club's) shows above the name.
 */
export function Lobby({
  state,
  name,
  passcode,
  error,
  earlyStream,
  onName,
  onPasscode,
  onJoin,
}: {
  state: Extract<WebRoomState, { step: 'lobby' }>;
  name: string;
  passcode: string;
  error: string | null;
  earlyStream: Promise<MediaStream | null> | null;
  onName(value: string): void;
  onPasscode(value: string): void;
  onJoin(stream: MediaStream): void;
}) {
  const note = statusNote(state.room);
  const nameInvalid = state.error !== null && 'key' in state.error && state.error.key === 'webNameRequired';
  return (
    <Prejoin
      code={state.code}
      title={t('webTitle')}
      busy={state.busy}
      error={error}
      earlyStream={earlyStream}
      joinDisabled={name.trim() === '' || (state.askPasscode && passcode === '')}
      onJoin={onJoin}
      fields={
        <div class="web-fields" data-testid="web-name" data-room={state.room}>
          <p>{t('webIntro', pretty(state.code))}</p>
          {note && (
            <p class="notice" role="status" data-testid="web-room-status">
              {t(note)}
            </p>
          )}
          <label>
            {t('webNameLabel')}
            <input
              name="guestName"
              data-testid="web-name-input"
              value={name}
              maxLength={40}
              autoComplete="nickname"
              enterKeyHint="go"
              aria-describedby="web-name-hint"
              aria-invalid={nameInvalid}
              onInput={(e) => onName(e.currentTarget.value)}
            />
          </label>
          <p class="muted hint" id="web-name-hint">
            {t('webNameHint')}
          </p>
          {state.askPasscode && (
            <>
              <label>
                {t('roomPasscode')}
                <input
                  name="passcode"
                  type="password"
                  data-testid="web-passcode-input"
                  value={passcode}
                  maxLength={64}
                  autoComplete="off"
                  aria-describedby="web-passcode-hint"
                  onInput={(e) => onPasscode(e.currentTarget.value)}
                />
              </label>
              <p class="muted hint" id="web-passcode-hint">
                {t('webPasscodeTitle')} {t('webPasscodeHint')}
              </p>
            </>
          )}
        </div>
      }
    />
  );
}
