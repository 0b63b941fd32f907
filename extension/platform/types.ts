/** The part of a `browser.storage` area the room uses (the web room backs it with `sessionStorage`). */
export type StorageArea = {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
};

export type Platform = {
  /** `extension`: a page of the extension (side panel, permission page); `web`: the web room at /r/<CODE>. */
  kind: 'extension' | 'web';
  /** A message of the locale catalogue, with `$1`… substitutions, as `browser.i18n.getMessage` does ('' if unknown). */
  message(key: string, substitutions?: string | string[]): string;
  /** The UI language ("ko", "en-US"…), for dates and numbers. */
  uiLanguage(): string;
  /** Where the last room is kept for a "rejoin" offer (in memory for this browsing session); null: nowhere. */
  sessionArea(): StorageArea | null;
  /**
   * Where this page cannot show the camera/microphone prompt itself (a Chrome side panel), opens a page that can;
   * null where `getUserMedia` prompts in place (an ordinary tab: the web room).
   */
  openPermissionPage: (() => void) | null;
};
