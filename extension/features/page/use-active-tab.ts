import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { type TabState, TabStateSchema, tabKey } from '../../utils/tab-state';

/** The active tab of the panel's window and what the background knows about it (live). */
export function useActiveTabState(): { tabId: number | null; state: TabState | null } {
  const [tabId, setTabId] = useState<number | null>(null);
  const [state, setState] = useState<TabState | null>(null);

  useEffect(() => {
    const refresh = async () => {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      setTabId(tab?.id ?? null);
    };
    refresh();
    const onActivated = () => refresh();
    const onUpdated = (_id: number, info: { status?: string }) => {
      if (info.status === 'complete') refresh();
    };
    browser.tabs.onActivated.addListener(onActivated);
    browser.tabs.onUpdated.addListener(onUpdated);
    return () => {
      browser.tabs.onActivated.removeListener(onActivated);
      browser.tabs.onUpdated.removeListener(onUpdated);
    };
  }, []);

  useEffect(() => {
    if (tabId === null) {
      setState(null);
      return;
    }
    const key = tabKey(tabId);
    const read = (value: unknown) => {
      const parsed = TabStateSchema.safeParse(value);
      setState(parsed.success ? parsed.data : null);
    };
    browser.storage.session.get(key).then((v) => read(v[key]));
    const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area === 'session' && key in changes) read(changes[key]?.newValue);
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, [tabId]);

  return { tabId, state };
}
