import { useEffect, useReducer, useRef, useState } from 'preact/hooks';
import { ErrorNote } from '../../extension/components/error-note';
import { getLocalMedia } from '../../extension/features/room/media';
import type { RoomsApiError } from '../../extension/features/room/rooms-client';
import { t } from '../../extension/i18n';
import {
  GUEST_NAME_KEY,
  initialState,
  type WebRoomError,
  type WebRoomEvent,
  type WebRoomState,
  webRoomReducer,
} from './web-room-state';

type GuestUser = Awaited<ReturnType<typeof import('./guest-auth').signInAsGuest>>;

/** The call's code (Prejoin, CallView, the room store and engine): its own chunk, fetched while the guest types a name. */
let stage: Promise<typeof import('./call-stage')> | null = null;
export function loadCallStage() {
  stage ??= import('./call-stage').catch((err: unknown) => {
    stage = null;
    throw err;
  });
  return stage;
}
let auth: Promise<typeof import('./guest-auth')> | null = null;
function loadAuth() {
  auth ??= import('./guest-auth').catch((err: unknown) => {
    auth = null;
    throw err;
  });
  return auth;
}

export function errorText(error: WebRoomError | null): string | null {
  if (!error) return null;
  return 'key' in error ? t(error.key) : error.text;
}

const pretty = (code: string) => `${code.slice(0, 3)}-${code.slice(3)}`;

function readName(): string {
  try {
    return localStorage.getItem(GUEST_NAME_KEY) ?? '';
  } catch {
    return '';
  }
}

/** What the rooms API said about the room, as a step of the page. */
async function checkRoom(user: GuestUser, code: string, passcode: string | null): Promise<WebRoomEvent> {
  const [{ roomsClientFor }, { roomErrorText }, { RoomsApiError: ApiError }] = await Promise.all([
    import('../../extension/features/room/room-store'),
    import('../../extension/features/room/room-errors'),
    import('../../extension/features/room/rooms-client'),
  ]);
  try {
    await roomsClientFor(user).check(code, passcode ?? undefined);
    return { type: 'room-ok', passcode };
  } catch (err) {
    const code = err instanceof ApiError ? (err as RoomsApiError).code : null;
    if (code === 'wrong_passcode' && !passcode) return { type: 'passcode-needed' };
    if (code === 'wrong_passcode' || code === 'room_locked')
      return { type: 'wrong-passcode', error: { text: roomErrorText(err) } };
    return { type: 'room-refused', error: { text: roomErrorText(err) } };
  }
}

/** The web room at /r/<CODE>: the same room components and engine as the side panel, for guests. */
export function WebRoomApp({ pathname, extensionInstalled }: { pathname: string; extensionInstalled: boolean }) {
  const [state, dispatch] = useReducer(webRoomReducer, initialState(pathname, extensionInstalled));
  const [name, setName] = useState(readName);
  const [user, setUser] = useState<GuestUser | null>(null);
  // The camera and microphone, asked for with Continue (beside the sign-in and the room check), handed to the
  // camera check; dropped if the guest ends up back at the name.
  const early = useRef<Promise<MediaStream | null> | null>(null);
  const dropEarly = () => {
    const e = early.current;
    early.current = null;
    e?.then((s) => {
      for (const tr of s?.getTracks() ?? []) tr.stop();
    });
  };
  const takeEarly = () => {
    const e = early.current;
    early.current = null;
    return e;
  };
  useEffect(() => {
    if (state.step === 'name' && !state.busy) dropEarly();
  }, [state]);

  // Fetch the call's code and ready Firebase Auth (no sign-in) while the guest reads and types (after the first
  // paint; the build names the call's chunks in the HTML as modulepreload, so they are mostly here already).
  useEffect(() => {
    if (state.step === 'invalid-code' || state.step === 'extension') return;
    const id = setTimeout(() => {
      loadAuth()
        .then((m) => m.prepareGuestAuth())
        .catch(() => {});
      loadCallStage().catch(() => {});
    }, 0);
    return () => clearTimeout(id);
  }, [state.step === 'invalid-code' || state.step === 'extension']);

  useEffect(() => {
    document.title = state.step === 'invalid-code' ? t('webTitle') : `${t('webTitle')} · ${pretty(state.code)}`;
  }, [state]);

  if (state.step === 'invalid-code') {
    return (
      <main class="web-room app">
        <Header />
        <section class="card" data-testid="web-invalid-code">
          <ErrorNote message={t('webInvalidCode')} />
        </section>
      </main>
    );
  }

  async function submitName(e: Event) {
    e.preventDefault();
    // The room's own rule for names (zod, loaded with the rest after the first paint, not before it).
    const { DisplayNameSchema } = await import('../../shared/schemas/peer-messages');
    const parsed = DisplayNameSchema.safeParse(name);
    if (!parsed.success) return dispatch({ type: 'name-invalid' });
    dispatch({ type: 'submit-name' });
    dropEarly();
    early.current = getLocalMedia({ audio: true, video: true }).catch(() => null);
    let signedIn: GuestUser;
    try {
      const { signInAsGuest } = await loadAuth();
      signedIn = await signInAsGuest(parsed.data);
    } catch {
      return dispatch({ type: 'sign-in-failed', error: { key: 'errGuestSignIn' } });
    }
    try {
      localStorage.setItem(GUEST_NAME_KEY, parsed.data);
    } catch {}
    setUser(signedIn);
    if (state.step !== 'invalid-code') dispatch(await checkRoom(signedIn, state.code, null));
  }

  return (
    <main class="web-room app" data-step={state.step}>
      <Header />
      {state.step === 'extension' && (
        <section class="card" data-testid="web-extension-choice">
          <h2>{t('webTitle')}</h2>
          <p>{t('webExtensionInstalled')}</p>
          <div id="chaekbang-extension-slot" data-testid="extension-slot" />
          <button type="button" data-testid="web-join-here" onClick={() => dispatch({ type: 'join-here' })}>
            {t('webJoinHere')}
          </button>
        </section>
      )}
      {state.step === 'name' && (
        <form class="card" data-testid="web-name" onSubmit={submitName} noValidate>
          <h2>{t('webTitle')}</h2>
          <p>{t('webIntro', pretty(state.code))}</p>
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
              aria-invalid={state.error !== null && 'key' in state.error && state.error.key === 'webNameRequired'}
              onInput={(e) => setName(e.currentTarget.value)}
            />
          </label>
          <p class="muted hint" id="web-name-hint">
            {t('webNameHint')}
          </p>
          <ErrorNote message={errorText(state.error)} />
          <button type="submit" class="primary" data-testid="web-continue" disabled={state.busy}>
            {state.busy ? t('webSigningIn') : t('webContinue')}
          </button>
        </form>
      )}
      {state.step === 'passcode' && user && (
        <PasscodeStep
          busy={state.busy}
          error={errorText(state.error)}
          onBack={() => dispatch({ type: 'back' })}
          onSubmit={async (passcode) => {
            dispatch({ type: 'submit-passcode' });
            dispatch(await checkRoom(user, state.code, passcode));
          }}
        />
      )}
      {(state.step === 'prejoin' || state.step === 'call') && user && (
        <CallStage state={state} user={user} name={name.trim()} dispatch={dispatch} takeEarly={takeEarly} />
      )}
      {state.step === 'left' && (
        <section class="card" data-testid="web-left">
          <p>{t('webLeft')}</p>
          <button type="button" class="primary" onClick={() => dispatch({ type: 'join-again' })}>
            {t('webJoinAgain')}
          </button>
        </section>
      )}
      {user && (state.step === 'call' || state.step === 'left') && (
        <AccountOffer user={user} name={name.trim()} onLinked={setUser} />
      )}
    </main>
  );
}

function Header() {
  return (
    <header class="app-header">
      <h1>{t('extName')}</h1>
    </header>
  );
}

function PasscodeStep({
  busy,
  error,
  onBack,
  onSubmit,
}: {
  busy: boolean;
  error: string | null;
  onBack(): void;
  onSubmit(passcode: string): void;
}) {
  const [passcode, setPasscode] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  return (
    <form
      class="card"
      data-testid="web-passcode"
      onSubmit={(e) => {
        e.preventDefault();
        if (passcode) onSubmit(passcode);
      }}
    >
      <h2>{t('webPasscodeTitle')}</h2>
      <p class="muted hint" id="web-passcode-hint">
        {t('webPasscodeHint')}
      </p>
      <label>
        {t('roomPasscode')}
        <input
          ref={input}
          name="passcode"
          type="password"
          value={passcode}
          maxLength={64}
          autoComplete="off"
          aria-describedby="web-passcode-hint"
          onInput={(e) => setPasscode(e.currentTarget.value)}
        />
      </label>
      <ErrorNote message={error} />
      <div class="row">
        <button type="button" onClick={onBack}>
          {t('prejoinBack')}
        </button>
        <button type="submit" class="primary" data-testid="web-passcode-submit" disabled={busy || !passcode}>
          {t('roomJoin')}
        </button>
      </div>
    </form>
  );
}

/** The camera check and the call, from their lazily loaded chunk. */
function CallStage(props: {
  state: Extract<WebRoomState, { step: 'prejoin' | 'call' }>;
  user: GuestUser;
  name: string;
  dispatch(e: WebRoomEvent): void;
  takeEarly(): Promise<MediaStream | null> | null;
}) {
  const [mod, setMod] = useState<typeof import('./call-stage') | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    loadCallStage().then(setMod, () => setFailed(true));
  }, []);
  if (failed) return <ErrorNote message={t('errServerUnreachable')} />;
  if (!mod)
    return (
      <p class="muted" role="status">
        {t('webCheckingRoom')}
      </p>
    );
  return <mod.WebCall {...props} />;
}

function AccountOffer({ user, name, onLinked }: { user: GuestUser; name: string; onLinked(user: GuestUser): void }) {
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(user.isAnonymous ? null : (user.email ?? ''));
  if (done !== null) {
    return (
      <section class="card" data-testid="web-account-done" role="status">
        <p>{t('webAccountDone', [done, user.displayName || name])}</p>
      </section>
    );
  }
  return (
    <section class="card web-account" data-testid="web-account">
      <h2>{t('webAccountTitle')}</h2>
      <p class="muted">{t('webAccountHint')}</p>
      {!open ? (
        <button type="button" data-testid="web-account-open" onClick={() => setOpen(true)}>
          {t('webAccountOpen')}
        </button>
      ) : (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            setBusy(true);
            setError(null);
            try {
              const { linkGuestAccount } = await loadAuth();
              const linked = await linkGuestAccount(user, email.trim(), password, name);
              setDone(linked.email ?? email.trim());
              onLinked(linked);
            } catch (err) {
              const { linkErrorKind } = await loadAuth();
              const kind = linkErrorKind(err);
              setError(
                t(
                  kind === 'exists'
                    ? 'webAccountExists'
                    : kind === 'weak-password'
                      ? 'errWeakPassword'
                      : kind === 'invalid-email'
                        ? 'errInvalidEmail'
                        : 'webAccountFailed',
                ),
              );
            } finally {
              setBusy(false);
            }
          }}
        >
          <label>
            {t('webAccountEmail')}
            <input
              name="email"
              type="email"
              autoComplete="email"
              value={email}
              required
              onInput={(e) => setEmail(e.currentTarget.value)}
            />
          </label>
          <label>
            {t('webAccountPassword')}
            <input
              name="password"
              type="password"
              autoComplete="new-password"
              minLength={8}
              value={password}
              required
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          </label>
          <ErrorNote message={error} />
          <button type="submit" class="primary" data-testid="web-account-create" disabled={busy}>
            {t('webAccountCreate')}
          </button>
        </form>
      )}
    </section>
  );
}
