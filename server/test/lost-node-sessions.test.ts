// A node died holding a live session: the survivors end it with `node_lost`, once, however
// many of them try at the same moment, with one `session.end` entry, and tell the agent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endSessionsOfLostNode } from '../src/cluster/lost-node-sessions.ts';
import { SessionsRepository } from '../src/repositories/sessions.repository.ts';
import { auditEntriesFor, enableRemoteAccess, roomAndUser, sessionOf, sessionsApp, startSession, type SessionsApp } from './sessions-helpers.ts';

let s: SessionsApp;
beforeAll(async () => {
  s = await sessionsApp();
  await enableRemoteAccess(s.admin);
});
afterAll(async () => {
  await s?.t.dispose();
});

describe('sessions of a node that is gone', () => {
  it('end node_lost exactly once, with one session.end, and the agent is told; sessions of live nodes stay', async () => {
    const db = s.t.database.db;
    const lost = await roomAndUser(s);
    const started = await startSession(lost.client, lost.room.id);
    const kept = await roomAndUser(s);
    const keptSession = await startSession(kept.client, kept.room.id);
    // Its row as the dead node left it: live, held by a node that no longer answers. (This
    // node's supervisor forgets it, as a survivor never knew it.)
    const row = await db.selectFrom('remote_sessions').selectAll().where('id', '=', started.id).executeTakeFirstOrThrow();
    const orphan = crypto.randomUUID();
    await db
      .insertInto('remote_sessions')
      .values({ ...row, id: orphan, mode: 'view', node_id: 'node-dead', state: 'active', connected_at: new Date() })
      .execute();

    const deps = { sessions: new SessionsRepository(db), supervisor: s.t.sessions };
    const counts = await Promise.all([endSessionsOfLostNode(deps, 'node-dead'), endSessionsOfLostNode(deps, 'node-dead'), endSessionsOfLostNode(deps, 'node-dead')]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await sessionOf(s.admin, orphan)).toMatchObject({ state: 'ended', endReason: 'node_lost' });
    const ends = await auditEntriesFor(s.admin, 'session.end', orphan);
    expect(ends).toHaveLength(1);
    expect(ends[0]!.details).toMatchObject({ reason: 'node_lost' });
    expect(s.link.closesFor(orphan)).toEqual([{ type: 'session.close', sessionId: orphan, reason: 'node_lost' }]);
    // The sessions of this (live) node are untouched.
    expect(await endSessionsOfLostNode(deps, 'node-dead')).toBe(0);
    expect((await sessionOf(s.admin, keptSession.id)).state).not.toBe('ended');
    expect((await sessionOf(s.admin, started.id)).state).not.toBe('ended');
  });
});
