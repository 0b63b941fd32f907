import type { Clock } from './clock';

export type CircuitOptions = {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** First open period; doubles on each failed trial, up to `maxOpenMs`. */
  openMs: number;
  maxOpenMs: number;
};

export const DEFAULT_CIRCUIT: CircuitOptions = { failureThreshold: 5, openMs: 30_000, maxOpenMs: 10 * 60_000 };

/**
 * One breaker per source. Closed: calls go through and consecutive failures are counted. Open: calls are
 * refused until `retryAt`. Then half-open: one trial call goes through; success closes the circuit, failure
 * opens it again for twice as long. A `Retry-After` from the source opens it at once until then (at least).
 */
export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;
  private openFor: number;
  private trialInFlight = false;

  constructor(
    private readonly clock: Clock,
    private readonly options: CircuitOptions = DEFAULT_CIRCUIT,
  ) {
    this.openFor = options.openMs;
  }

  get state(): 'closed' | 'open' | 'half-open' {
    if (this.openUntil === 0) return 'closed';
    return this.clock.now() < this.openUntil ? 'open' : 'half-open';
  }

  /** When an open circuit lets a trial through (epoch ms), or null when closed. */
  get retryAt(): number | null {
    return this.openUntil === 0 ? null : this.openUntil;
  }

  /** Whether a call may go now. In half-open state only one trial at a time. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  success(): void {
    this.failures = 0;
    this.openUntil = 0;
    this.openFor = this.options.openMs;
    this.trialInFlight = false;
  }

  /** A failed call; `retryAfterMs` (from a 429/503) holds the circuit open at least that long. */
  failure(retryAfterMs?: number | null): void {
    const wasTrial = this.trialInFlight;
    this.trialInFlight = false;
    this.failures += 1;
    const now = this.clock.now();
    if (retryAfterMs !== undefined && retryAfterMs !== null && retryAfterMs > 0) {
      this.openUntil = Math.max(this.openUntil, now + retryAfterMs);
      return;
    }
    if (wasTrial) {
      this.openFor = Math.min(this.openFor * 2, this.options.maxOpenMs);
      this.openUntil = now + this.openFor;
    } else if (this.failures >= this.options.failureThreshold) {
      this.openUntil = now + this.openFor;
    }
  }

  /** A call that neither failed nor succeeded as far as health goes (e.g. refused by our own quota). */
  release(): void {
    this.trialInFlight = false;
  }
}
