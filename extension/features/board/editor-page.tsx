import type { User } from 'firebase/auth/web-extension';
import { useEffect, useRef, useState } from 'preact/hooks';
import { firebase } from '../../data/firebase-app';
import { t } from '../../i18n';
import { useSession } from '../session';
import { useReaderLevel } from '../use-level';
import { useProfile } from '../use-profile';
import { useMyClubs, useShelf } from './board-hooks';
import { clearDraft, lastDraftKey, loadDraft, saveDraft } from './drafts';
import { emptyForm, type FormState, PostForm } from './post-form';
import './board.css';

/** The editor page: the draft from storage.local (kept on every keystroke), the post form at full width. */
export function EditorPage() {
  const session = useSession();
  const [form, setForm] = useState<FormState | null>(null);
  const key = useRef<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [published, setPublished] = useState(false);

  useEffect(() => {
    const wanted = new URLSearchParams(location.search).get('draft');
    (async () => {
      const k = wanted ?? (await lastDraftKey());
      const draft = k ? await loadDraft(k) : null;
      key.current = draft ? k : null;
      setForm(draft ?? emptyForm({ kind: 'essay' }));
    })().catch(() => setForm(emptyForm({ kind: 'essay' })));
  }, []);

  // Keep the draft as the reader types (debounced a little, and at once when the tab is hidden or
  // closed): closing the tab loses nothing. "Saved" shows only once the latest text is stored.
  const latest = useRef<FormState | null>(null);
  latest.current = form;
  useEffect(() => {
    if (!form || published) return;
    const save = () =>
      saveDraft(form, key.current)
        .then((k) => {
          key.current = k;
          if (latest.current === form) setSaved(true);
        })
        .catch(() => setSaved(false));
    const timer = setTimeout(save, 150);
    const flush = () => {
      clearTimeout(timer);
      void save();
    };
    addEventListener('pagehide', flush);
    return () => {
      clearTimeout(timer);
      removeEventListener('pagehide', flush);
    };
  }, [form, published]);

  return (
    <main class="app editor-page" data-testid="editor-page">
      <header class="app-header">
        <h1>{t('editorHeading')}</h1>
      </header>
      {session.status === 'loading' || form === null ? (
        <p class="muted">{t('loading')}</p>
      ) : session.status === 'signed-out' ? (
        <p class="notice" data-testid="editor-signed-out">
          {t('editorSignedOut')}
        </p>
      ) : published ? (
        <section class="card">
          <p role="status" data-testid="editor-published">
            {t('editorPublished')}
          </p>
          <button
            type="button"
            onClick={() => {
              setPublished(false);
              setForm(emptyForm({ kind: 'essay' }));
            }}
          >
            {t('editorNewPost')}
          </button>
        </section>
      ) : (
        <EditorForm
          user={session.user}
          form={form}
          onChange={(next) => {
            setSaved(false);
            setForm(next);
          }}
          saved={saved}
          onPublished={() => {
            const k = key.current;
            key.current = null;
            setPublished(true);
            if (k) void clearDraft(k);
          }}
          onDiscard={() => {
            const k = key.current;
            key.current = null;
            if (k) void clearDraft(k);
            setForm(emptyForm({ kind: form.kind, isbn13: form.isbn13 }));
          }}
        />
      )}
    </main>
  );
}

function EditorForm({
  user,
  form,
  onChange,
  saved,
  onPublished,
  onDiscard,
}: {
  user: User;
  form: FormState;
  onChange(next: FormState): void;
  saved: boolean;
  onPublished(): void;
  onDiscard(): void;
}) {
  const { db } = firebase();
  const profile = useProfile(user.uid);
  const level = useReaderLevel(user.uid);
  const shelf = useShelf(db, user.uid);
  const clubs = useMyClubs(db, user.uid);
  const author = profile ? { uid: user.uid, name: profile.displayName, level: level ?? 1 } : null;
  return (
    <section class="card" aria-labelledby="editor-form-heading">
      <h2 id="editor-form-heading" class="visually-hidden">
        {t('editorHeading')}
      </h2>
      <PostForm
        db={db}
        author={author}
        shelf={shelf}
        clubs={clubs}
        value={form}
        onChange={onChange}
        onPublished={onPublished}
        wide
      />
      <p class="muted" role="status" data-testid="editor-saved">
        {saved ? t('editorDraftSaved') : ''}
      </p>
      <button type="button" class="link" data-testid="editor-discard" onClick={onDiscard}>
        {t('editorDiscard')}
      </button>
    </section>
  );
}
