// Sites and rooms: CRUD, visibility (lists filtered in SQL, invisible rooms are 404),
// filters, sorting and cursors, the status summary, myPermissions, audit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noPermissions } from '@roomwarden/protocol';
import { ApiClient, signedIn } from './support/api-client.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestApp, type TestApp } from './support/test-app.ts';
import { makeRole, makeRoom, makeSite, unique, userWithRole } from './support/factories.ts';

const MISSING = '00000000-0000-4000-8000-00000000ffff';
let t: TestApp;
let admin: ApiClient;
beforeAll(async () => {
  t = await createTestApp();
  admin = await signedIn(t.app, ADMIN_EMAIL, ADMIN_PASSWORD);
});
afterAll(async () => t?.dispose());

const setStatus = async (id: string, status: string, lastSeenAt: Date | null) => {
  await t.database.db.updateTable('rooms').set({ status, last_seen_at: lastSeenAt }).where('id', '=', id).execute();
};
const ids = (res: { body: { items: Array<{ id: string }> } }) => res.body.items.map((r) => r.id);

describe('sites', () => {
  it('creates, renames and deletes sites; a site with rooms cannot be deleted', async () => {
    const res = await admin.post('sites', { name: 'Zurich HQ' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.any(String), name: 'Zurich HQ', roomCount: 0 });
    expect((await admin.post('sites', { name: 'zurich hq' })).body.error).toMatchObject({ code: 'ALREADY_EXISTS', field: 'name' });
    expect((await admin.post('sites', { name: '' })).body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'name' });
    const site = res.body.id as string;
    expect((await admin.patch(`sites/${site}`, { name: 'Zürich HQ' })).body.name).toBe('Zürich HQ');
    const room = await makeRoom(admin, { siteId: site });
    expect((await admin.get(`sites/${site}`)).body.roomCount).toBe(1);
    const refused = await admin.delete(`sites/${site}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('CONFLICT');
    await admin.delete(`rooms/${room.id}`);
    const role = await makeRole(admin, { permissions: { rooms: 'view' }, siteIds: [site] });
    expect((await admin.delete(`sites/${site}`)).status).toBe(204);
    expect((await admin.get(`sites/${site}`)).status).toBe(404);
    expect((await admin.get(`roles/${role.id}`)).body.assignments[0].scope.siteIds).toEqual([]);
    const entries = (await admin.get(`audit?targetId=${site}`)).body.items.map((e: { action: string }) => e.action);
    expect(entries).toEqual(['site.delete', 'site.update', 'site.create']);
  });

  it('managing sites needs Rooms: Modify on all rooms', async () => {
    const site = await makeSite(admin);
    const { client } = await userWithRole(t.app, admin, { permissions: { rooms: 'modify' }, siteIds: [site.id] });
    expect((await client.get('sites')).status).toBe(200);
    expect((await client.post('sites', { name: unique('s') })).status).toBe(403);
    expect((await client.patch(`sites/${site.id}`, { name: unique('s') })).status).toBe(403);
  });

  it('a user who can see one room sees only its site, counting that room only; other sites are 404', async () => {
    const mine = await makeSite(admin);
    const other = await makeSite(admin);
    const room = await makeRoom(admin, { siteId: mine.id });
    await makeRoom(admin, { siteId: mine.id });
    await makeRoom(admin, { siteId: other.id });
    const { client } = await userWithRole(t.app, admin, { permissions: { rooms: 'view' }, roomIds: [room.id] });
    const listed = await client.get('sites?limit=100');
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: mine.id, roomCount: 1 })]);
    expect((await client.get(`sites/${mine.id}`)).body.roomCount).toBe(1);
    expect((await client.get(`sites/${other.id}`)).status).toBe(404);
    // a caller with all rooms sees every site and every room
    const all = (await admin.get('sites?limit=100')).body.items as Array<{ id: string; roomCount: number }>;
    expect(all.find((s) => s.id === mine.id)?.roomCount).toBe(2);
    expect(all.find((s) => s.id === other.id)?.roomCount).toBe(1);
  });
});

describe('rooms', () => {
  it('creates a room with defaults, the DESIGN shape and an audit entry', async () => {
    const site = await makeSite(admin);
    const res = await admin.post('rooms', { name: 'Boardroom 4.01', siteId: site.id });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      name: 'Boardroom 4.01',
      siteId: site.id,
      siteName: site.name,
      region: 'default',
      status: 'offline',
      remoteAccessAllowed: true,
      lastSeenAt: null,
      myPermissions: { rooms: 'modify', incidents: 'modify', remoteAccess: 'modify' },
    });
    const events: unknown[] = [];
    const off = t.bus.subscribe((e) => {
      if (e.type.startsWith('room.')) events.push(e);
    });
    const patched = await admin.patch(`rooms/${res.body.id}`, { remoteAccessAllowed: false, region: 'eu-west', siteId: null });
    off();
    expect(events).toEqual([{ type: 'room.updated', roomId: res.body.id, siteId: null, previousSiteId: site.id, remoteAccessAllowed: false }]);
    expect(patched.body).toMatchObject({ remoteAccessAllowed: false, region: 'eu-west', siteId: null, siteName: null });
    const entry = (await admin.get(`audit?action=room.update&targetId=${res.body.id}`)).body.items[0];
    expect(entry.details).toMatchObject({ before: { remoteAccessAllowed: true, siteId: site.id }, after: { remoteAccessAllowed: false, siteId: null, region: 'eu-west' } });
    expect((await admin.delete(`rooms/${res.body.id}`)).status).toBe(204);
    expect((await admin.get(`rooms/${res.body.id}`)).status).toBe(404);
    expect((await admin.get(`audit?action=room.delete&targetId=${res.body.id}`)).body.items[0].details.before.name).toBe('Boardroom 4.01');
  });

  it('validates room input', async () => {
    const cases: Array<[string, string, unknown, string]> = [
      ['POST', 'rooms', { name: 'x', siteId: MISSING }, 'siteId'],
      ['POST', 'rooms', { name: 'x', siteId: 'nope' }, 'siteId'],
      ['POST', 'rooms', { name: '' }, 'name'],
      ['POST', 'rooms', { name: 'x', region: 'has spaces' }, 'region'],
      ['POST', 'rooms', { name: 'x', status: 'healthy' }, 'status'],
      ['GET', 'rooms?status=sparkly', undefined, 'status'],
      ['GET', 'rooms?sort=colour', undefined, 'sort'],
      ['GET', 'rooms?siteId=abc', undefined, 'siteId'],
      ['GET', 'rooms?bogus=1', undefined, 'bogus'],
    ];
    for (const [method, url, body, field] of cases) {
      const res = await admin.request(method as 'GET', url, body);
      expect(res.status, `${method} ${url}`).toBe(400);
      expect(res.body.error, `${method} ${url}`).toMatchObject({ code: 'VALIDATION_FAILED', field });
    }
    const room = await makeRoom(admin);
    expect((await admin.patch(`rooms/${room.id}`, { siteId: MISSING })).body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'siteId' });
    expect((await admin.patch(`rooms/${MISSING}`, { name: 'x' })).status).toBe(404);
  });

  it('lists only the rooms the caller can view, with their levels on each, without leaking others', async () => {
    const siteA = await makeSite(admin);
    const siteB = await makeSite(admin);
    const inA1 = await makeRoom(admin, { siteId: siteA.id });
    const inA2 = await makeRoom(admin, { siteId: siteA.id });
    const inB = await makeRoom(admin, { siteId: siteB.id });
    const loose = await makeRoom(admin);
    const { client, user } = await userWithRole(t.app, admin, { permissions: { rooms: 'view' }, siteIds: [siteA.id] });
    await makeRole(admin, { permissions: { remoteAccess: 'modify' }, roomIds: [loose.id], userIds: [user.id] });
    const all = await client.get('rooms?limit=200');
    expect(all.status).toBe(200);
    expect(ids(all).sort()).toEqual([inA1.id, inA2.id, loose.id].sort());
    const looseView = all.body.items.find((r: { id: string }) => r.id === loose.id);
    expect(looseView.myPermissions).toEqual({ rooms: 'none', incidents: 'none', remoteAccess: 'modify', roomActions: 'none' });
    expect(all.body.items.find((r: { id: string }) => r.id === inA1.id).myPermissions).toEqual({ rooms: 'view', incidents: 'none', remoteAccess: 'none', roomActions: 'none' });
    expect((await client.get(`rooms/${inB.id}`)).status).toBe(404);
    expect((await client.get(`rooms/${loose.id}`)).status).toBe(200);
    expect(ids(await client.get(`rooms?siteId=${siteB.id}`))).toEqual([]);
    // visible but not modifiable: 403; invisible: 404 (same as a room that does not exist)
    expect((await client.patch(`rooms/${inA1.id}`, { name: 'x' })).status).toBe(403);
    const hidden = await client.delete(`rooms/${inB.id}`);
    const missing = await client.delete(`rooms/${MISSING}`);
    expect([hidden.status, missing.status]).toEqual([403, 403]); // no Rooms: Modify anywhere: refused before any lookup
  });

  it('room-scoped writes: 404 outside the scope, 403 when the level is too low, site rules for create and move', async () => {
    const siteA = await makeSite(admin);
    const siteB = await makeSite(admin);
    const a = await makeRoom(admin, { siteId: siteA.id });
    const b = await makeRoom(admin, { siteId: siteB.id });
    const { client } = await userWithRole(t.app, admin, { permissions: { rooms: 'modify' }, siteIds: [siteA.id] });
    expect((await client.patch(`rooms/${a.id}`, { name: 'Mine' })).status).toBe(200);
    expect((await client.patch(`rooms/${b.id}`, { name: 'Not mine' })).status).toBe(404);
    expect((await client.delete(`rooms/${b.id}`)).status).toBe(404);
    expect((await client.patch(`rooms/${a.id}`, { siteId: siteB.id })).status).toBe(403); // cannot give a room away
    expect((await client.post('rooms', { name: unique('r'), siteId: siteA.id })).status).toBe(201);
    expect((await client.post('rooms', { name: unique('r'), siteId: siteB.id })).status).toBe(403);
    expect((await client.post('rooms', { name: unique('r') })).status).toBe(403);
    expect((await admin.get(`rooms/${b.id}`)).body.name).toBe(b.name);
  });

  it('filters, searches, sorts and pages consistently', async () => {
    const site = await makeSite(admin);
    const tag = unique('sortme');
    const made: Array<{ id: string; name: string }> = [];
    const statuses = ['healthy', 'warning', 'unhealthy', 'offline', 'healthy'];
    for (let i = 0; i < 5; i++) {
      const r = await makeRoom(admin, { name: `${tag} ${String.fromCharCode(69 - i)}`, siteId: site.id, region: i % 2 ? 'eu' : 'us' });
      await setStatus(r.id, statuses[i]!, i === 2 ? null : new Date(Date.UTC(2026, 0, 1, 0, i)));
      made.push(r);
    }
    const collect = async (query: string) => {
      const out: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { status: number; body: { items: Array<{ id: string }>; nextCursor: string | null } } = await admin.get(`rooms?q=${tag}&limit=2&${query}${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status, query).toBe(200);
        out.push(...res.body.items.map((r) => r.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      return out;
    };
    const byName = [...made].sort((x, y) => x.name.localeCompare(y.name)).map((r) => r.id);
    expect(await collect('sort=name')).toEqual(byName);
    expect(await collect('sort=name&order=desc')).toEqual([...byName].reverse());
    const bySeen = [made[2]!, made[0]!, made[1]!, made[3]!, made[4]!].map((r) => r.id);
    expect(await collect('sort=lastSeenAt')).toEqual(bySeen);
    expect(await collect('sort=lastSeenAt&order=desc')).toEqual([...bySeen].reverse());
    const byStatus = await collect('sort=status');
    expect(byStatus).toHaveLength(5);
    expect(new Set(byStatus).size).toBe(5);
    expect((await collect('status=healthy')).sort()).toEqual([made[0]!.id, made[4]!.id].sort());
    expect((await collect('region=eu')).sort()).toEqual([made[1]!.id, made[3]!.id].sort());
    expect(await collect(`siteId=${site.id}&status=warning`)).toEqual([made[1]!.id]);
    // a cursor is checked against the sort it is used with
    const forged = Buffer.from(JSON.stringify({ k: 'not a date', id: made[0]!.id })).toString('base64url');
    expect((await admin.get(`rooms?sort=lastSeenAt&cursor=${forged}`)).body.error.code).toBe('INVALID_CURSOR');
    expect((await admin.get('rooms?cursor=!!!')).body.error.code).toBe('INVALID_CURSOR');
  });

  it('summarises statuses over the visible rooms only', async () => {
    const site = await makeSite(admin);
    const r1 = await makeRoom(admin, { siteId: site.id });
    const r2 = await makeRoom(admin, { siteId: site.id });
    await makeRoom(admin);
    await setStatus(r1.id, 'unhealthy', new Date());
    await setStatus(r2.id, 'healthy', new Date());
    const { client } = await userWithRole(t.app, admin, { permissions: { incidents: 'view' }, siteIds: [site.id] });
    expect((await client.get('rooms/summary')).body).toEqual({ healthy: 1, warning: 0, unhealthy: 1, offline: 0, total: 2 });
    const nobody = await userWithRole(t.app, admin, {});
    expect((await nobody.client.get('rooms/summary')).body.total).toBe(0);
    expect((await nobody.client.get('rooms')).body.items).toEqual([]);
    const everything = await admin.get('rooms/summary');
    expect(everything.body.total).toBeGreaterThanOrEqual(3);
    expect((await new ApiClient(t.app).get('rooms/summary')).status).toBe(401);
  });

  it('deleting a room removes it from role scopes', async () => {
    const room = await makeRoom(admin);
    const role = await makeRole(admin, { permissions: { ...noPermissions(), rooms: 'view' }, roomIds: [room.id] });
    await admin.delete(`rooms/${room.id}`);
    expect((await admin.get(`roles/${role.id}`)).body.assignments[0].scope.roomIds).toEqual([]);
  });

  it('documents the directory, room and role routes in the OpenAPI document', async () => {
    const paths = Object.keys((await admin.get('/api/v1/openapi.json')).body.paths);
    for (const p of ['/api/v1/users/{id}', '/api/v1/groups/{id}/members/{userId}', '/api/v1/sites', '/api/v1/rooms/summary', '/api/v1/rooms/{id}', '/api/v1/roles/{id}']) {
      expect(paths).toContain(p);
    }
  });

  it('RoomAccess.requireRoom resolves a room for other services: 404 invisible, 403 too low', async () => {
    const room = await makeRoom(admin, { region: 'ap' });
    const other = await makeRoom(admin);
    const { user } = await userWithRole(t.app, admin, { permissions: { remoteAccess: 'view' }, roomIds: [room.id] });
    const principal = { kind: 'user' as const, userId: user.id, email: user.email, displayName: 'x', via: 'cookie' as const };
    const access = t.services.roomAccess;
    const caller = await t.services.authz.callerFor(principal, null);
    expect(await access.findVisibleRoom(caller, room.id)).toMatchObject({ id: room.id });
    expect(await access.requireRoom(caller, room.id, 'remoteAccess', 'view')).toEqual({ id: room.id, siteId: null, name: room.name, region: 'ap', remoteAccessAllowed: true, retiredAt: null, roomGroupIds: [] });
    await expect(access.requireRoom(caller, room.id, 'remoteAccess', 'modify')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(access.requireRoom(caller, other.id, 'remoteAccess', 'view')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(access.requireRoom(caller, 'not-a-uuid', 'rooms', 'view')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
