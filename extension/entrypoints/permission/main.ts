import { browser } from 'wxt/browser';
import { classifyMediaError, PERM_TEXT } from '../../features/room/media';
import '../sidepanel/style.css';

// The one place Chaekbang asks for camera and microphone: a tab can show the browser's prompt, the side
// panel cannot. Once allowed, the grant holds for the extension's origin and this tab closes itself.
const $ = (id: string) => document.getElementById(id) as HTMLElement;
const t = (key: Parameters<typeof browser.i18n.getMessage>[0]) => browser.i18n.getMessage(key);
document.documentElement.lang = browser.i18n.getUILanguage().startsWith('ko') ? 'ko' : 'en';
$('title').textContent = t('permPageTitle');
$('body').textContent = t(PERM_TEXT.page);
const retry = $('retry') as HTMLButtonElement;
retry.textContent = t('permPageRetry');

async function ask() {
  retry.hidden = true;
  $('status').textContent = '';
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true }).catch(async (err) => {
      // No camera: ask for the microphone alone.
      if (classifyMediaError(err) === 'no-device') return navigator.mediaDevices.getUserMedia({ audio: true });
      throw err;
    });
    for (const track of stream.getTracks()) track.stop();
    $('status').textContent = t('permPageGranted');
    setTimeout(() => window.close(), 600);
  } catch (err) {
    const problem = classifyMediaError(err);
    $('status').textContent = t(problem === 'denied' ? PERM_TEXT.denied : problem === 'no-device' ? 'permNoCamera' : 'permInUse');
    retry.hidden = false;
  }
}
retry.addEventListener('click', ask);
ask();
