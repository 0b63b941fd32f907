import { render } from 'preact';
import { EditorPage } from '../../features/board/editor-page';
import { t, uiLocale } from '../../i18n';
import '../sidepanel/style.css';

// The full-page editor for long writing (독후감 and long reviews): an unlisted extension page opened in a
// tab from the board or the shelf. It shares the side panel's session (Auth persists in IndexedDB).
document.documentElement.lang = uiLocale().startsWith('ko') ? 'ko' : 'en';
document.title = t('editorTitle');
const root = document.getElementById('app');
if (root) render(<EditorPage />, root);
