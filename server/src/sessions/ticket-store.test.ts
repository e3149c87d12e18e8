// Against a real database (PGlite in memory, migrated): the tickets live in session_tickets.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../db/database.ts';
import { SessionTicketsRepository } from '../repositories/session-tickets.repository.ts';
import { TicketStore } from './ticket-store.ts';

const S1 = '00000000-0000-4000-8000-000000000001';
const S2 = '00000000-0000-4000-8000-000000000002';
const OBS1 = '00000000-0000-4000-8000-0000000000a1';
const OBS2 = '00000000-0000-4000-8000-0000000000a2';

let database: DatabaseHandle;
let repo: SessionTicketsRepository;

beforeAll(async () => {
  database = await openDatabase({ memory: true });
  await migrateToLatest(database.db);
  repo = new SessionTicketsRepository(database.db);
});
afterAll(() => database.close());
beforeEach(async () => {
  await database.db.deleteFrom('session_tickets').execute();
});

describe('TicketStore', () => {
  it('a ticket works once, for its session and side, and only its hash is stored', async () => {
    const store = new TicketStore(repo, 45_000);
    const { ticket, expiresAt } = await store.issue(S1, 'viewer');
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now());
    const rows = await database.db.selectFrom('session_tickets').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(ticket);
    expect(await store.redeem(ticket, S1, 'viewer')).toEqual({ ok: true });
    expect(await store.redeem(ticket, S1, 'viewer')).toEqual({ ok: false, why: 'unknown' });
  });

  it('two stores on one database (two nodes): the ticket works once, whichever presents it', async () => {
    const a = new TicketStore(repo, 45_000);
    const b = new TicketStore(new SessionTicketsRepository(database.db), 45_000);
    const { ticket } = await a.issue(S1, 'viewer');
    expect(await b.check(ticket, S1, 'viewer')).toEqual({ ok: true });
    const verdicts = await Promise.all([a.redeem(ticket, S1, 'viewer'), b.redeem(ticket, S1, 'viewer'), b.redeem(ticket, S1, 'viewer')]);
    expect(verdicts.filter((v) => v.ok)).toHaveLength(1);
    expect(verdicts.filter((v) => !v.ok)).toEqual([
      { ok: false, why: 'unknown' },
      { ok: false, why: 'unknown' },
    ]);
  });

  it('refuses another session or side, and is used up by the attempt', async () => {
    const store = new TicketStore(repo, 45_000);
    const a = await store.issue(S1, 'viewer');
    expect(await store.redeem(a.ticket, S2, 'viewer')).toEqual({ ok: false, why: 'wrong_session' });
    expect(await store.redeem(a.ticket, S1, 'viewer')).toEqual({ ok: false, why: 'unknown' });
    const b = await store.issue(S1, 'agent');
    expect(await store.redeem(b.ticket, S1, 'viewer')).toEqual({ ok: false, why: 'wrong_side' });
  });

  it('check says what redeem would, and spends nothing', async () => {
    const store = new TicketStore(repo, 45_000);
    const a = await store.issue(S1, 'viewer');
    expect(await store.check(a.ticket, S2, 'viewer')).toEqual({ ok: false, why: 'wrong_session' });
    expect(await store.check(a.ticket, S1, 'viewer')).toEqual({ ok: true });
    expect(await store.redeem(a.ticket, S1, 'viewer')).toEqual({ ok: true });
    expect(await store.check(a.ticket, S1, 'viewer')).toEqual({ ok: false, why: 'unknown' });
  });

  it('refuses an expired ticket and sweeps expired ones', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const store = new TicketStore(repo, 30_000, () => now);
    const a = await store.issue(S1, 'viewer');
    await store.issue(S2, 'agent');
    now += 29_000;
    const live = await store.issue(S2, 'viewer');
    now += 1_000;
    expect(await store.check(a.ticket, S1, 'viewer')).toEqual({ ok: false, why: 'expired' });
    expect(await store.redeem(a.ticket, S1, 'viewer')).toEqual({ ok: false, why: 'expired' });
    expect(await store.sweep()).toBe(1);
    expect(await store.count()).toBe(1);
    expect(await store.redeem(live.ticket, S2, 'viewer')).toEqual({ ok: true });
  });

  it('a sweep deletes a bounded batch', async () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    await database.db
      .insertInto('session_tickets')
      .values(Array.from({ length: 1_050 }, (_, i) => ({ hash: `h${i}`, session_id: S1, side: 'agent' as const, observer_id: null, expires_at: new Date(now - 1) })))
      .execute();
    const store = new TicketStore(repo, 30_000, () => now);
    expect(await store.sweep()).toBe(1_000);
    expect(await store.sweep()).toBe(50);
    expect(await store.count()).toBe(0);
  });

  it('forgets the tickets of a session that ended', async () => {
    const store = new TicketStore(repo, 45_000);
    const a = await store.issue(S1, 'viewer');
    await store.issue(S1, 'agent');
    await store.issue(S2, 'agent');
    await store.revokeSession(S1);
    expect(await store.count()).toBe(1);
    expect((await store.redeem(a.ticket, S1, 'viewer')).ok).toBe(false);
  });

  it("an observer's ticket says whose it is, works once, and goes when the observer leaves", async () => {
    const store = new TicketStore(repo, 45_000);
    const controller = await store.issue(S1, 'viewer');
    const mine = await store.issue(S1, 'viewer', OBS1);
    const theirs = await store.issue(S1, 'viewer', OBS2);
    expect(await store.redeem(mine.ticket, S1, 'viewer')).toEqual({ ok: true, observerId: OBS1 });
    expect(await store.redeem(mine.ticket, S1, 'viewer')).toEqual({ ok: false, why: 'unknown' });
    await store.revokeObserver(OBS2);
    expect((await store.redeem(theirs.ticket, S1, 'viewer')).ok).toBe(false);
    expect(await store.redeem(controller.ticket, S1, 'viewer')).toEqual({ ok: true });
  });
});
