import { describe, expect, it } from 'vitest';
import { SIGNAL_NAMES } from '@roomwarden/protocol';
import { seededRandom, SimulatedProbe } from './simulated-probe.ts';

function run(seed: number, minutes: number, rate: number, recoverySec = 120) {
  let now = 0;
  const probe = new SimulatedProbe({ seed, failureRatePerMinute: rate, recoverySec, now: () => now });
  const timeline: string[] = [];
  for (let t = 0; t < minutes * 6; t++) {
    now += 10_000;
    timeline.push(
      probe
        .step()
        .filter((s) => s.state !== 'ok')
        .map((s) => `${s.name}:${s.state}`)
        .join(','),
    );
  }
  return timeline;
}

describe('SimulatedProbe', () => {
  it('reports every signal name, each valid', () => {
    const signals = new SimulatedProbe({ seed: 1, now: () => 0 }).step();
    expect(new Set(signals.map((s) => s.name))).toEqual(new Set(SIGNAL_NAMES));
  });

  it('is deterministic for a seed and differs between seeds', () => {
    expect(run(42, 60, 0.05)).toEqual(run(42, 60, 0.05));
    expect(run(42, 60, 0.05)).not.toEqual(run(43, 60, 0.05));
  });

  it('never fails at rate 0 and fails and recovers at a positive rate', () => {
    expect(run(1, 120, 0).every((x) => x === '')).toBe(true);
    const timeline = run(1, 240, 0.02, 60);
    const broken = timeline.filter((x) => x !== '').length;
    expect(broken).toBeGreaterThan(0);
    expect(broken).toBeLessThan(timeline.length); // it recovers
    // a failure lasts about the recovery time (0.5×..1.5× of 60 s → at most 10 probes of 10 s)
    let longest = 0;
    let current = 0;
    for (const x of timeline) {
      current = x.includes('camera') ? current + 1 : 0;
      longest = Math.max(longest, current);
    }
    expect(longest).toBeLessThanOrEqual(10);
  });

  it('lets a caller force a state and give control back', () => {
    const probe = new SimulatedProbe({ seed: 9, failureRatePerMinute: 0, now: () => 0 });
    probe.force('camera', 'failed');
    expect(probe.step().find((s) => s.name === 'camera')).toMatchObject({ state: 'failed', detail: expect.any(String) });
    probe.force('camera', undefined);
    expect(probe.step().find((s) => s.name === 'camera')?.state).toBe('ok');
  });

  it('seededRandom stays in [0, 1)', () => {
    const r = seededRandom(123);
    for (let i = 0; i < 10_000; i++) {
      const v = r();
      expect(v >= 0 && v < 1).toBe(true);
    }
  });
});
