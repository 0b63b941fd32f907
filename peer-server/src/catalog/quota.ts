import type { SharedCounter } from '../cluster/shared-counter';
import type { Clock } from './clock';

/** A token bucket: `ratePerSecond` refill, `burst` capacity. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly clock: Clock,
    readonly ratePerSecond: number,
    readonly burst: number = Math.max(1, Math.ceil(ratePerSecond)),
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
    this.last = now;
  }

  /** Take a token, if one is there with `keep` more left over (background work keeps a reserve for readers). */
  tryTake(keep = 0): boolean {
    this.refill();
    if (this.tokens < 1 + keep) return false;
    this.tokens -= 1;
    return true;
  }

  /**
   * What background work (record verification, list warming) leaves for readers' own requests: half the burst.
   * None for a bucket of one (Open Library's 1 request/s): there background work takes turns with readers.
   */
  get reserve(): number {
    return this.burst >= 2 ? this.burst / 2 : 0;
  }
}

const KST_OFFSET_MS = 9 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/**
 * Calls a day against a published quota, counted per Korean calendar day (the sources reset at KST
 * midnight). It stops at `stopRatio` of the limit (90 %) so the last 10 % stay for retries and other tools
 * sharing the key, and the catalog falls back to the next source.
 */
export class DailyCounter {
  private day: number;
  private count = 0;
  /**
   * `shared`: count in the cluster's shared counter under `${key}:${day}` (every node's calls against one key
   * count toward one quota); without it, in this process only.
   */
  constructor(
    private readonly clock: Clock,
    readonly limit: number | null,
    readonly stopRatio = 0.9,
    private readonly shared?: { counter: SharedCounter; key: string },
  ) {
    this.day = this.today();
  }

  private sharedKey(): string {
    return `${this.shared?.key}:${this.day}`;
  }

  private today(): number {
    return Math.floor((this.clock.now() + KST_OFFSET_MS) / DAY_MS);
  }

  private roll(): void {
    const today = this.today();
    if (today !== this.day) {
      this.day = today;
      this.count = 0;
    }
  }

  get stopAt(): number | null {
    return this.limit === null ? null : Math.floor(this.limit * this.stopRatio);
  }

  get used(): number {
    this.roll();
    return this.shared ? this.shared.counter.get(this.sharedKey()) : this.count;
  }

  get exhausted(): boolean {
    const stop = this.stopAt;
    return stop !== null && this.used >= stop;
  }

  /** Count one call if the day still has room. */
  tryCount(): boolean {
    if (this.exhausted) return false;
    if (this.shared) this.shared.counter.add(this.sharedKey(), 1, 2 * DAY_MS);
    else this.count += 1;
    return true;
  }
}
