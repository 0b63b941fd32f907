import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatEntry } from '../../../shared/schemas/peer-messages';
import { t, uiLocale } from '../../i18n';

export function ChatPanel({
  lines,
  selfPeerId,
  onSend,
}: {
  lines: ChatEntry[];
  selfPeerId: string | null;
  onSend(text: string): void;
}) {
  const [draft, setDraft] = useState('');
  const listRef = useRef<HTMLOListElement>(null);
  useEffect(() => {
    listRef.current?.scrollTo({ top: listRef.current.scrollHeight });
  }, [lines.length]);
  return (
    <section class="chat" aria-label={t('roomChat')}>
      <ol class="chat-lines" ref={listRef} data-testid="chat-lines" aria-live="polite">
        {lines.length === 0 && <li class="muted">{t('roomChatEmpty')}</li>}
        {lines.map((line) => (
          <li key={line.id} class={line.from === selfPeerId ? 'mine' : undefined} data-testid="chat-line">
            <span class="chat-from">{line.fromName}</span>
            <span class="chat-text">{line.text}</span>
            <time class="muted small">
              {new Date(line.sentAt).toLocaleTimeString(uiLocale(), { hour: '2-digit', minute: '2-digit' })}
            </time>
          </li>
        ))}
      </ol>
      <form
        class="chat-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!draft.trim()) return;
          onSend(draft);
          setDraft('');
        }}
      >
        <input
          name="chat"
          value={draft}
          maxLength={500}
          placeholder={t('roomChatPlaceholder')}
          aria-label={t('roomChatPlaceholder')}
          onInput={(e) => setDraft(e.currentTarget.value)}
        />
        <button type="submit" data-testid="chat-send">
          {t('roomSend')}
        </button>
      </form>
    </section>
  );
}
