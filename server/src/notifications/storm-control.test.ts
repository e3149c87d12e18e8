import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './retry-policy.ts';
import { stormDecision, stormKey } from './storm-control.ts';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const limits = { limit: 3, windowMs: 15 * 60_000 };

describe('storm control', () => {
  it('lets the first three of a window through', () => {
    expect(stormDecision([], at(0), limits)).toEqual({ fold: false });
    expect(stormDecision([at(0)], at(1), limits)).toEqual({ fold: false });
    expect(stormDecision([at(0), at(1)], at(2), limits)).toEqual({ fold: false });
  });

  it('folds the fourth, released when the oldest counted one leaves the window', () => {
    expect(stormDecision([at(0), at(1), at(2)], at(3), limits)).toEqual({ fold: true, releaseAt: at(15) });
    expect(stormDecision([at(0), at(1), at(2)], at(14), limits)).toEqual({ fold: true, releaseAt: at(15) });
  });

  it('counts only what is still in the window', () => {
    expect(stormDecision([at(0), at(1), at(2)], at(15), limits)).toEqual({ fold: false });
    expect(stormDecision([at(0), at(10), at(11), at(12)], at(16), limits)).toEqual({ fold: true, releaseAt: at(25) });
  });

  it('keys by target and room', () => {
    expect(stormKey({ channelId: 'c' }, 'r')).toBe('channel:c:room:r');
    expect(stormKey({ userId: 'u' }, 'r')).toBe('user:u:room:r');
  });
});

describe('retry backoff', () => {
  const policy = { baseMs: 1_000, maxMs: 8_000, maxAttempts: 5 };
  it('doubles each time, between half and all of the step, capped', () => {
    expect(retryDelayMs(1, policy, () => 0)).toBe(500);
    expect(retryDelayMs(1, policy, () => 1)).toBe(1_000);
    expect(retryDelayMs(2, policy, () => 1)).toBe(2_000);
    expect(retryDelayMs(3, policy, () => 0.5)).toBe(3_000);
    expect(retryDelayMs(4, policy, () => 1)).toBe(8_000);
  });
  it('stops after the last attempt', () => {
    expect(retryDelayMs(5, policy, () => 1)).toBeNull();
  });
});
