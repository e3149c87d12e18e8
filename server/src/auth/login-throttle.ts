// Failed attempts, counted per account and per source address in a sliding window. The
// failures are rows in the database every node shares (sign_in_failures), so the limits
// hold across the cluster: an attacker spreading guesses over the nodes behind a load
// balancer meets the same backoff as one hitting a single node.
//
// Sign-in uses two separate verdicts, so that failures for other accounts never lock out
// a correct password (behind a proxy, or from a shared office address):
// - `accountWait`: a per-account backoff. The first `perAccount` failures in the window are
//   free; after that each further failure doubles the wait (from `backoffBaseMs`, capped at
//   the window), so guessing one account's password stays slow from any number of addresses.
// - `addressWait`: a per-address limit on failures only. Over it, a wrong password is
//   answered 429; a correct one still succeeds when its account is not backing off.
// `retryAfter` is the older all-in-one limit (enrollment codes use it).
//
// Each throttle has a `scope` of its own (sign-in, enrollment): their keys never mix.
// Failures older than the window are deleted in bounded batches, at most once a minute
// per node, when a failure is recorded.
import type { SignInFailuresRepository } from '../repositories/sign-in-failures.repository.ts';

export interface ThrottleLimits {
  perAccount: number;
  perAddress: number;
  windowMs: number;
  /** First backoff step once an account's free failures are used up (default 1 s). */
  backoffBaseMs?: number;
}

export const DEFAULT_THROTTLE: ThrottleLimits = { perAccount: 5, perAddress: 20, windowMs: 15 * 60_000 };
const SWEEP_EVERY_MS = 60_000;
const SWEEP_BATCH = 1_000;

export class LoginThrottle {
  #lastSweep = 0;
  constructor(
    private readonly repo: SignInFailuresRepository,
    private readonly scope: string,
    private readonly limits: ThrottleLimits = DEFAULT_THROTTLE,
    private readonly now: () => number = Date.now,
  ) {}

  #recent(key: string): Promise<number[]> {
    return this.repo.recent(this.scope, key, new Date(this.now() - this.limits.windowMs));
  }

  /** Seconds to wait, or 0 when an attempt is allowed. */
  async retryAfter(account: string, address: string | null): Promise<number> {
    const checks: Array<[string, number]> = [[`a:${account}`, this.limits.perAccount]];
    if (address) checks.push([`ip:${address}`, this.limits.perAddress]);
    let wait = 0;
    for (const [key, limit] of checks) {
      const recent = await this.#recent(key);
      if (recent.length >= limit) wait = Math.max(wait, Math.ceil((recent[0]! + this.limits.windowMs - this.now()) / 1000));
    }
    return wait;
  }

  /** Seconds the account must wait before its next attempt (its backoff), or 0. */
  async accountWait(account: string): Promise<number> {
    const recent = await this.#recent(`a:${account}`);
    const over = recent.length - this.limits.perAccount;
    if (over < 0) return 0;
    const step = Math.min(this.limits.windowMs, (this.limits.backoffBaseMs ?? 1_000) * 2 ** Math.min(over, 30));
    const until = recent[recent.length - 1]! + step;
    return until > this.now() ? Math.ceil((until - this.now()) / 1000) : 0;
  }

  /** Seconds until the address is under its failure limit again, or 0. */
  async addressWait(address: string | null): Promise<number> {
    if (!address) return 0;
    const recent = await this.#recent(`ip:${address}`);
    if (recent.length < this.limits.perAddress) return 0;
    return Math.max(1, Math.ceil((recent[recent.length - this.limits.perAddress]! + this.limits.windowMs - this.now()) / 1000));
  }

  async fail(account: string, address: string | null): Promise<void> {
    const now = this.now();
    await this.repo.add(this.scope, address ? [`a:${account}`, `ip:${address}`] : [`a:${account}`], new Date(now));
    if (now - this.#lastSweep >= SWEEP_EVERY_MS) {
      this.#lastSweep = now;
      await this.repo.deleteBefore(this.scope, new Date(now - this.limits.windowMs), SWEEP_BATCH);
    }
  }

  async succeed(account: string): Promise<void> {
    await this.repo.clear(this.scope, `a:${account}`);
  }
}
