import type { BrowserContext, Page } from 'playwright-core';

/**
 * Helpers for the relay and network-drop specs: see every RTCPeerConnection a panel makes (an init script
 * keeps them in `window.__chaekbangPcs`), read which candidate pair each one uses, and watch remote video.
 */

/** Keep every RTCPeerConnection the extension's pages create (before any of their scripts run). */
export async function capturePeerConnections(context: BrowserContext) {
  await context.addInitScript(() => {
    const w = window as unknown as { __chaekbangPcs?: RTCPeerConnection[]; RTCPeerConnection: typeof RTCPeerConnection };
    if (w.__chaekbangPcs) return;
    const pcs: RTCPeerConnection[] = [];
    w.__chaekbangPcs = pcs;
    const Native = w.RTCPeerConnection;
    // Every ICE and signalling state change, with its time and the connection's index (diagnostics).
    const log: string[] = [];
    (w as unknown as { __chaekbangPcLog: string[] }).__chaekbangPcLog = log;
    const Wrapped = function (this: unknown, config?: RTCConfiguration) {
      const pc = new Native(config);
      const n = pcs.length;
      pcs.push(pc);
      const note = (what: string) => log.push(`${Date.now()} pc${n} ${what}`);
      pc.addEventListener('iceconnectionstatechange', () => note(`ice ${pc.iceConnectionState}`));
      pc.addEventListener('signalingstatechange', () => note(`sig ${pc.signalingState}`));
      return pc;
    } as unknown as typeof RTCPeerConnection;
    // Signalling sockets opening and closing (diagnostics).
    const NativeWs = window.WebSocket;
    const WsWrapped = function (this: unknown, url: string | URL, protocols?: string | string[]) {
      const ws = new NativeWs(url, protocols);
      const n = String(url).includes('peerjs') ? 'ws' : 'ws?';
      log.push(`${Date.now()} ${n} new`);
      ws.addEventListener('open', () => log.push(`${Date.now()} ${n} open`));
      ws.addEventListener('close', (e) => log.push(`${Date.now()} ${n} close ${e.code}`));
      return ws;
    } as unknown as typeof WebSocket;
    WsWrapped.prototype = NativeWs.prototype;
    Object.setPrototypeOf(WsWrapped, NativeWs);
    window.WebSocket = WsWrapped;
    window.addEventListener('online', () => log.push(`${Date.now()} online-event`));
    window.addEventListener('offline', () => log.push(`${Date.now()} offline-event`));
    Wrapped.prototype = Native.prototype;
    Object.setPrototypeOf(Wrapped, Native);
    w.RTCPeerConnection = Wrapped;
  });
}

export type PairInfo = {
  policy: string | undefined;
  state: string;
  local: string | null;
  remote: string | null;
  /** The selected local candidate's address and port (a relay candidate's: the TURN server's relay port). */
  localAddress: string | null;
  localPort: number | null;
  /** Media (RTP) bytes received on this connection so far. */
  bytes: number;
};

/** For every open RTCPeerConnection of the page carrying media: its policy and the selected pair's candidate types. */
export async function selectedPairs(page: Page): Promise<PairInfo[]> {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { __chaekbangPcs?: RTCPeerConnection[] }).__chaekbangPcs ?? [];
    const out: PairInfo[] = [];
    for (const pc of pcs) {
      if (pc.connectionState === 'closed' || pc.getReceivers().length === 0) continue;
      const stats = await pc.getStats();
      const byId = new Map<string, Record<string, unknown>>();
      stats.forEach((s) => {
        byId.set(s.id, s as Record<string, unknown>);
      });
      let pairId: string | undefined;
      let bytes = 0;
      stats.forEach((s) => {
        if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId as string;
        if (s.type === 'inbound-rtp') bytes += Number(s.bytesReceived ?? 0);
      });
      const pair = pairId ? byId.get(pairId) : undefined;
      const local = pair ? byId.get(pair.localCandidateId as string) : undefined;
      const remote = pair ? byId.get(pair.remoteCandidateId as string) : undefined;
      out.push({
        policy: pc.getConfiguration().iceTransportPolicy,
        state: pc.iceConnectionState,
        local: (local?.candidateType as string | undefined) ?? null,
        remote: (remote?.candidateType as string | undefined) ?? null,
        localAddress: (local?.address as string | undefined) ?? null,
        localPort: (local?.port as number | undefined) ?? null,
        bytes,
      });
    }
    return out;
  });
}

/** Seconds of video decoded so far in every remote tile of a panel. */
export async function remoteVideoTimes(panel: Page): Promise<number[]> {
  return panel.$$eval('[data-testid="remote-video"]', (els) => els.map((v) => (v as HTMLVideoElement).currentTime));
}

/** Wait until the panel shows exactly `count` remote tiles, each with decoded video. */
export async function waitForRemoteTiles(panel: Page, count: number, timeout = 20_000) {
  await panel.waitForFunction(
    (n) => {
      const videos = [...document.querySelectorAll<HTMLVideoElement>('[data-testid="remote-video"]')];
      return (
        document.querySelectorAll('[data-testid="remote-tile"]').length === n &&
        videos.length === n &&
        videos.every((v) => v.readyState >= 2 && v.videoWidth > 0)
      );
    },
    count,
    { timeout },
  );
}

/** Every remote tile's video advances over `ms` (live, not frozen). */
export async function videoAdvances(panel: Page, ms = 1000): Promise<boolean> {
  const before = await remoteVideoTimes(panel);
  await panel.waitForTimeout(ms);
  const after = await remoteVideoTimes(panel);
  return before.length > 0 && after.length === before.length && after.every((t, i) => t > before[i]!);
}

/** Turn on "Always relay (strict networks)" from the profile, as a reader does. */
export async function enableAlwaysRelay(panel: Page) {
  await panel.getByTestId('nav-profile').click();
  const box = panel.getByTestId('always-relay');
  await box.waitFor();
  await panel.waitForFunction(() => !document.querySelector<HTMLInputElement>('[data-testid="always-relay"]')?.disabled);
  await box.check();
  await panel.getByTestId('call-settings-saved').waitFor();
}

/**
 * Gather ICE candidates in the page with ONLY this TURN server and relay policy: how many relay candidates
 * come back, and the errors the browser reports for the TURN server (401 when coturn refuses the credential).
 */
export async function gatherRelayCandidates(
  page: Page,
  server: { urls: string; username: string; credential: string },
): Promise<{ relay: number; errors: number[] }> {
  return page.evaluate(async (ice) => {
    const pc = new RTCPeerConnection({ iceServers: [ice], iceTransportPolicy: 'relay' });
    const errors: number[] = [];
    let relay = 0;
    pc.addEventListener('icecandidateerror', (e) => errors.push((e as RTCPeerConnectionIceErrorEvent).errorCode));
    pc.addEventListener('icecandidate', (e) => {
      if (e.candidate?.type === 'relay') relay += 1;
    });
    pc.createDataChannel('probe');
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 10_000);
      const check = () => {
        if (pc.iceGatheringState === 'complete') {
          clearTimeout(timer);
          resolve();
        }
      };
      pc.addEventListener('icegatheringstatechange', check);
      check();
    });
    pc.close();
    return { relay, errors };
  }, server);
}
