import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import type { DetectedBook } from '../../../shared/schemas/detected-book';
import { config } from '../../data/config';
import { startMeetingNotifications } from '../../features/clubs/meeting-notifications';
import { backgroundProtocol } from '../../messaging/background-protocol';
import { contentProtocol } from '../../messaging/content-protocol';
import { type BookAction, PENDING_ACTION_KEY, type PendingAction } from '../../utils/book-action';
import { PENDING_INVITE_KEY, type PendingInvite } from '../../utils/invite-handoff';
import { type TabState, tabKey } from '../../utils/tab-state';
import { BOOK_SITE_MATCHES, OPAC_MATCHES } from '../book.content/matches';
import { parseInviteUrl } from '../invite.content/invite-url';

type ChromeSidePanel = {
  setPanelBehavior(o: object): Promise<void>;
  open(o: { tabId?: number; windowId?: number }): Promise<void>;
};
type FirefoxSidebar = { toggle(): Promise<void>; open(): Promise<void> };

// The background routes messages and holds per-tab state in storage.session. It never runs Firestore.
export default defineBackground(() => {
  const chromeSidePanel = (globalThis as { chrome?: { sidePanel?: ChromeSidePanel } }).chrome?.sidePanel;
  const firefoxSidebar = (browser as unknown as { sidebarAction?: FirefoxSidebar }).sidebarAction;

  // Chrome: the toolbar button opens the side panel. Firefox: it toggles the sidebar.
  if (chromeSidePanel) chromeSidePanel.setPanelBehavior({ openPanelOnActionClick: true }).catch(() => {});
  else browser.action.onClicked.addListener(() => firefoxSidebar?.toggle().catch(() => {}));

  /** Open the panel. Must run synchronously inside the handler of a user gesture (click, menu). */
  function openPanel(tabId: number | undefined, windowId: number | undefined): Promise<boolean> {
    try {
      const opening = chromeSidePanel
        ? chromeSidePanel.open(tabId !== undefined ? { tabId } : { windowId: windowId ?? -2 })
        : (firefoxSidebar?.open() ?? Promise.reject(new Error('no sidebar')));
      return opening.then(
        () => true,
        () => false,
      );
    } catch {
      return Promise.resolve(false);
    }
  }

  async function saveTab(tabId: number, patch: Omit<TabState, 'tabId' | 'updatedAt'>) {
    const state: TabState = { tabId, ...patch, updatedAt: Date.now() };
    await browser.storage.session.set({ [tabKey(tabId)]: state });
    return state;
  }

  async function readTab(tabId: number): Promise<TabState | undefined> {
    const key = tabKey(tabId);
    return (await browser.storage.session.get(key))[key] as TabState | undefined;
  }

  async function queueAction(action: BookAction, book: DetectedBook, tabId: number | null): Promise<string> {
    const pending: PendingAction = { id: crypto.randomUUID(), action, book, tabId, at: Date.now() };
    await browser.storage.session.set({ [PENDING_ACTION_KEY]: pending });
    return pending.id;
  }

  backgroundProtocol.handle({
    async pageVisited({ url, site }, sender) {
      const tabId = sender.tab?.id;
      if (tabId === undefined) throw new Error('pageVisited must come from a tab');
      const previous = await readTab(tabId);
      await saveTab(tabId, { url, site, book: previous?.url === url ? previous.book : null });
      return null;
    },
    async bookDetected({ url, book }, sender) {
      const tabId = sender.tab?.id;
      if (tabId === undefined) throw new Error('bookDetected must come from a tab');
      const previous = await readTab(tabId);
      await saveTab(tabId, { url, site: book?.site ?? previous?.site ?? null, book });
      await browser.action.setBadgeText({ tabId, text: book ? '책' : '' });
      if (book) await browser.action.setBadgeBackgroundColor({ tabId, color: '#7a4b2a' });
      await browser.action.setTitle({
        tabId,
        title: book ? `${browser.i18n.getMessage('extName')}: ${book.title}` : browser.i18n.getMessage('actionTitle'),
      });
      return null;
    },
    requestBookAction({ action, book }, sender) {
      const tabId = sender.tab?.id ?? null;
      // The click's user gesture is only good synchronously: open the panel before any await.
      const opened = openPanel(tabId ?? undefined, sender.tab?.windowId);
      return queueAction(action, book, tabId).then(async (id) => ({ id, panelOpened: await opened }));
    },
    openInvite({ code }, sender) {
      // Only our peer-server's invite page for that very code may ask (not any page that can message us).
      if (!sender.tab || parseInviteUrl(sender.url ?? sender.tab.url ?? '', config.peerServerUrl) !== code) {
        return Promise.reject(new Error('openInvite must come from an invite page for that room'));
      }
      // The click's user gesture is only good synchronously: open the panel before any await.
      const opened = openPanel(sender.tab.id, sender.tab.windowId);
      const handoff: PendingInvite = { code, at: Date.now() };
      return browser.storage.session.set({ [PENDING_INVITE_KEY]: handoff }).then(async () => {
        if (await opened) return { openedIn: 'side-panel' as const };
        // Refused (no user gesture left, or no side panel here): the panel in a tab next to the invite page.
        await browser.tabs.create({
          url: browser.runtime.getURL(`/sidepanel.html#join=${code}`),
          ...(sender.tab?.index !== undefined ? { index: sender.tab.index + 1 } : {}),
          ...(sender.tab?.windowId !== undefined ? { windowId: sender.tab.windowId } : {}),
        });
        return { openedIn: 'tab' as const };
      });
    },
    async bookActionDone({ tabId, status, detail }) {
      if (tabId !== null) {
        const pending = (await browser.storage.session.get(PENDING_ACTION_KEY))[PENDING_ACTION_KEY] as PendingAction | undefined;
        await contentProtocol
          .sendToTab(tabId, 'bookActionResult', { action: pending?.action ?? null, status, ...(detail ? { detail } : {}) })
          .catch(() => {});
      }
      return null;
    },
  });

  // Context menu: share / add on the supported sites; "find the book" anywhere (activeTab, on demand).
  const menus = [
    {
      id: 'chaekbang-share',
      title: browser.i18n.getMessage('menuShare'),
      documentUrlPatterns: [...BOOK_SITE_MATCHES, ...OPAC_MATCHES],
    },
    {
      id: 'chaekbang-shelf',
      title: browser.i18n.getMessage('menuShelf'),
      documentUrlPatterns: [...BOOK_SITE_MATCHES, ...OPAC_MATCHES],
    },
    { id: 'chaekbang-find', title: browser.i18n.getMessage('menuFind'), documentUrlPatterns: ['http://*/*', 'https://*/*'] },
  ];
  browser.runtime.onInstalled.addListener(async () => {
    await browser.contextMenus.removeAll();
    for (const m of menus) browser.contextMenus.create({ ...m, contexts: ['page'] });
  });

  browser.contextMenus.onClicked.addListener((info, tab) => {
    const tabId = tab?.id;
    if (tabId === undefined) return;
    const menuId = String(info.menuItemId);
    if (menuId === 'chaekbang-find') {
      injectDetection(tabId).catch(() => {});
      return;
    }
    openPanel(tabId, tab?.windowId);
    const action: BookAction = menuId === 'chaekbang-share' ? 'share' : 'shelf';
    (async () => {
      let state = await readTab(tabId);
      if (!state?.book) {
        await injectDetection(tabId);
        state = await readTab(tabId);
      }
      if (state?.book) await queueAction(action, state.book, tabId);
    })().catch(() => {});
  });

  // Club meeting reminders (issue 11): alarms from the panel's stored schedule; a click joins the room.
  startMeetingNotifications(() => openPanel(undefined, undefined));

  browser.tabs.onRemoved.addListener((tabId) => {
    browser.storage.session.remove(tabKey(tabId)).catch(() => {});
  });
});

/**
 * Run the book content script in a tab on demand (context menu or side panel, under activeTab). It reports
 * through bookDetected like the declared content script; injecting twice only re-runs detection.
 */
export async function injectDetection(tabId: number): Promise<void> {
  await browser.scripting.executeScript({ target: { tabId }, files: ['/content-scripts/book.js'] });
  await new Promise((r) => setTimeout(r, 300));
}
