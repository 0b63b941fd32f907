/**
 * The room server's clock as this panel estimates it. Every rooms API answer that carries the server's `now`
 * is a sample: the request left at `sentAt` and the answer came back at `receivedAt` (this machine's clock),
 * so the server read its clock somewhere in between. Assuming the middle (NTP's estimate) the offset is
 * `now - (sentAt + receivedAt) / 2`, wrong by at most half the round trip whatever the split between the two
 * directions. The sample with the shortest round trip among the recent ones is kept: its error bound is the
 * smallest. Skew of this machine's clock (minutes, hours) cancels out entirely.
 */
export type ClockSample = { sentAt: number; receivedAt: number; serverNow: number };

/** Offset (server − local) and its error bound (half the round trip) for one sample. */
export function offsetOf(sample: ClockSample): { offsetMs: number; errorMs: number } {
  const rtt = Math.max(0, sample.receivedAt - sample.sentAt);
  return { offsetMs: sample.serverNow - (sample.sentAt + sample.receivedAt) / 2, errorMs: rtt / 2 };
}

/** How many recent samples are kept (an old sample's round trip says nothing of today's network). */
export const CLOCK_SAMPLES_KEPT = 8;

export class ServerClock {
  private samples: ClockSample[] = [];

  constructor(private readonly local: () => number = () => Date.now()) {}

  /** Time a request to the server: call `request`, which resolves with the server's `now`. */
  async measure<T>(request: () => Promise<T>, serverNowOf: (result: T) => number | undefined): Promise<T> {
    const sentAt = this.local();
    const result = await request();
    const receivedAt = this.local();
    const serverNow = serverNowOf(result);
    if (typeof serverNow === 'number' && Number.isFinite(serverNow)) this.add({ sentAt, receivedAt, serverNow });
    return result;
  }

  add(sample: ClockSample) {
    if (!(sample.receivedAt >= sample.sentAt)) return; // this machine's clock jumped back mid-request
    this.samples = [...this.samples, sample].slice(-CLOCK_SAMPLES_KEPT);
  }

  /** The best sample's estimate, or null before the first. */
  get estimate(): { offsetMs: number; errorMs: number } | null {
    let best: { offsetMs: number; errorMs: number } | null = null;
    for (const s of this.samples) {
      const e = offsetOf(s);
      if (!best || e.errorMs < best.errorMs) best = e;
    }
    return best;
  }

  get synced(): boolean {
    return this.samples.length > 0;
  }

  /** The server's time now, as best known (this machine's clock until the first sample). */
  now(): number {
    return this.local() + (this.estimate?.offsetMs ?? 0);
  }
}

/** Milliseconds left until `endsAt` (server time) at server time `serverNow`; never negative. */
export function remainingMs(endsAt: number, serverNow: number): number {
  return Math.max(0, endsAt - serverNow);
}

/** "mm:ss" (or "h:mm:ss"), rounding up so "0:00" shows only at the very end. */
export function formatCountdown(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
