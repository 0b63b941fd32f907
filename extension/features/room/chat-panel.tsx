import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { type ChatEntry, PEER_MESSAGE_LIMITS } from '../../../shared/schemas/peer-messages';
import { withinLimit } from '../../components/char-count';
import { CharCounter } from '../../components/char-counter';
import { t, uiLocale } from '../../i18n';

/** The longest chat line: the peer message schema's limit, which the room engine also holds to. */
export const CHAT_MAX = PEER_MESSAGE_LIMITS.chatText;

export function ChatPanel({
  lines,
  selfPeerId,
  onSend,
  extra,
}: {
  lines: ChatEntry[];
  selfPeerId: string | null;
  onSend(text: string): void;
  /** More list items after the lines (the reading sprint's results cards). */
  extra?: ComponentChildren;
}) {
  const [draft, setDraft] = useState('');
  const listRef = useRef<HTMLOListElement>(null);
  useEffect(() => {
    listRef.current?.scrollTo({ top: listRef.current.scrollHeight });
  }, [lines.length]);
  // Nothing is cut: a draft past the limit stays as typed, the counter says by how much, and Send waits.
  const fits = withinLimit(draft.trim(), CHAT_MAX);
  return (
    <section class="chat" aria-label={t('roomChat')}>
      <ol class="chat-lines" ref={listRef} data-testid="chat-lines" aria-live="polite">
        {lines.length === 0 && !extra && <li class="muted">{t('roomChatEmpty')}</li>}
        {lines.map((line) => (
          <li key={line.id} class={line.from === selfPeerId ? 'mine' : undefined} data-testid="chat-line">
            <span class="chat-from">{line.fromName}</span>
            <span class="chat-text">{line.text}</span>
            <time class="muted small" dateTime={new Date(line.sentAt).toISOString()}>
              {new Date(line.sentAt).toLocaleTimeString(uiLocale(), { hour: '2-digit', minute: '2-digit' })}
            </time>
          </li>
        ))}
        {extra}
      </ol>
      <form
        class="chat-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!draft.trim() || !fits) return;
          onSend(draft);
          setDraft('');
        }}
      >
        <div class="chat-entry">
          <input
            name="chat"
            value={draft}
            placeholder={t('roomChatPlaceholder')}
            aria-label={t('roomChatPlaceholder')}
            aria-describedby="chat-count"
            aria-invalid={!fits}
            autoComplete="off"
            onInput={(e) => setDraft(e.currentTarget.value)}
          />
          <button type="submit" data-testid="chat-send" disabled={!fits}>
            {t('roomSend')}
          </button>
        </div>
        <CharCounter id="chat-count" value={draft.trim()} max={CHAT_MAX} />
      </form>
    </section>
  );
}
