import { render } from 'preact';
import { App } from '../../features/app';
import { uiLocale } from '../../i18n';
import './style.css';

document.documentElement.lang = uiLocale().startsWith('ko') ? 'ko' : 'en';
const root = document.getElementById('app');
if (root) render(<App />, root);
