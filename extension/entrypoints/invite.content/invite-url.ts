import { normalizeRoomCode } from '../../../shared/room-code';

/**
 * Invite links: the peer-server serves the web room at `<peer-server URL>/r/<CODE>` (extension/features/room/
 * invite-link.ts writes them as `/r/ABC-DEF`). No Zod and no DOM here: wxt.config.ts builds the content
 * script's match pattern with it at build time, and the content script reads its page's URL with it.
 */

/** What the content script declares until wxt.config.ts puts the configured server's pattern in its place. */
export const INVITE_PLACEHOLDER_MATCH = 'https://invite.chaekbang.invalid/r/*';

/** The peer-server URL without a trailing slash, or null when it is not an http(s) URL. */
function base(peerServerUrl: string): URL | null {
  let url: URL;
  try {
    url = new URL(peerServerUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return url;
}

const prefixOf = (url: URL) => url.pathname.replace(/\/+$/, '');

/**
 * The match pattern for the configured server's invite pages. Match patterns cannot name a port, so the
 * pattern covers the host on every port; parseInviteUrl then checks the exact origin at run time.
 */
export function inviteMatches(peerServerUrl: string): string[] {
  const url = base(peerServerUrl);
  if (!url) throw new Error(`Not an http(s) peer-server URL: ${JSON.stringify(peerServerUrl)}`);
  return [`${url.protocol}//${url.hostname}${prefixOf(url)}/r/*`];
}

/**
 * The room code an invite page is for, or null when `href` is not an invite page of the configured server
 * (another origin or port, another path) or its code cannot be a room code. Never throws.
 */
export function parseInviteUrl(href: string, peerServerUrl: string): string | null {
  const server = base(peerServerUrl);
  if (!server || typeof href !== 'string' || href.length > 2048) return null;
  let page: URL;
  try {
    page = new URL(href);
  } catch {
    return null;
  }
  if (page.origin !== server.origin) return null;
  const prefix = `${prefixOf(server)}/r/`;
  if (!page.pathname.startsWith(prefix)) return null;
  const rest = page.pathname.slice(prefix.length).replace(/\/$/, '');
  if (!rest || rest.includes('/')) return null;
  let raw: string;
  try {
    raw = decodeURIComponent(rest);
  } catch {
    return null;
  }
  return normalizeRoomCode(raw);
}
