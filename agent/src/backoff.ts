// Reconnect delays: exponential growth with "full jitter" in the upper half, capped, and
// reset once a connection has stayed up long enough.
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** A connection that stayed up this long resets the delay. */
  stableAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1_000, maxMs: 60_000, factor: 2, stableAfterMs: 60_000 };

export class Backoff {
  private attempt = 0;

  constructor(
    private readonly options: BackoffOptions = DEFAULT_BACKOFF,
    private readonly random: () => number = Math.random,
  ) {}

  /** The ceiling of the next delay, before jitter. */
  ceiling(): number {
    return Math.min(this.options.maxMs, this.options.initialMs * this.options.factor ** this.attempt);
  }

  /** Next delay: uniformly in [ceiling/2, ceiling]; each call raises the ceiling until the cap. */
  next(): number {
    const ceiling = this.ceiling();
    this.attempt = Math.min(this.attempt + 1, 30);
    const r = Math.min(Math.max(this.random(), 0), 1);
    return Math.round(ceiling / 2 + (r * ceiling) / 2);
  }

  /** Called when a connection closes after having been up `upMs`. */
  connectionEnded(upMs: number): void {
    if (upMs >= this.options.stableAfterMs) this.attempt = 0;
  }

  reset(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }
}
