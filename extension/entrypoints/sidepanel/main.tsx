import { render } from 'preact';
import { App } from '../../features/app';
import { loadAuth } from '../../features/session';
import { uiLocale } from '../../i18n';
import './style.css';

// The shell's modules are loaded and evaluated here (marks for bench/panel.ts and the browser's profiler).
performance.mark('chaekbang:shell-evaluated');
// Firebase Auth (its own chunk) starts loading now, while the shell renders; the views load theirs on demand.
loadAuth().catch(() => {});
document.documentElement.lang = uiLocale().startsWith('ko') ? 'ko' : 'en';
const root = document.getElementById('app');
if (root) render(<App />, root);
performance.mark('chaekbang:shell-rendered');
