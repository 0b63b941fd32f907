import { render } from 'preact';
import { keepFirestoreInMemory } from '../../data/firebase-app';
import { EditorPage } from '../../features/board/editor-page';
import { t, uiLocale } from '../../i18n';
import '../sidepanel/style.css';

// The full-page editor for long writing (독후감 and long reviews): an unlisted extension page opened in a
// tab from the board or the shelf. It shares the side panel's session (Auth persists in IndexedDB).
// Its own Firestore client with a memory cache, not a second tab of the panel's persistent one (see there).
keepFirestoreInMemory();
document.documentElement.lang = uiLocale().startsWith('ko') ? 'ko' : 'en';
document.title = t('editorTitle');
const root = document.getElementById('app');
if (root) render(<EditorPage />, root);
