// Failed attempts, counted per account and per source address in a sliding window.
//
// Sign-in uses two separate verdicts, so that failures for other accounts never lock out
// a correct password (behind a proxy, or from a shared office address):
// - `accountWait`: a per-account backoff. The first `perAccount` failures in the window are
//   free; after that each further failure doubles the wait (from `backoffBaseMs`, capped at
//   the window), so guessing one account's password stays slow from any number of addresses.
// - `addressWait`: a per-address limit on failures only. Over it, a wrong password is
//   answered 429; a correct one still succeeds when its account is not backing off.
// `retryAfter` is the older all-in-one limit (enrollment codes use it).
export interface ThrottleLimits {
  perAccount: number;
  perAddress: number;
  windowMs: number;
  /** First backoff step once an account's free failures are used up (default 1 s). */
  backoffBaseMs?: number;
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

  /** Seconds the account must wait before its next attempt (its backoff), or 0. */
  accountWait(account: string): number {
    const recent = this.#recent(`a:${account}`);
    const over = recent.length - this.limits.perAccount;
    if (over < 0) return 0;
    const step = Math.min(this.limits.windowMs, (this.limits.backoffBaseMs ?? 1_000) * 2 ** Math.min(over, 30));
    const until = recent[recent.length - 1]! + step;
    return until > this.now() ? Math.ceil((until - this.now()) / 1000) : 0;
  }

  /** Seconds until the address is under its failure limit again, or 0. */
  addressWait(address: string | null): number {
    if (!address) return 0;
    const recent = this.#recent(`ip:${address}`);
    if (recent.length < this.limits.perAddress) return 0;
    return Math.max(1, Math.ceil((recent[recent.length - this.limits.perAddress]! + this.limits.windowMs - this.now()) / 1000));
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
