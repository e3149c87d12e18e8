// Failed sign-ins, counted per account and per source address in a sliding window.
// Past the limit, further attempts are refused (429) until the window moves on.
export interface ThrottleLimits {
  perAccount: number;
  perAddress: number;
  windowMs: number;
}

export class LoginThrottle {
  readonly #failures = new Map<string, number[]>();
  constructor(
    private readonly limits: ThrottleLimits = { perAccount: 5, perAddress: 20, windowMs: 15 * 60_000 },
    private readonly now: () => number = Date.now,
  ) {}

  #recent(key: string): number[] {
    const cutoff = this.now() - this.limits.windowMs;
    const list = (this.#failures.get(key) ?? []).filter((t) => t > cutoff);
    if (list.length) this.#failures.set(key, list);
    else this.#failures.delete(key);
    return list;
  }

  /** Seconds to wait, or 0 when an attempt is allowed. */
  retryAfter(account: string, address: string | null): number {
    const checks: Array<[string, number]> = [[`a:${account}`, this.limits.perAccount]];
    if (address) checks.push([`ip:${address}`, this.limits.perAddress]);
    let wait = 0;
    for (const [key, limit] of checks) {
      const recent = this.#recent(key);
      if (recent.length >= limit) wait = Math.max(wait, Math.ceil((recent[0]! + this.limits.windowMs - this.now()) / 1000));
    }
    return wait;
  }

  fail(account: string, address: string | null): void {
    for (const key of [`a:${account}`, address ? `ip:${address}` : undefined]) {
      if (!key) continue;
      const list = this.#recent(key);
      list.push(this.now());
      this.#failures.set(key, list.slice(-100));
    }
  }

  succeed(account: string): void {
    this.#failures.delete(`a:${account}`);
  }
}
