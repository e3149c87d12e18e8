import { describe, expect, it } from 'vitest';
import { RefusalAudit } from './refusal-audit.ts';

describe('RefusalAudit', () => {
  it('audits the first refusal of a window, counts the rest, and summarises them once the window closes', () => {
    let now = 0;
    const r = new RefusalAudit<string>(60_000, () => now);
    expect(r.refused('k', 'caller', { email: 'a@x' })).toBe(true);
    for (let i = 0; i < 299; i++) {
      now += 10;
      expect(r.refused('k', 'caller', { email: 'a@x' })).toBe(false);
    }
    expect(r.refused('other', 'caller', {})).toBe(true);
    expect(r.due()).toEqual([]);
    now = 60_000;
    const due = r.due();
    expect(due).toHaveLength(1); // `other` had nothing counted
    expect(due[0]).toMatchObject({ key: 'k', refusedAttempts: 299, details: { email: 'a@x' }, firstAt: new Date(0), lastAt: new Date(2990) });
    expect(r.due()).toEqual([]);
    expect(r.refused('k', 'caller', {})).toBe(true); // a new window
  });

  it('drain takes open windows too', () => {
    const r = new RefusalAudit<string>(60_000, () => 0);
    r.refused('k', 'c', {});
    r.refused('k', 'c', {});
    expect(r.drain().map((s) => s.refusedAttempts)).toEqual([1]);
    expect(r.drain()).toEqual([]);
  });
});
