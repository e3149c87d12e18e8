import { describe, expect, it } from 'vitest';
import { ReportBuffer } from './report-buffer.ts';

const report = (i: number) => ({ measuredAt: new Date(1_700_000_000_000 + i * 1000).toISOString(), full: false, signals: [{ name: 'camera' as const, state: i % 2 ? ('failed' as const) : ('ok' as const) }] });

describe('ReportBuffer (offline reports)', () => {
  it('keeps reports in order until drained', () => {
    const b = new ReportBuffer(5);
    for (let i = 0; i < 3; i++) b.push(report(i));
    expect(b.size).toBe(3);
    const { reports, dropped } = b.drain();
    expect(reports.map((r) => r.measuredAt)).toEqual([0, 1, 2].map((i) => report(i).measuredAt));
    expect(dropped).toBe(0);
    expect(b.size).toBe(0);
  });

  it('is bounded: the oldest are dropped and counted', () => {
    const b = new ReportBuffer(100);
    for (let i = 0; i < 250; i++) b.push(report(i));
    expect(b.size).toBe(100);
    expect(b.dropped).toBe(150);
    const { reports, dropped } = b.drain();
    expect(dropped).toBe(150);
    expect(reports[0]?.measuredAt).toBe(report(150).measuredAt);
    expect(reports.at(-1)?.measuredAt).toBe(report(249).measuredAt);
    expect(b.drain()).toEqual({ reports: [], dropped: 0 });
  });

  it('refuses a capacity below one', () => {
    expect(() => new ReportBuffer(0)).toThrow(RangeError);
  });
});
