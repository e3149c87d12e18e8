import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.ts';
import { OutboundPacer } from './outbound-pacer.ts';

describe('OutboundPacer', () => {
  it('sends at most `limit` frames per window and the rest, in order, when the window moves', () => {
    const clock = new ManualClock();
    const sent: { frame: string; at: number }[] = [];
    const pacer = new OutboundPacer(clock, (frame) => sent.push({ frame, at: clock.now() }), 3, 10_000);
    for (let i = 0; i < 7; i++) pacer.send(`m${i}`);
    expect(sent.map((s) => s.frame)).toEqual(['m0', 'm1', 'm2']);
    expect(pacer.queued).toBe(4);
    clock.advance(9_999);
    expect(sent).toHaveLength(3);
    clock.advance(1);
    expect(sent.map((s) => s.frame)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
    clock.advance(10_000);
    expect(sent.map((s) => s.frame)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6']);
    // never more than 3 in any 10 s window
    for (const s of sent) expect(sent.filter((o) => o.at > s.at - 10_000 && o.at <= s.at).length).toBeLessThanOrEqual(3);
  });

  it('bounds its queue and forgets it on reset', () => {
    const clock = new ManualClock();
    const sent: string[] = [];
    const pacer = new OutboundPacer(clock, (f) => sent.push(f), 1, 1_000, 2);
    for (let i = 0; i < 5; i++) pacer.send(`m${i}`);
    expect(sent).toEqual(['m0']);
    expect(pacer.queued).toBe(2);
    pacer.reset();
    clock.advance(5_000);
    expect(sent).toEqual(['m0']);
    expect(clock.pending).toBe(0);
  });
});
