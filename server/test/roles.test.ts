// Roles: the DESIGN shape, validation, built-in roles, the last Administrator through
// every path, and changes that decide the very next request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AREAS, allPermissions, noPermissions } from '@roomwarden/protocol';
import type { ApiClient } from './support/api-client.ts';
import { signedIn } from './support/api-client.ts';
import { appWithAdmin, type TestApp } from './support/test-app.ts';
import { makeGroup, makeRole, makeRoom, makeSite, makeUser, unique, userWithRole } from './support/factories.ts';

const ADMIN_ROLE = '00000000-0000-4000-8000-000000000001';
const READER_ROLE = '00000000-0000-4000-8000-000000000002';
const MISSING = '00000000-0000-4000-8000-00000000ffff';

let t: TestApp;
let admin: ApiClient;
let adminId: string;
beforeAll(async () => {
  ({ t, admin, adminId } = await appWithAdmin());
});
afterAll(async () => t?.dispose());

const adminRole = async () => (await admin.get(`roles/${ADMIN_ROLE}`)).body;

describe('role shape and validation', () => {
  it('lists the built-in roles in the DESIGN shape', async () => {
    const res = await admin.get('roles');
    expect(res.status).toBe(200);
    const a = res.body.items.find((r: { id: string }) => r.id === ADMIN_ROLE);
    expect(Object.keys(a)).toEqual(expect.arrayContaining(['id', 'name', 'description', 'builtIn', 'permissions', 'assignments', 'scope']));
    expect(a).toMatchObject({ name: 'Administrator', builtIn: true, permissions: allPermissions('modify'), assignments: { groupIds: [], userIds: [adminId] }, scope: { allRooms: true, siteIds: [], roomIds: [] } });
    expect(Object.keys(a.permissions).sort()).toEqual([...AREAS].sort());
    const r = res.body.items.find((x: { id: string }) => x.id === READER_ROLE);
    expect(r).toMatchObject({ name: 'Reader', builtIn: true, permissions: allPermissions('view') });
  });

  it('creates a custom role with assignments and a scope, and audits it', async () => {
    const g = await makeGroup(admin);
    const u = await makeUser(admin, { password: null });
    const site = await makeSite(admin);
    const room = await makeRoom(admin);
    const body = {
      name: unique('Remote operators'),
      description: 'Reach the rooms',
      permissions: { ...noPermissions(), rooms: 'view', remoteAccess: 'modify' },
      assignments: { groupIds: [g.id], userIds: [u.id] },
      scope: { allRooms: false, siteIds: [site.id], roomIds: [room.id] },
    };
    const res = await admin.post('roles', body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ ...body, builtIn: false, id: expect.any(String) });
    const entry = (await admin.get(`audit?action=role.create&targetId=${res.body.id}`)).body.items[0];
    expect(entry.details).toMatchObject({ before: null, after: { name: body.name, permissions: { remoteAccess: 'modify' } } });
    expect((await admin.get(`roles/${res.body.id}`)).body).toEqual(res.body);
  });

  it('answers 400 naming the field for bad permissions, unknown ids and unknown fields', async () => {
    const good = { name: unique('r'), permissions: { ...noPermissions(), audit: 'view' } };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...good, permissions: { ...noPermissions(), rooms: 'admin' } }, 'permissions.rooms'],
      [{ ...good, permissions: { rooms: 'view' } }, 'permissions.incidents'],
      [{ ...good, permissions: { ...noPermissions(), superpower: 'modify' } }, 'permissions.superpower'],
      [{ ...good, assignments: { groupIds: [MISSING], userIds: [] } }, 'assignments.groupIds'],
      [{ ...good, assignments: { groupIds: [], userIds: [MISSING] } }, 'assignments.userIds'],
      [{ ...good, assignments: { groupIds: ['nope'] } }, 'assignments.groupIds.0'],
      [{ ...good, scope: { allRooms: false, siteIds: [MISSING], roomIds: [] } }, 'scope.siteIds'],
      [{ ...good, scope: { allRooms: false, siteIds: [], roomIds: [MISSING] } }, 'scope.roomIds'],
      [{ ...good, builtIn: true }, 'builtIn'],
      [{ ...good, name: '' }, 'name'],
      [{ ...good, permissions: noPermissions() }, 'permissions'],
    ];
    for (const [body, field] of cases) {
      const res = await admin.post('roles', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error, JSON.stringify(body)).toMatchObject({ code: 'VALIDATION_FAILED', field });
    }
    const dup = await admin.post('roles', { ...good, name: 'administrator' });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'ALREADY_EXISTS', field: 'name' });
    expect((await admin.get('roles?cursor=eyJrIjoxfQ')).body.error.code).toBe('INVALID_CURSOR');
    expect((await admin.get(`roles/${MISSING}`)).status).toBe(404);
  });

  it('refuses a role that grants no permission, created or edited, and keeps the role as it was', async () => {
    const created = await admin.post('roles', { name: unique('nothing'), permissions: noPermissions(), scope: { allRooms: true } });
    expect(created.status).toBe(400);
    expect(created.body).toEqual({ error: { code: 'VALIDATION_FAILED', message: 'A role needs at least one permission', field: 'permissions' } });
    const role = await makeRole(admin, { permissions: { rooms: 'view' } });
    const emptied = await admin.patch(`roles/${role.id}`, { permissions: noPermissions() });
    expect(emptied.status).toBe(400);
    expect(emptied.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'permissions' });
    expect((await admin.get(`roles/${role.id}`)).body.permissions).toMatchObject({ rooms: 'view' });
  });

  it('PATCH changes only what it names; PUT replaces; both are audited with before and after', async () => {
    const site = await makeSite(admin);
    const role = await makeRole(admin, { permissions: { audit: 'view' }, siteIds: [site.id] });
    const p = await admin.patch(`roles/${role.id}`, { description: 'now with settings', permissions: { ...noPermissions(), audit: 'view', settings: 'view' } });
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({ description: 'now with settings', permissions: { settings: 'view', audit: 'view' }, scope: { allRooms: false, siteIds: [site.id] } });
    const entry = (await admin.get(`audit?action=role.update&targetId=${role.id}`)).body.items[0];
    expect(entry.details).toMatchObject({ before: { description: '', permissions: { settings: 'none' } }, after: { permissions: { settings: 'view' } } });
    const put = await admin.put(`roles/${role.id}`, { name: role.name, permissions: { ...noPermissions(), incidents: 'view' }, scope: { allRooms: true } });
    expect(put.body).toMatchObject({ description: '', permissions: { ...noPermissions(), incidents: 'view' }, scope: { allRooms: true, siteIds: [], roomIds: [] }, assignments: { groupIds: [], userIds: [] } });
    expect((await admin.put(`roles/${role.id}`, { name: role.name })).body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'permissions' });
    expect((await admin.delete(`roles/${role.id}`)).status).toBe(204);
    expect((await admin.get(`roles/${role.id}`)).status).toBe(404);
    expect((await admin.get(`audit?action=role.delete&targetId=${role.id}`)).body.items[0].details).toMatchObject({ before: { name: role.name }, after: null });
  });
});

describe('built-in roles', () => {
  it('cannot be deleted, renamed, or have their permissions or scope changed', async () => {
    for (const id of [ADMIN_ROLE, READER_ROLE]) {
      expect((await admin.delete(`roles/${id}`)).body.error.code).toBe('BUILT_IN_ROLE');
      expect((await admin.patch(`roles/${id}`, { permissions: noPermissions() })).body.error.code).toBe('BUILT_IN_ROLE');
      expect((await admin.patch(`roles/${id}`, { scope: { allRooms: false } })).body.error.code).toBe('BUILT_IN_ROLE');
      expect((await admin.patch(`roles/${id}`, { name: 'Renamed' })).body.error.code).toBe('BUILT_IN_ROLE');
    }
    expect((await admin.delete(`roles/${ADMIN_ROLE}`)).status).toBe(409);
    expect((await adminRole()).permissions).toEqual(allPermissions('modify'));
  });

  it('their assignments can change (Reader given to a group)', async () => {
    const u = await makeUser(admin);
    const g = await makeGroup(admin, { memberIds: [u.id] });
    const res = await admin.patch(`roles/${READER_ROLE}`, { assignments: { groupIds: [g.id] } });
    expect(res.status).toBe(200);
    expect(res.body.assignments.groupIds).toEqual([g.id]);
    const c = await signedIn(t.app, u.email, u.password);
    expect((await c.get('me')).body.permissions).toEqual(allPermissions('view'));
    expect((await c.get('users')).status).toBe(200);
    expect((await c.post('groups', { displayName: 'nope' })).status).toBe(403);
    await admin.patch(`roles/${READER_ROLE}`, { assignments: { groupIds: [] } });
    expect((await c.get('users')).status).toBe(403);
  });
});

describe('the last Administrator', () => {
  it('cannot remove their own role assignment, disable or delete themselves', async () => {
    const r1 = await admin.patch(`roles/${ADMIN_ROLE}`, { assignments: { userIds: [], groupIds: [] } });
    expect(r1.status).toBe(409);
    expect(r1.body.error.code).toBe('LAST_ADMINISTRATOR');
    expect((await admin.patch(`users/${adminId}`, { disabled: true })).body.error.code).toBe('LAST_ADMINISTRATOR');
    expect((await admin.delete(`users/${adminId}`)).body.error.code).toBe('LAST_ADMINISTRATOR');
    expect((await adminRole()).assignments.userIds).toEqual([adminId]);
    expect((await admin.get('me')).status).toBe(200);
  });

  it('a disabled holder of the role does not count', async () => {
    const other = await makeUser(admin);
    await admin.patch(`roles/${ADMIN_ROLE}`, { assignments: { userIds: [adminId, other.id] } });
    await admin.patch(`users/${other.id}`, { disabled: true });
    expect((await admin.patch(`roles/${ADMIN_ROLE}`, { assignments: { userIds: [other.id] } })).body.error.code).toBe('LAST_ADMINISTRATOR');
    await admin.patch(`roles/${ADMIN_ROLE}`, { assignments: { userIds: [adminId] } });
  });

  it('is protected through groups: member removal, group deletion, user disable and delete, role edit', async () => {
    const second = await makeUser(admin);
    const g = await makeGroup(admin, { memberIds: [second.id] });
    // The Administrator role moves to the group: `second` becomes the only administrator.
    expect((await admin.patch(`roles/${ADMIN_ROLE}`, { assignments: { userIds: [adminId], groupIds: [g.id] } })).status).toBe(200);
    expect((await admin.patch(`roles/${ADMIN_ROLE}`, { assignments: { userIds: [] } })).status).toBe(200);
    expect((await admin.get('users')).status).toBe(403); // the change decided the very next request
    const s = await signedIn(t.app, second.email, second.password);
    const attempts = [
      await s.delete(`groups/${g.id}/members/${second.id}`),
      await s.delete(`groups/${g.id}`),
      await s.patch(`users/${second.id}`, { disabled: true }),
      await s.delete(`users/${second.id}`),
      await s.patch(`roles/${ADMIN_ROLE}`, { assignments: { groupIds: [] } }),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('LAST_ADMINISTRATOR');
    }
    expect((await s.get(`groups/${g.id}`)).body.memberCount).toBe(1);
    // Hand it back, then the group can go.
    expect((await s.patch(`roles/${ADMIN_ROLE}`, { assignments: { userIds: [adminId], groupIds: [g.id] } })).status).toBe(200);
    expect((await admin.get('users')).status).toBe(200);
    expect((await admin.delete(`groups/${g.id}`)).status).toBe(204);
    expect((await adminRole()).assignments).toEqual({ userIds: [adminId], groupIds: [] });
    expect((await s.get('users')).status).toBe(403);
  });

  it('two concurrent removals cannot both succeed', async () => {
    const other = await makeUser(admin);
    await admin.patch(`roles/${ADMIN_ROLE}`, { assignments: { userIds: [adminId, other.id] } });
    const [a, b] = await Promise.all([admin.patch(`users/${other.id}`, { disabled: true }), admin.patch(`roles/${ADMIN_ROLE}`, { assignments: { userIds: [other.id] } })]);
    // Restore first, so that a failed expectation below cannot leave the file without its administrator.
    if (a.status === 200) {
      await admin.patch(`roles/${ADMIN_ROLE}`, { assignments: { userIds: [adminId] } });
    } else {
      const o = await signedIn(t.app, other.email, other.password);
      await o.patch(`roles/${ADMIN_ROLE}`, { assignments: { userIds: [adminId] } });
    }
    expect([a.status, b.status].filter((s) => s === 200)).toHaveLength(1);
    // The loser is refused either way: by the guard (LAST_ADMINISTRATOR) when the disable
    // went first, or, when the role edit went first, because the caller is then no longer an
    // Administrator and may not disable one (FORBIDDEN). Which one wins is the race's.
    const loser = a.status === 200 ? b : a;
    expect(loser.body.error?.code).toEqual(a.status === 200 ? 'LAST_ADMINISTRATOR' : expect.stringMatching(/^(LAST_ADMINISTRATOR|FORBIDDEN)$/));
    expect((await adminRole()).assignments.userIds).toEqual([adminId]);
  });
});

describe('changes take effect at once', () => {
  it('a role edited, a room taken out of scope, a role deleted: the next request sees it', async () => {
    const roomA = await makeRoom(admin);
    const roomB = await makeRoom(admin);
    const { client, roleId } = await userWithRole(t.app, admin, { permissions: { rooms: 'modify', directory: 'view' }, roomIds: [roomA.id, roomB.id] });
    expect((await client.patch(`rooms/${roomA.id}`, { name: 'Renamed A' })).status).toBe(200);
    expect((await client.get('users')).status).toBe(200);

    await admin.patch(`roles/${roleId}`, { permissions: { ...noPermissions(), rooms: 'view' } });
    expect((await client.patch(`rooms/${roomA.id}`, { name: 'Again' })).status).toBe(403);
    expect((await client.get('users')).status).toBe(403);
    expect((await client.get(`rooms/${roomA.id}`)).body.myPermissions).toEqual({ rooms: 'view', incidents: 'none', remoteAccess: 'none', roomActions: 'none' });

    await admin.patch(`roles/${roleId}`, { scope: { roomIds: [roomB.id] } });
    expect((await client.get(`rooms/${roomA.id}`)).status).toBe(404);
    expect((await client.get('rooms')).body.items.map((r: { id: string }) => r.id)).toEqual([roomB.id]);

    const events: string[] = [];
    const off = t.bus.subscribe((e) => {
      if (e.type === 'role.changed' && e.roleId === roleId) events.push(e.type);
    });
    await admin.delete(`roles/${roleId}`);
    off();
    expect(events).toEqual(['role.changed']);
    expect((await client.get(`rooms/${roomB.id}`)).status).toBe(404);
    expect((await client.get('rooms')).body.items).toEqual([]);
  });
});
