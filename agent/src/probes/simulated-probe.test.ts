import { describe, expect, it } from 'vitest';
import { SIGNAL_NAMES } from '@roomwarden/protocol';
import { MEETING_SLOT_MS, seededRandom, simulatedMeeting, SimulatedProbe } from './simulated-probe.ts';

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

  it('holds meetings that start and end, the same for a seed and clock, inside their half-hour slot', () => {
    const day = (seed: number, share?: number) => {
      let now = 0;
      const probe = new SimulatedProbe({ seed, failureRatePerMinute: 0, now: () => now, ...(share === undefined ? {} : { meetingShare: share }) });
      const out: string[] = [];
      for (let t = 0; t < 24 * 60; t++) {
        now = t * 60_000;
        const s = probe.step().find((x) => x.name === 'inMeeting');
        expect(s?.state).toBe('ok');
        out.push(s?.value ?? '?');
      }
      return out;
    };
    const a = day(7);
    expect(day(7)).toEqual(a);
    expect(day(8)).not.toEqual(a);
    expect(new Set(a)).toEqual(new Set(['true', 'false']));
    const starts = a.filter((v, i) => v === 'true' && a[i - 1] !== 'true').length;
    const minutes = a.filter((v) => v === 'true').length;
    expect(starts).toBeGreaterThan(5); // about 0.4 × 48 slots
    expect(starts).toBeLessThan(40);
    expect(minutes / starts).toBeGreaterThanOrEqual(15); // a meeting lasts 15..30 min
    expect(minutes / starts).toBeLessThanOrEqual(30);
    expect(day(7, 0).every((v) => v === 'false')).toBe(true);
    for (let slot = 0; slot < 200; slot++) {
      const m = simulatedMeeting(3, slot * MEETING_SLOT_MS + 1);
      if (!m) continue;
      expect(m.start).toBeGreaterThanOrEqual(slot * MEETING_SLOT_MS);
      expect(m.end - m.start).toBeGreaterThanOrEqual(15 * 60_000);
      expect(m.end).toBeLessThanOrEqual((slot + 1) * MEETING_SLOT_MS);
    }
  });

  it('reports inMeeting unknown when forced, never a made-up value', () => {
    const probe = new SimulatedProbe({ seed: 9, now: () => 0 });
    probe.force('inMeeting', 'unknown');
    expect(probe.step().find((s) => s.name === 'inMeeting')).toEqual({ name: 'inMeeting', state: 'unknown', detail: 'the room app does not say' });
  });

  it('holds a meeting forced on or off until given back to its schedule', () => {
    let now = 0;
    const probe = new SimulatedProbe({ seed: 9, failureRatePerMinute: 0, now: () => now, meetingShare: 0 });
    const meeting = () => probe.step().find((s) => s.name === 'inMeeting')?.value;
    expect(meeting()).toBe('false');
    probe.forceMeeting(true);
    now += 60_000;
    expect(meeting()).toBe('true');
    probe.forceMeeting(undefined);
    now += 60_000;
    expect(meeting()).toBe('false');
  });

  it('shows its screen what it reports: the peripherals, the meeting under way or the next one', () => {
    let now = 0;
    const probe = new SimulatedProbe({ seed: 7, failureRatePerMinute: 0, meetingShare: 0.5, now: () => now });
    // A slot with a meeting after one without.
    let slot = 1;
    while (!simulatedMeeting(7, slot * MEETING_SLOT_MS, 0.5) || simulatedMeeting(7, (slot - 1) * MEETING_SLOT_MS, 0.5)) slot++;
    const m = simulatedMeeting(7, slot * MEETING_SLOT_MS, 0.5)!;
    now = slot * MEETING_SLOT_MS - 1;
    expect(probe.view()).toEqual({ peripherals: { display: 'ok', camera: 'ok', microphone: 'ok' }, meeting: { ...m, now: false } });
    now = m.start;
    expect(probe.step().find((s) => s.name === 'inMeeting')?.value).toBe('true');
    expect(probe.view().meeting).toEqual({ ...m, now: true });

    probe.force('camera', 'failed');
    probe.force('microphone', 'degraded');
    expect(probe.view().peripherals).toEqual({ display: 'ok', camera: 'failed', microphone: 'degraded' });
    probe.forceMeeting(false);
    expect(probe.view().meeting?.now).toBe(false);
    probe.forceMeeting(true);
    expect(probe.view().meeting?.now).toBe(true);
    expect(new SimulatedProbe({ seed: 7, meetingShare: 0, now: () => 0 }).view().meeting).toBeUndefined();
  });

  it('seededRandom stays in [0, 1)', () => {
    const r = seededRandom(123);
    for (let i = 0; i < 10_000; i++) {
      const v = r();
      expect(v >= 0 && v < 1).toBe(true);
    }
  });
});
