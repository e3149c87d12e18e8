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
