// Remote sessions over the REST API: the start checks in order with their codes, the
// session row and its audit entry, listing and visibility, ending on request, and the
// ends that need no desktop bytes (agent events, settings, permissions, timeouts, restart).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, loadConfig } from '../src/index.ts';
import { waitFor } from './agents-helpers.ts';
import { signedIn } from './support/api-client.ts';
import { FakeAgentLink } from './support/fake-agent-link.ts';
import { makeRole, makeRoom, makeUser, userWithRole } from './support/factories.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './support/test-app.ts';
import { CONTACT, auditEntriesFor, enableRemoteAccess, roomAndUser, sessionOf, sessionTimings, sessionsApp, startSession, type SessionsApp } from './sessions-helpers.ts';

let s: SessionsApp;
beforeAll(async () => {
  s = await sessionsApp({ sessionPendingTimeoutMs: 8_000 });
});
afterAll(async () => s?.t.dispose());

describe('starting a session', () => {
  it('checks, in order, each with its own code, and writes nothing when refused', async () => {
    const { room, client: modifier } = await roomAndUser(s, 'modify');
    const other = await makeRoom(s.admin);
    // remoteAccess view on another room, rooms view on this one
    const { client: viewerElsewhere, user: elsewhere } = await userWithRole(s.t.app, s.admin, { permissions: { remoteAccess: 'view' }, roomIds: [other.id] });
    await makeRole(s.admin, { permissions: { rooms: 'view' }, roomIds: [room.id], userIds: [elsewhere.id] });
    const { client: viewOnly } = await userWithRole(s.t.app, s.admin, { permissions: { remoteAccess: 'view' }, roomIds: [room.id] });

    // 1. remote access disabled comes first, even for a room that does not exist
    await s.admin.put('settings/general', { remoteAccessEnabled: false });
    for (const target of [room.id, randomUUID()]) {
      const r = await modifier.post(`rooms/${target}/sessions`, { mode: 'control' });
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('REMOTE_ACCESS_DISABLED');
    }
    await enableRemoteAccess(s.admin);
    // 2. a room that does not exist, or that the caller cannot see, is a 404
    expect((await modifier.post(`rooms/${randomUUID()}/sessions`, { mode: 'view' })).status).toBe(404);
    const hidden = await modifier.post(`rooms/${other.id}/sessions`, { mode: 'view' });
    expect([hidden.status, hidden.body.error.code]).toEqual([404, 'NOT_FOUND']);
    // 3. no remote access level on this room; view-only level asking for control
    const none = await viewerElsewhere.post(`rooms/${room.id}/sessions`, { mode: 'view' });
    expect([none.status, none.body.error.code]).toEqual([403, 'REMOTE_ACCESS_NOT_PERMITTED']);
    await s.admin.patch(`rooms/${room.id}`, { remoteAccessAllowed: false });
    s.link.setOffline(room.id);
    const mode = await viewOnly.post(`rooms/${room.id}/sessions`, { mode: 'control' });
    expect([mode.status, mode.body.error.code, mode.body.error.field]).toEqual([403, 'REMOTE_ACCESS_MODE_NOT_PERMITTED', 'mode']);
    // 4. the room excludes remote access (before the agent check)
    const excluded = await viewOnly.post(`rooms/${room.id}/sessions`, { mode: 'view' });
    expect([excluded.status, excluded.body.error.code]).toEqual([409, 'ROOM_REMOTE_ACCESS_EXCLUDED']);
    await s.admin.patch(`rooms/${room.id}`, { remoteAccessAllowed: true });
    // 5. the agent: offline, then online without VNC
    const offline = await modifier.post(`rooms/${room.id}/sessions`, { mode: 'control' });
    expect([offline.status, offline.body.error.code]).toEqual([409, 'AGENT_OFFLINE']);
    s.link.setOnline(room.id, false);
    const noVnc = await modifier.post(`rooms/${room.id}/sessions`, { mode: 'control' });
    expect([noVnc.status, noVnc.body.error.code]).toEqual([409, 'AGENT_VNC_UNAVAILABLE']);
    // nothing was written for the refusals
    expect((await s.admin.get(`rooms/${room.id}/sessions`)).body.items).toEqual([]);
    s.link.setOnline(room.id, true);
    expect((await viewOnly.post(`rooms/${room.id}/sessions`, { mode: 'view' })).status).toBe(201);
    expect((await modifier.post(`rooms/${room.id}/sessions`, { mode: 'control' })).status).toBe(201);
  });

  it('a user without remote access anywhere is refused by the route', async () => {
    const room = await makeRoom(s.admin);
    const { client } = await userWithRole(s.t.app, s.admin, { permissions: { rooms: 'view' }, roomIds: [room.id] });
    const r = await client.post(`rooms/${room.id}/sessions`, { mode: 'view' });
    expect([r.status, r.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const bad = await s.admin.post(`rooms/${room.id}/sessions`, { mode: 'watch' });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('writes the session and its session.start entry (with the contact email), then sends session.open with a ticket', async () => {
    await enableRemoteAccess(s.admin);
    const { room, client, user } = await roomAndUser(s, 'modify');
    const started = await startSession(client, room.id, 'control');
    expect(started).toMatchObject({ roomId: room.id, mode: 'control', state: 'pending', roomName: room.name, userId: user.id });
    expect(started.viewerUrl).toMatch(new RegExp(`^/api/v1/sessions/${started.id}/viewer\\?ticket=[A-Za-z0-9_-]{43}$`));
    const expiresIn = new Date(started.ticketExpiresAt).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(0);
    expect(expiresIn).toBeLessThanOrEqual(60_000);

    const open = s.link.openFor(started.id);
    expect(open).toMatchObject({ type: 'session.open', mode: 'control', sessionId: started.id });
    expect(open.relayUrl).toBe(`${s.base.replace('http', 'ws')}/api/v1/sessions/${started.id}/agent?ticket=${open.ticket}&transports=raw,websocket`);
    expect(open.ticket).not.toBe(started.viewerUrl.split('ticket=')[1]);

    const [entry] = await auditEntriesFor(s.admin, 'session.start', started.id);
    expect(entry).toMatchObject({ actorLabel: user.email, details: { roomId: room.id, roomName: room.name, mode: 'control', userId: user.id, contactEmail: CONTACT } });
    expect(await sessionOf(client, started.id)).toMatchObject({ id: started.id, state: 'pending', endReason: null, idleTimeoutMinutes: 240, maxMinutes: 720 });
    expect((await s.admin.get('audit/verify')).body.ok).toBe(true);
  });

  it('session.open names who is connected and whether they control, for the room\'s on-screen notice', async () => {
    await enableRemoteAccess(s.admin);
    const { room, client } = await roomAndUser(s, 'modify');
    const control = await startSession(client, room.id, 'control');
    const label = (await sessionOf(client, control.id)).userLabel as string;
    expect(label).toBeTruthy();
    expect(s.link.openFor(control.id).viewers).toEqual([{ name: label, control: true }]);
    await client.delete(`sessions/${control.id}`);
    const view = await startSession(client, room.id, 'view');
    expect(s.link.openFor(view.id).viewers).toEqual([{ name: label, control: false }]);
    await client.delete(`sessions/${view.id}`);
  });

  it('an agent that drops between the check and the send ends the session at once', async () => {
    const { room, client } = await roomAndUser(s, 'modify');
    s.link.deliver = false;
    try {
      const r = await client.post(`rooms/${room.id}/sessions`, { mode: 'control' });
      expect([r.status, r.body.error.code]).toEqual([409, 'AGENT_OFFLINE']);
    } finally {
      s.link.deliver = true;
    }
    const [session] = (await s.admin.get(`rooms/${room.id}/sessions`)).body.items;
    expect(session).toMatchObject({ state: 'ended', endReason: 'agent_unreachable' });
    expect(await auditEntriesFor(s.admin, 'session.end', session.id)).toHaveLength(1);
  });
});

describe('listing and reading sessions', () => {
  it('shows sessions in rooms the caller may see in remote access, and always their own', async () => {
    await enableRemoteAccess(s.admin);
    const a = await roomAndUser(s, 'modify');
    const b = await roomAndUser(s, 'view');
    const sa = await startSession(a.client, a.room.id, 'control');
    const sb = await startSession(b.client, b.room.id, 'view');

    const ids = (items: Array<{ id: string }>) => items.map((i) => i.id);
    const bList = (await b.client.get('sessions?state=live')).body.items;
    expect(ids(bList)).toContain(sb.id);
    expect(ids(bList)).not.toContain(sa.id);
    expect((await b.client.get(`sessions/${sa.id}`)).status).toBe(404);
    expect((await b.client.get(`rooms/${a.room.id}/sessions`)).status).toBe(404);
    const adminList = ids((await s.admin.get('sessions?state=live&limit=200')).body.items);
    expect(adminList).toEqual(expect.arrayContaining([sa.id, sb.id]));
    expect(ids((await s.admin.get(`sessions?userId=${a.user.id}`)).body.items)).toEqual([sa.id]);
    expect(ids((await s.admin.get(`sessions?roomId=${b.room.id}`)).body.items)).toEqual([sb.id]);

    // withdraw b's role: b still sees their own (now ended) session
    await s.admin.delete(`roles/${b.roleId}`);
    await waitFor(async () => (await sessionOf(s.admin, sb.id)).state === 'ended', 8_000, 'permission withdrawn');
    expect(ids((await b.client.get('sessions')).body.items)).toEqual([sb.id]);
    expect(await sessionOf(b.client, sb.id)).toMatchObject({ state: 'ended', endReason: 'permission_withdrawn', roomName: b.room.name });
  });

  it('paginates with a cursor and refuses a bad one', async () => {
    const { room, client } = await roomAndUser(s, 'modify');
    const started = [];
    for (let i = 0; i < 3; i++) started.push((await startSession(client, room.id, 'view')).id);
    const first = await client.get(`rooms/${room.id}/sessions?limit=2`);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await client.get(`rooms/${room.id}/sessions?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ nextCursor: null });
    expect([...first.body.items, ...second.body.items].map((i: { id: string }) => i.id).sort()).toEqual([...started].sort());
    const bad = await client.get('sessions?cursor=!!');
    expect([bad.status, bad.body.error.code]).toEqual([400, 'INVALID_CURSOR']);
    expect((await client.get('sessions?state=zombie')).status).toBe(400);
  });
});

describe('ending a session on request', () => {
  it('by its own user, or by remote access modify on the room; once', async () => {
    await enableRemoteAccess(s.admin);
    const { room, client } = await roomAndUser(s, 'modify');
    const { client: peerViewer } = await userWithRole(s.t.app, s.admin, { permissions: { remoteAccess: 'view' }, roomIds: [room.id] });
    const mine = await startSession(client, room.id, 'control');
    const forbidden = await peerViewer.delete(`sessions/${mine.id}`);
    expect([forbidden.status, forbidden.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const outsider = await makeUser(s.admin);
    expect((await (await signedIn(s.t.app, outsider.email, outsider.password)).delete(`sessions/${mine.id}`)).status).toBe(404);

    const ended = await client.delete(`sessions/${mine.id}`);
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ state: 'ended', endReason: 'ended_by_user' });
    expect(s.link.closesFor(mine.id)).toEqual([{ type: 'session.close', sessionId: mine.id, reason: 'ended_by_user' }]);
    const again = await client.delete(`sessions/${mine.id}`);
    expect([again.status, again.body.error.code]).toEqual([409, 'SESSION_NOT_ACTIVE']);

    const theirs = await startSession(peerViewer, room.id, 'view');
    expect((await s.admin.delete(`sessions/${theirs.id}`)).body).toMatchObject({ state: 'ended', endReason: 'ended_by_administrator' });
    const [end] = await auditEntriesFor(s.admin, 'session.end', theirs.id);
    expect(end).toMatchObject({ actorLabel: ADMIN_EMAIL, details: { reason: 'ended_by_administrator', bytesToViewer: 0, bytesFromViewer: 0, mode: 'view' } });
    expect(end!.details.durationSeconds).toEqual(expect.any(Number));
    expect(await auditEntriesFor(s.admin, 'session.end', mine.id)).toHaveLength(1);
  });
});

describe('sessions end by themselves', () => {
  it('when remote access is turned off: every live session, by the time the change is answered', async () => {
    await enableRemoteAccess(s.admin);
    const a = await roomAndUser(s, 'modify');
    const one = await startSession(a.client, a.room.id, 'control');
    const two = await startSession(a.client, a.room.id, 'view');
    expect((await s.admin.put('settings/general', { remoteAccessEnabled: false })).status).toBe(200);
    for (const id of [one.id, two.id]) {
      expect(await sessionOf(s.admin, id)).toMatchObject({ state: 'ended', endReason: 'remote_access_disabled' });
      expect(await auditEntriesFor(s.admin, 'session.end', id)).toHaveLength(1);
    }
    await enableRemoteAccess(s.admin);
  });

  it('when the user is disabled, or the room stops allowing remote access', async () => {
    await enableRemoteAccess(s.admin);
    const a = await roomAndUser(s, 'modify');
    const started = await startSession(a.client, a.room.id, 'control');
    await s.admin.patch(`users/${a.user.id}`, { disabled: true });
    await waitFor(async () => (await sessionOf(s.admin, started.id)).endReason, 8_000, 'user disabled');
    expect((await sessionOf(s.admin, started.id)).endReason).toBe('user_disabled');

    const b = await roomAndUser(s, 'modify');
    const second = await startSession(b.client, b.room.id, 'control');
    await s.admin.patch(`rooms/${b.room.id}`, { remoteAccessAllowed: false });
    await waitFor(async () => (await sessionOf(s.admin, second.id)).endReason, 8_000, 'room excluded');
    expect((await sessionOf(s.admin, second.id)).endReason).toBe('room_remote_access_excluded');
  });

  it('when the room or the user is removed; the history stays', async () => {
    await enableRemoteAccess(s.admin);
    const a = await roomAndUser(s, 'modify');
    const one = await startSession(a.client, a.room.id, 'control');
    expect((await s.admin.delete(`rooms/${a.room.id}`)).status).toBe(204);
    await waitFor(async () => (await sessionOf(s.admin, one.id)).endReason, 8_000, 'room removed');
    expect(await sessionOf(s.admin, one.id)).toMatchObject({ state: 'ended', endReason: 'room_removed', roomName: a.room.name, siteId: null });
    expect(await auditEntriesFor(s.admin, 'session.end', one.id)).toHaveLength(1);

    const b = await roomAndUser(s, 'modify');
    const two = await startSession(b.client, b.room.id, 'control');
    expect((await s.admin.delete(`users/${b.user.id}`)).status).toBe(204);
    await waitFor(async () => (await sessionOf(s.admin, two.id)).endReason, 8_000, 'user removed');
    expect(await sessionOf(s.admin, two.id)).toMatchObject({ state: 'ended', endReason: 'user_removed', userId: b.user.id });
    expect((await s.admin.get(`sessions?userId=${b.user.id}`)).body.items.map((i: { id: string }) => i.id)).toEqual([two.id]);
  });

  it("on the agent's events: failure with its reason and message, disconnection; another room's agent is ignored", async () => {
    await enableRemoteAccess(s.admin);
    const a = await roomAndUser(s, 'modify');
    const failed = await startSession(a.client, a.room.id, 'control');
    const other = await makeRoom(s.admin);
    s.link.emit({ type: 'session.failed', roomId: other.id, sessionId: failed.id, reason: 'vnc_auth_failed' });
    s.link.emit({ type: 'session.failed', roomId: a.room.id, sessionId: failed.id, reason: 'vnc_auth_failed', message: 'The VNC server refused the password' });
    await waitFor(async () => (await sessionOf(s.admin, failed.id)).state === 'ended', 8_000, 'failed');
    expect(await sessionOf(a.client, failed.id)).toMatchObject({ endReason: 'vnc_auth_failed', endMessage: 'The VNC server refused the password' });
    const [end] = await auditEntriesFor(s.admin, 'session.end', failed.id);
    expect(end!.details).toMatchObject({ reason: 'vnc_auth_failed', message: 'The VNC server refused the password' });
    expect(s.link.closesFor(failed.id)).toEqual([]); // the agent ended it: nothing to tell it

    const gone = await startSession(a.client, a.room.id, 'control');
    s.link.emit({ type: 'agent.disconnected', roomId: a.room.id });
    await waitFor(async () => (await sessionOf(s.admin, gone.id)).state === 'ended', 8_000, 'agent gone');
    expect((await sessionOf(s.admin, gone.id)).endReason).toBe('agent_disconnected');
  });

  it('when no viewer ever connects', async () => {
    await enableRemoteAccess(s.admin);
    const a = await roomAndUser(s, 'view');
    const started = await startSession(a.client, a.room.id, 'view');
    await waitFor(async () => (await sessionOf(s.admin, started.id)).state === 'ended', 20_000, 'pending timeout');
    expect((await sessionOf(s.admin, started.id)).endReason).toBe('viewer_never_connected');
    expect(await auditEntriesFor(s.admin, 'session.end', started.id)).toHaveLength(1);
  });
});

describe('restart', () => {
  it('ends what a stopped server left open, and what a crashed one left, each audited once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rw-sessions-'));
    const config = loadConfig({ ROOMWARDEN_LOG_LEVEL: 'silent', ROOMWARDEN_DATA_DIR: dir, ROOMWARDEN_PUBLIC_URL: 'http://127.0.0.1:18519' }, { timings: sessionTimings({}) });
    try {
      const link = new FakeAgentLink();
      const first = await createApp(config, { logger: false, serveWeb: false, agentLink: link });
      await first.services.bootstrap.ensureAdministrator(ADMIN_EMAIL, ADMIN_PASSWORD);
      const admin = await signedIn(first.app, ADMIN_EMAIL, ADMIN_PASSWORD);
      await enableRemoteAccess(admin);
      const room = await makeRoom(admin);
      link.setOnline(room.id);
      const live = await startSession(admin, room.id, 'control');
      // A session another run left "active" (it crashed): a row the running server does not hold.
      const crashedId = randomUUID();
      await first.database.db
        .insertInto('remote_sessions')
        .values({ id: crashedId, room_id: room.id, room_name: room.name, user_id: (await admin.get('me')).body.user.id, user_label: ADMIN_EMAIL, mode: 'view', state: 'active', node_id: 'node-crashed', idle_timeout_minutes: 15, max_minutes: 120, started_at: new Date(Date.now() - 60_000), connected_at: new Date(), expires_at: new Date(Date.now() + 3_600_000) })
        .execute();
      await first.close();

      const second = await createApp(config, { logger: false, serveWeb: false, agentLink: new FakeAgentLink() });
      try {
        const admin2 = await signedIn(second.app, ADMIN_EMAIL, ADMIN_PASSWORD);
        expect(await sessionOf(admin2, live.id)).toMatchObject({ state: 'ended', endReason: 'server_shutdown' });
        expect(await sessionOf(admin2, crashedId)).toMatchObject({ state: 'ended', endReason: 'server_restart' });
        expect((await admin2.get('sessions?state=live')).body.items).toEqual([]);
        expect(await auditEntriesFor(admin2, 'session.end', live.id)).toHaveLength(1);
        expect(await auditEntriesFor(admin2, 'session.end', crashedId)).toHaveLength(1);
        expect((await admin2.get('audit/verify')).body.ok).toBe(true);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
