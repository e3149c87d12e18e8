import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.ts';

describe('LoginThrottle', () => {
  it('limits per account and per address, and forgets after the window', () => {
    let now = 1_000_000;
    const t = new LoginThrottle({ perAccount: 3, perAddress: 5, windowMs: 60_000 }, () => now);
    for (let i = 0; i < 3; i++) {
      expect(t.retryAfter('a@x', '1.1.1.1')).toBe(0);
      t.fail('a@x', '1.1.1.1');
    }
    expect(t.retryAfter('a@x', '2.2.2.2')).toBe(60);
    expect(t.retryAfter('b@x', '1.1.1.1')).toBe(0);
    t.fail('b@x', '1.1.1.1');
    t.fail('c@x', '1.1.1.1');
    expect(t.retryAfter('d@x', '1.1.1.1')).toBeGreaterThan(0);
    now += 61_000;
    expect(t.retryAfter('a@x', '1.1.1.1')).toBe(0);
  });

  it('a success clears the account counter', () => {
    const t = new LoginThrottle({ perAccount: 2, perAddress: 50, windowMs: 60_000 });
    t.fail('a@x', null);
    t.fail('a@x', null);
    expect(t.retryAfter('a@x', null)).toBeGreaterThan(0);
    t.succeed('a@x');
    expect(t.retryAfter('a@x', null)).toBe(0);
  });
});

describe('LoginThrottle: per-account backoff and per-address failure limit', () => {
  const limits = { perAccount: 3, perAddress: 5, windowMs: 15 * 60_000, backoffBaseMs: 1_000 };

  it('lets the free failures through, then backs the account off, doubling with each failure', () => {
    let now = 1_000_000;
    const th = new LoginThrottle(limits, () => now);
    for (let i = 0; i < 2; i++) th.fail('a@x', '10.0.0.1');
    expect(th.accountWait('a@x')).toBe(0);
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      th.fail('a@x', `10.0.1.${i}`); // from any address
      waits.push(th.accountWait('a@x'));
      now += waits[i]! * 1000;
      expect(th.accountWait('a@x')).toBe(0);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16]);
    expect(th.accountWait('b@x')).toBe(0);
  });

  it('caps the backoff at the window, and forgets after it', () => {
    let now = 0;
    const th = new LoginThrottle(limits, () => now);
    for (let i = 0; i < 40; i++) th.fail('a@x', null);
    expect(th.accountWait('a@x')).toBe(15 * 60);
    now += 15 * 60_000 + 1;
    expect(th.accountWait('a@x')).toBe(0);
  });

  it('counts failures per address apart from the accounts: other accounts are not backing off', () => {
    let now = 0;
    const th = new LoginThrottle(limits, () => now);
    for (let i = 0; i < 5; i++) th.fail(`user${i}@x`, '10.0.0.9');
    expect(th.addressWait('10.0.0.9')).toBeGreaterThan(0);
    expect(th.addressWait('10.0.0.8')).toBe(0);
    expect(th.accountWait('admin@x')).toBe(0);
    expect(th.accountWait('user0@x')).toBe(0);
    now += 15 * 60_000 + 1;
    expect(th.addressWait('10.0.0.9')).toBe(0);
  });
});
