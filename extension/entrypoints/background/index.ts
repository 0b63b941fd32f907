import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { backgroundProtocol } from '../../messaging/background-protocol';
import { type TabState, tabKey } from '../../utils/tab-state';

// The background routes messages and holds per-tab state in storage.session. It never runs Firestore.
export default defineBackground(() => {
  // Chrome: the toolbar button opens the side panel. Firefox: it toggles the sidebar.
  const chromeSidePanel = (globalThis as { chrome?: { sidePanel?: { setPanelBehavior(o: object): Promise<void> } } }).chrome
    ?.sidePanel;
  if (chromeSidePanel) {
    chromeSidePanel.setPanelBehavior({ openPanelOnActionClick: true }).catch(() => {});
  } else {
    const sidebar = (browser as unknown as { sidebarAction?: { toggle(): Promise<void> } }).sidebarAction;
    browser.action.onClicked.addListener(() => {
      sidebar?.toggle().catch(() => {});
    });
  }

  async function saveTab(tabId: number, patch: Omit<TabState, 'tabId' | 'updatedAt'>) {
    const state: TabState = { tabId, ...patch, updatedAt: Date.now() };
    await browser.storage.session.set({ [tabKey(tabId)]: state });
    return state;
  }

  backgroundProtocol.handle({
    async pageVisited({ url, site }, sender) {
      const tabId = sender.tab?.id;
      if (tabId === undefined) throw new Error('pageVisited must come from a tab');
      await saveTab(tabId, { url, site, book: null });
      return null;
    },
    async bookDetected({ url, book }, sender) {
      const tabId = sender.tab?.id;
      if (tabId === undefined) throw new Error('bookDetected must come from a tab');
      const key = tabKey(tabId);
      const previous = (await browser.storage.session.get(key))[key] as TabState | undefined;
      await saveTab(tabId, { url, site: book?.site ?? previous?.site ?? null, book });
      await browser.action.setBadgeText({ tabId, text: book ? '1' : '' });
      if (book) await browser.action.setBadgeBackgroundColor({ tabId, color: '#7a4b2a' });
      return null;
    },
  });

  browser.tabs.onRemoved.addListener((tabId) => {
    browser.storage.session.remove(tabKey(tabId)).catch(() => {});
  });
});
