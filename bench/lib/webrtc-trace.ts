/**
 * A WebRTC trace for the room bench: installed in a page (the extension's panel or a plain floor page), it
 * records with absolute timestamps (performance.timeOrigin + performance.now(), comparable across the
 * browsers of one machine) what happens to each call: RTCPeerConnection created, offer/answer made and set,
 * PeerJS signaling frames sent and received (OFFER / ANSWER / CANDIDATE, by connection id), ICE and DTLS
 * state, the remote track, when a <video> gets the stream (srcObject) and play(), and the main thread's long
 * animation frames with the scripts that made them. Nothing in the extension changes: the bench wraps the
 * page's constructors and prototypes before the join.
 *
 * `callPhases` turns the joiner's and the answerer's events into a per-phase breakdown of one media call.
 */

/** Plain JS (tsx would wrap named inner functions in a `__name` helper the page does not have). Idempotent. */
export const TRACE = `(() => {
  if (window.__trace) return;
  const ev = [];
  const abs = () => performance.timeOrigin + performance.now();
  const push = (what, extra) => { ev.push({ at: abs(), what, ...(extra || {}) }); };
  window.__trace = { ev, loaf: [], long: [] };
  let nextPc = 0;
  const kindOf = (sdp) => (/\\bm=(audio|video)\\b/.test(sdp || '') ? 'media' : 'data');
  const Orig = window.RTCPeerConnection;
  if (Orig) {
    window.RTCPeerConnection = class extends Orig {
      constructor(...args) {
        const t = abs();
        super(...args);
        this.__pc = ++nextPc;
        this.__kind = null;
        const pc = this.__pc;
        push('pc', { pc, dur: abs() - t });
        this.addEventListener('iceconnectionstatechange', () => push('ice:' + this.iceConnectionState, { pc, kind: this.__kind }));
        this.addEventListener('connectionstatechange', () => push('conn:' + this.connectionState, { pc, kind: this.__kind }));
        this.addEventListener('track', (e) => push('track', { pc, kind: 'media', track: e.track.kind, stream: e.streams[0] && e.streams[0].id }));
        this.addEventListener('icecandidate', (e) => { if (e.candidate) push('candidate', { pc, kind: this.__kind }); });
      }
      addTrack(...args) { this.__kind = 'media'; return super.addTrack(...args); }
      async createOffer(...args) { const t = abs(); const r = await super.createOffer(...args); push('createOffer', { pc: this.__pc, kind: this.__kind || kindOf(r && r.sdp), start: t }); return r; }
      async createAnswer(...args) { const t = abs(); const r = await super.createAnswer(...args); push('createAnswer', { pc: this.__pc, kind: this.__kind || kindOf(r && r.sdp), start: t }); return r; }
      async setLocalDescription(d) { const t = abs(); if (d && d.sdp && !this.__kind) this.__kind = kindOf(d.sdp); const r = await super.setLocalDescription(d); push('setLocal:' + (d && d.type), { pc: this.__pc, kind: this.__kind, start: t }); return r; }
      async setRemoteDescription(d) { const t = abs(); if (d && d.sdp && !this.__kind) this.__kind = kindOf(d.sdp); const r = await super.setRemoteDescription(d); push('setRemote:' + (d && d.type), { pc: this.__pc, kind: this.__kind, start: t }); return r; }
    };
  }
  const frame = (dir, raw) => {
    try {
      const m = JSON.parse(typeof raw === 'string' ? raw : '');
      if (m && (m.type === 'OFFER' || m.type === 'ANSWER' || m.type === 'CANDIDATE')) {
        push(dir + ':' + m.type, { kind: m.payload && m.payload.type, conn: m.payload && m.payload.connectionId });
      }
    } catch {}
  };
  const WS = window.WebSocket;
  const send = WS.prototype.send;
  WS.prototype.send = function (data) { frame('sent', data); return send.call(this, data); };
  window.WebSocket = class extends WS {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => frame('recv', e.data));
    }
  };
  const desc = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'srcObject');
  if (desc && desc.set) {
    Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', {
      ...desc,
      set(v) { if (v && !this.muted) push('srcObject', { stream: v.id }); return desc.set.call(this, v); },
    });
  }
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function () {
    const s = this.srcObject;
    if (s && !this.muted) push('play', { stream: s.id });
    return play.call(this);
  };
  try {
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) {
        window.__trace.loaf.push({
          at: performance.timeOrigin + e.startTime,
          dur: e.duration,
          block: e.blockingDuration,
          render: e.renderStart ? Math.round(e.renderStart - e.startTime) : -1,
          style: e.styleAndLayoutStart ? Math.round(e.styleAndLayoutStart - e.startTime) : -1,
          scripts: (e.scripts || []).map((s) => ({
            dur: Math.round(s.duration),
            what: [s.invokerType, s.invoker, s.sourceFunctionName].filter(Boolean).join(' ').slice(0, 120),
            src: String(s.sourceURL || '').replace(/^.*\\//, '') + (s.sourceCharPosition >= 0 ? ':' + s.sourceCharPosition : ''),
          })),
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: false });
  } catch {}
})()`;

/** Events since an absolute time (ms since the epoch), read from a page the trace is installed in. */
export const READ_TRACE = `(since) => {
  const t = window.__trace;
  if (!t) return { ev: [], loaf: [] };
  return { ev: t.ev.filter((e) => e.at >= since), loaf: t.loaf.filter((e) => e.at + e.dur >= since) };
}`;

export type TraceEvent = {
  at: number;
  what: string;
  pc?: number;
  kind?: string | null;
  conn?: string;
  stream?: string;
  start?: number;
  dur?: number;
};
export type Loaf = {
  at: number;
  dur: number;
  block: number;
  /** ms from the frame's start to its rendering (renderStart), and to its style and layout; -1 when it had none. */
  render: number;
  style: number;
  scripts: { dur: number; what: string; src: string }[];
};
export type Trace = { ev: TraceEvent[]; loaf: Loaf[] };

/** The phases of one media call, in ms, each from the previous (NaN where an event was not seen). */
export type CallPhases = {
  /** Joiner: from the start (click / Peer created) until its media RTCPeerConnection exists. */
  toPc: number;
  /** Joiner: createOffer + setLocalDescription until the OFFER frame leaves. */
  offer: number;
  /** Signaling relay of the OFFER (joiner's send → answerer's receive). */
  offerRelay: number;
  /** Answerer: OFFER received → ANSWER sent (its app calls answer(), then setRemote/createAnswer/setLocal). */
  answer: number;
  /** Signaling relay of the ANSWER. */
  answerRelay: number;
  /** Joiner: ANSWER received → ICE connected. */
  ice: number;
  /** Joiner: ICE connected → DTLS connected (connectionState). */
  dtls: number;
  /** Joiner: connected → first remote frame. */
  frame: number;
  /** Joiner: remote track event → srcObject set on a <video> (the panel rendering the tile). */
  attach: number;
  /** Joiner: OFFER(data) sent before OFFER(media) by this much (negative: after). */
  dataFirst: number;
  /** Answerer: the OFFER(data) arrived this long before the OFFER(media), if it did. */
  answererDataLead: number;
};

const first = (ev: TraceEvent[], pred: (e: TraceEvent) => boolean) => ev.find(pred);

/**
 * The media call the joiner placed to one answerer after `startAbs`, matched across the two traces by its
 * PeerJS connection id. `frameOf` gives the joiner's first frame (absolute) of a remote stream id.
 */
export function callPhases(
  joiner: TraceEvent[],
  answerer: TraceEvent[],
  startAbs: number,
  frameOf: (streamId: string | undefined) => number | undefined,
): CallPhases {
  const j = joiner.filter((e) => e.at >= startAbs);
  const a = answerer.filter((e) => e.at >= startAbs - 50);
  const sentConns = new Set(j.filter((e) => e.what === 'sent:OFFER').map((e) => e.conn));
  const offerRecv = first(a, (e) => e.what === 'recv:OFFER' && e.kind === 'media' && sentConns.has(e.conn));
  const dataOfferRecv = first(a, (e) => e.what === 'recv:OFFER' && e.kind === 'data' && sentConns.has(e.conn));
  const conn = offerRecv?.conn;
  const offerIdx = j.findIndex((e) => e.what === 'sent:OFFER' && e.conn === conn);
  const offerSent = j[offerIdx];
  const dataOfferSent = dataOfferRecv ? first(j, (e) => e.what === 'sent:OFFER' && e.conn === dataOfferRecv.conn) : undefined;
  // The PeerJS frame leaves right after setLocalDescription resolves for its RTCPeerConnection.
  const mediaPc =
    offerIdx >= 0 ? j.slice(0, offerIdx).findLast((e) => e.what === 'setLocal:offer' && e.kind === 'media')?.pc : undefined;
  const answerSent = first(a, (e) => e.what === 'sent:ANSWER' && e.conn === conn);
  const answerRecv = first(j, (e) => e.what === 'recv:ANSWER' && e.conn === conn);
  const pcMade = first(j, (e) => e.what === 'pc' && e.pc === mediaPc);
  const ice = first(j, (e) => e.pc === mediaPc && (e.what === 'ice:connected' || e.what === 'ice:completed'));
  const dtls = first(j, (e) => e.pc === mediaPc && e.what === 'conn:connected');
  const track = first(j, (e) => e.pc === mediaPc && e.what === 'track');
  const attached = first(j, (e) => e.what === 'srcObject' && e.stream === track?.stream);
  const frameAbs = frameOf(track?.stream);
  const d = (x?: { at: number }, y?: { at: number }) => (x && y ? y.at - x.at : Number.NaN);
  return {
    toPc: d({ at: startAbs }, pcMade),
    offer: d(pcMade, offerSent),
    offerRelay: d(offerSent, offerRecv),
    answer: d(offerRecv, answerSent),
    answerRelay: d(answerSent, answerRecv),
    ice: d(answerRecv, ice),
    dtls: d(ice, dtls),
    frame: d(dtls, frameAbs === undefined ? undefined : { at: frameAbs }),
    attach: d(track, attached),
    dataFirst: d(dataOfferSent, offerSent),
    answererDataLead: d(dataOfferRecv, offerRecv),
  };
}

/** Long animation frames between two absolute times, with their heaviest scripts (for the diagnosis). */
export function loafSummary(loaf: Loaf[], fromAbs: number, toAbs: number, top = 3): { ms: number; scripts: string[] } {
  const inside = loaf.filter((l) => l.at < toAbs && l.at + l.dur > fromAbs);
  const scripts = inside
    .flatMap((l) => l.scripts)
    .sort((x, y) => y.dur - x.dur)
    .slice(0, top)
    .map((s) => `${s.dur}ms ${s.what} (${s.src})`);
  return { ms: inside.reduce((n, l) => n + l.dur, 0), scripts };
}
