import { config } from '../../data/config';

/** The invite link: the web room the peer-server serves at /r/<CODE> (opens in any browser; the extension offers its side panel). */
export function inviteLink(code: string, base: string = config.peerServerUrl): string {
  return `${base.replace(/\/+$/, '')}/r/${code.slice(0, 3)}-${code.slice(3)}`;
}
