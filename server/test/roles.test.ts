// Roles: the DESIGN shape (a role is its permissions and its assignments), validation,
// built-in roles, the last Administrator through every path, and changes that decide the
// very next request.
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
/** The Administrator role's one assignment (all rooms), as 0009 made it. */
const adminAssignment = async (): Promise<{ id: string; userIds: string[]; groupIds: string[] }> => (await adminRole()).assignments[0];
/** Changes the members of the Administrator role's assignment, as `client`. */
const setAdmins = async (client: ApiClient, members: { userIds?: string[]; groupIds?: string[] }) =>
  client.patch(`roles/${ADMIN_ROLE}/assignments/${(await client.get(`roles/${ADMIN_ROLE}`)).body.assignments[0].id}`, members);
const allRooms = { allRooms: true, siteIds: [], roomGroupIds: [], roomIds: [] };

describe('role shape and validation', () => {
  it('lists the built-in roles in the DESIGN shape', async () => {
    const res = await admin.get('roles');
    expect(res.status).toBe(200);
    const a = res.body.items.find((r: { id: string }) => r.id === ADMIN_ROLE);
    expect(Object.keys(a)).toEqual(expect.arrayContaining(['id', 'name', 'description', 'builtIn', 'builtInKind', 'permissions', 'assignments']));
    expect(a).not.toHaveProperty('scope');
    expect(a).toMatchObject({ name: 'Administrator', builtIn: true, permissions: allPermissions('modify') });
    expect(a.assignments).toEqual([
      { id: expect.any(String), name: 'Administrator', groupIds: [], userIds: [adminId], scope: allRooms, emailNotifications: false, createdAt: expect.any(String), updatedAt: expect.any(String) },
    ]);
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
      assignments: [
        { name: 'Nordics', groupIds: [g.id], userIds: [u.id], scope: { allRooms: false, siteIds: [site.id], roomGroupIds: [], roomIds: [room.id] }, emailNotifications: true },
        { groupIds: [g.id], scope: { allRooms: true } },
      ],
    };
    const res = await admin.post('roles', body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: body.name, description: body.description, permissions: body.permissions, builtIn: false, builtInKind: null, id: expect.any(String) });
    // Sorted by name; the unnamed one is named after the role (and its place in the request).
    expect(res.body.assignments).toEqual([
      { ...body.assignments[0], id: expect.any(String), createdAt: expect.any(String), updatedAt: expect.any(String) },
      { id: expect.any(String), name: `${body.name} 2`, groupIds: [g.id], userIds: [], scope: allRooms, emailNotifications: false, createdAt: expect.any(String), updatedAt: expect.any(String) },
    ]);
    const entry = (await admin.get(`audit?action=role.create&targetId=${res.body.id}`)).body.items[0];
    expect(entry.details).toMatchObject({ before: null, after: { name: body.name, permissions: { remoteAccess: 'modify' }, assignments: [{ name: 'Nordics', groupIds: [g.id] }, {}] } });
    expect((await admin.get(`roles/${res.body.id}`)).body).toEqual(res.body);
  });

  it('answers 400 naming the field for bad permissions, unknown ids and unknown fields', async () => {
    const good = { name: unique('r'), permissions: { ...noPermissions(), audit: 'view' } };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...good, permissions: { ...noPermissions(), rooms: 'admin' } }, 'permissions.rooms'],
      [{ ...good, permissions: { rooms: 'view' } }, 'permissions.incidents'],
      [{ ...good, permissions: { ...noPermissions(), superpower: 'modify' } }, 'permissions.superpower'],
      [{ ...good, assignments: [{ groupIds: [MISSING], userIds: [] }] }, 'assignments.0.groupIds'],
      [{ ...good, assignments: [{}, { groupIds: [], userIds: [MISSING] }] }, 'assignments.1.userIds'],
      [{ ...good, assignments: [{ groupIds: ['nope'] }] }, 'assignments.0.groupIds.0'],
      [{ ...good, assignments: [{ scope: { allRooms: false, siteIds: [MISSING], roomIds: [] } }] }, 'assignments.0.scope.siteIds'],
      [{ ...good, assignments: [{ scope: { roomGroupIds: [MISSING] } }] }, 'assignments.0.scope.roomGroupIds'],
      [{ ...good, assignments: [{ scope: { allRooms: false, siteIds: [], roomIds: [MISSING] } }] }, 'assignments.0.scope.roomIds'],
      [{ ...good, assignments: [{ id: MISSING }] }, 'assignments.0.id'],
      [{ ...good, assignments: { groupIds: [] } }, 'assignments'],
      [{ ...good, scope: { allRooms: true } }, 'scope'],
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
    const created = await admin.post('roles', { name: unique('nothing'), permissions: noPermissions(), assignments: [{ scope: { allRooms: true } }] });
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
    expect(p.body).toMatchObject({ description: 'now with settings', permissions: { settings: 'view', audit: 'view' }, assignments: [{ id: role.assignmentId, scope: { allRooms: false, siteIds: [site.id] } }] });
    const entry = (await admin.get(`audit?action=role.update&targetId=${role.id}`)).body.items[0];
    expect(entry.details).toMatchObject({ before: { description: '', permissions: { settings: 'none' } }, after: { permissions: { settings: 'view' } } });
    // PUT of what GET answered, with one field changed, keeps the rest, assignments included.
    const read = (await admin.get(`roles/${role.id}`)).body;
    const back = await admin.put(`roles/${role.id}`, { ...read, description: 'read back' });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ description: 'read back', assignments: [{ id: role.assignmentId, scope: { siteIds: [site.id] } }] });
    // An item with an id replaces that assignment (what it omits stays), one without is new, one left out goes.
    const swap = await admin.put(`roles/${role.id}`, { name: role.name, permissions: read.permissions, assignments: [{ id: role.assignmentId, name: 'renamed' }, { name: 'fresh', scope: { allRooms: true } }] });
    expect(swap.status).toBe(200);
    expect(swap.body.assignments.map((a: { id: string; name: string; scope: { siteIds: string[] } }) => [a.name, a.id === role.assignmentId, a.scope.siteIds])).toEqual([
      ['fresh', false, []],
      ['renamed', true, [site.id]],
    ]);
    const put = await admin.put(`roles/${role.id}`, { name: role.name, permissions: { ...noPermissions(), incidents: 'view' }, assignments: [{ scope: { allRooms: true } }] });
    expect(put.body).toMatchObject({ description: '', permissions: { ...noPermissions(), incidents: 'view' }, assignments: [{ name: role.name, scope: allRooms, groupIds: [], userIds: [] }] });
    expect(put.body.assignments).toHaveLength(1);
    expect((await admin.put(`roles/${role.id}`, { name: role.name, permissions: put.body.permissions })).body.assignments).toEqual([]);
    expect((await admin.put(`roles/${role.id}`, { name: role.name })).body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'permissions' });
    expect((await admin.delete(`roles/${role.id}`)).status).toBe(204);
    expect((await admin.get(`roles/${role.id}`)).status).toBe(404);
    expect((await admin.get(`audit?action=role.delete&targetId=${role.id}`)).body.items[0].details).toMatchObject({ before: { name: role.name }, after: null });
  });
});

describe('built-in roles', () => {
  it('cannot be deleted, renamed, or have their permissions changed; Administrator and Reader stay on all rooms', async () => {
    for (const id of [ADMIN_ROLE, READER_ROLE]) {
      expect((await admin.delete(`roles/${id}`)).body.error.code).toBe('BUILT_IN_ROLE');
      expect((await admin.patch(`roles/${id}`, { permissions: noPermissions() })).body.error.code).toBe('BUILT_IN_ROLE');
      expect((await admin.patch(`roles/${id}`, { name: 'Renamed' })).body.error.code).toBe('BUILT_IN_ROLE');
      const role = (await admin.get(`roles/${id}`)).body;
      const narrowed = await admin.patch(`roles/${id}/assignments/${role.assignments[0].id}`, { scope: { allRooms: false } });
      expect(narrowed.status).toBe(409);
      expect(narrowed.body.error).toMatchObject({ code: 'BUILT_IN_ROLE', field: 'scope' });
      expect((await admin.put(`roles/${id}`, role)).status).toBe(200);
    }
    expect((await admin.delete(`roles/${ADMIN_ROLE}`)).status).toBe(409);
    expect((await adminRole()).permissions).toEqual(allPermissions('modify'));
  });

  it('their assignments can change (Reader given to a group)', async () => {
    const u = await makeUser(admin);
    const g = await makeGroup(admin, { memberIds: [u.id] });
    const reader = (await admin.get(`roles/${READER_ROLE}`)).body.assignments[0];
    const res = await admin.patch(`roles/${READER_ROLE}/assignments/${reader.id}`, { groupIds: [g.id] });
    expect(res.status).toBe(200);
    expect(res.body.groupIds).toEqual([g.id]);
    const c = await signedIn(t.app, u.email, u.password);
    expect((await c.get('me')).body.permissions).toEqual(allPermissions('view'));
    expect((await c.get('users')).status).toBe(200);
    expect((await c.post('groups', { displayName: 'nope' })).status).toBe(403);
    await admin.patch(`roles/${READER_ROLE}/assignments/${reader.id}`, { groupIds: [] });
    expect((await c.get('users')).status).toBe(403);
  });
});

describe('the last Administrator', () => {
  it('cannot remove their own role assignment, disable or delete themselves', async () => {
    const r1 = await setAdmins(admin, { userIds: [], groupIds: [] });
    expect(r1.status).toBe(409);
    expect(r1.body.error.code).toBe('LAST_ADMINISTRATOR');
    const assignment = await adminAssignment();
    expect((await admin.delete(`roles/${ADMIN_ROLE}/assignments/${assignment.id}`)).body.error.code).toBe('LAST_ADMINISTRATOR');
    expect((await admin.patch(`roles/${ADMIN_ROLE}`, { assignments: [] })).body.error.code).toBe('LAST_ADMINISTRATOR');
    expect((await admin.patch(`users/${adminId}`, { disabled: true })).body.error.code).toBe('LAST_ADMINISTRATOR');
    expect((await admin.delete(`users/${adminId}`)).body.error.code).toBe('LAST_ADMINISTRATOR');
    expect((await adminAssignment()).userIds).toEqual([adminId]);
    expect((await admin.get('me')).status).toBe(200);
  });

  it('a disabled holder of the role does not count', async () => {
    const other = await makeUser(admin);
    await setAdmins(admin, { userIds: [adminId, other.id] });
    await admin.patch(`users/${other.id}`, { disabled: true });
    expect((await setAdmins(admin, { userIds: [other.id] })).body.error.code).toBe('LAST_ADMINISTRATOR');
    await setAdmins(admin, { userIds: [adminId] });
  });

  it('is protected through groups: member removal, group deletion, user disable and delete, role edit', async () => {
    const second = await makeUser(admin);
    const g = await makeGroup(admin, { memberIds: [second.id] });
    // The Administrator role moves to the group: `second` becomes the only administrator.
    expect((await setAdmins(admin, { userIds: [adminId], groupIds: [g.id] })).status).toBe(200);
    expect((await setAdmins(admin, { userIds: [] })).status).toBe(200);
    expect((await admin.get('users')).status).toBe(403); // the change decided the very next request
    const s = await signedIn(t.app, second.email, second.password);
    const attempts = [
      await s.delete(`groups/${g.id}/members/${second.id}`),
      await s.delete(`groups/${g.id}`),
      await s.patch(`users/${second.id}`, { disabled: true }),
      await s.delete(`users/${second.id}`),
      await setAdmins(s, { groupIds: [] }),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('LAST_ADMINISTRATOR');
    }
    expect((await s.get(`groups/${g.id}`)).body.memberCount).toBe(1);
    // Hand it back, then the group can go.
    expect((await setAdmins(s, { userIds: [adminId], groupIds: [g.id] })).status).toBe(200);
    expect((await admin.get('users')).status).toBe(200);
    expect((await admin.delete(`groups/${g.id}`)).status).toBe(204);
    expect(await adminAssignment()).toMatchObject({ userIds: [adminId], groupIds: [] });
    expect((await s.get('users')).status).toBe(403);
  });

  it('two concurrent removals cannot both succeed', async () => {
    const other = await makeUser(admin);
    await setAdmins(admin, { userIds: [adminId, other.id] });
    const assignment = await adminAssignment();
    const [a, b] = await Promise.all([admin.patch(`users/${other.id}`, { disabled: true }), admin.patch(`roles/${ADMIN_ROLE}/assignments/${assignment.id}`, { userIds: [other.id] })]);
    // Restore first, so that a failed expectation below cannot leave the file without its administrator.
    if (a.status === 200) {
      await setAdmins(admin, { userIds: [adminId] });
    } else {
      const o = await signedIn(t.app, other.email, other.password);
      await setAdmins(o, { userIds: [adminId] });
    }
    expect([a.status, b.status].filter((s) => s === 200)).toHaveLength(1);
    // The loser is refused either way: by the guard (LAST_ADMINISTRATOR) when the disable
    // went first, or, when the role edit went first, because the caller is then no longer an
    // Administrator and may not disable one (FORBIDDEN). Which one wins is the race's.
    const loser = a.status === 200 ? b : a;
    expect(loser.body.error?.code).toEqual(a.status === 200 ? 'LAST_ADMINISTRATOR' : expect.stringMatching(/^(LAST_ADMINISTRATOR|FORBIDDEN)$/));
    expect((await adminAssignment()).userIds).toEqual([adminId]);
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

    const { assignments } = (await admin.get(`roles/${roleId}`)).body;
    await admin.patch(`roles/${roleId}`, { assignments: [{ id: assignments[0].id, scope: { roomIds: [roomB.id] } }] });
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
