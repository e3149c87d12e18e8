import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.ts';

const opts = { initialMs: 1_000, maxMs: 60_000, factor: 2, stableAfterMs: 60_000 };

describe('Backoff', () => {
  it('grows exponentially with jitter between half and all of the ceiling', () => {
    for (const r of [0, 0.25, 0.5, 0.999, 1]) {
      const b = new Backoff(opts, () => r);
      let ceiling = 1_000;
      for (let i = 0; i < 12; i++) {
        const d = b.next();
        expect(d).toBeGreaterThanOrEqual(ceiling / 2);
        expect(d).toBeLessThanOrEqual(ceiling);
        ceiling = Math.min(60_000, ceiling * 2);
      }
    }
  });

  it('never exceeds the cap, however many attempts', () => {
    const b = new Backoff(opts, () => 1);
    const delays = Array.from({ length: 50 }, () => b.next());
    expect(Math.max(...delays)).toBe(60_000);
    expect(delays.slice(-10).every((d) => d === 60_000)).toBe(true);
  });

  it('spreads delays of many agents (jitter) instead of a thundering herd', () => {
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const delays = new Set(Array.from({ length: 100 }, () => new Backoff(opts, random).next()));
    expect(delays.size).toBeGreaterThan(50);
  });

  it('resets after a stable connection, not after a short one', () => {
    const b = new Backoff(opts, () => 1);
    b.next();
    b.next();
    b.next();
    b.connectionEnded(5_000);
    expect(b.ceiling()).toBe(8_000);
    b.connectionEnded(60_000);
    expect(b.ceiling()).toBe(1_000);
    expect(b.next()).toBe(1_000);
  });
});
