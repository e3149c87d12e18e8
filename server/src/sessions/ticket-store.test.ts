import { describe, expect, it } from 'vitest';
import { TicketStore } from './ticket-store.ts';

const S1 = '00000000-0000-4000-8000-000000000001';
const S2 = '00000000-0000-4000-8000-000000000002';

describe('TicketStore', () => {
  it('a ticket works once, for its session and side', () => {
    const store = new TicketStore(45_000);
    const { ticket, expiresAt } = store.issue(S1, 'viewer');
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(store.redeem(ticket, S1, 'viewer')).toEqual({ ok: true });
    expect(store.redeem(ticket, S1, 'viewer')).toEqual({ ok: false, why: 'unknown' });
  });

  it('refuses another session or side, and is used up by the attempt', () => {
    const store = new TicketStore(45_000);
    const a = store.issue(S1, 'viewer');
    expect(store.redeem(a.ticket, S2, 'viewer')).toEqual({ ok: false, why: 'wrong_session' });
    expect(store.redeem(a.ticket, S1, 'viewer')).toEqual({ ok: false, why: 'unknown' });
    const b = store.issue(S1, 'agent');
    expect(store.redeem(b.ticket, S1, 'viewer')).toEqual({ ok: false, why: 'wrong_side' });
  });

  it('check says what redeem would, and spends nothing', () => {
    const store = new TicketStore(45_000);
    const a = store.issue(S1, 'viewer');
    expect(store.check(a.ticket, S2, 'viewer')).toEqual({ ok: false, why: 'wrong_session' });
    expect(store.check(a.ticket, S1, 'viewer')).toEqual({ ok: true });
    expect(store.redeem(a.ticket, S1, 'viewer')).toEqual({ ok: true });
    expect(store.check(a.ticket, S1, 'viewer')).toEqual({ ok: false, why: 'unknown' });
  });

  it('refuses an expired ticket and sweeps expired ones', () => {
    let now = 1_000_000;
    const store = new TicketStore(30_000, () => now);
    const a = store.issue(S1, 'viewer');
    store.issue(S2, 'agent');
    now += 30_000;
    expect(store.redeem(a.ticket, S1, 'viewer')).toEqual({ ok: false, why: 'expired' });
    expect(store.sweep()).toBe(1);
    expect(store.size).toBe(0);
  });

  it('forgets the tickets of a session that ended', () => {
    const store = new TicketStore(45_000);
    const a = store.issue(S1, 'viewer');
    store.issue(S1, 'agent');
    store.issue(S2, 'agent');
    store.revokeSession(S1);
    expect(store.size).toBe(1);
    expect(store.redeem(a.ticket, S1, 'viewer').ok).toBe(false);
  });

  it("an observer's ticket says whose it is, works once, and goes when the observer leaves", () => {
    const store = new TicketStore(45_000);
    const controller = store.issue(S1, 'viewer');
    const mine = store.issue(S1, 'viewer', 'obs-1');
    const theirs = store.issue(S1, 'viewer', 'obs-2');
    expect(store.redeem(mine.ticket, S1, 'viewer')).toEqual({ ok: true, observerId: 'obs-1' });
    expect(store.redeem(mine.ticket, S1, 'viewer')).toEqual({ ok: false, why: 'unknown' });
    store.revokeObserver('obs-2');
    expect(store.redeem(theirs.ticket, S1, 'viewer').ok).toBe(false);
    expect(store.redeem(controller.ticket, S1, 'viewer')).toEqual({ ok: true });
  });
});
