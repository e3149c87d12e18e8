// /roles/:id/assignments (issue 14): the assignment shape, adding, changing and removing
// one, validation (400 naming the field), the audit entries, the built-in Site lead and
// Site technician assigned per scope, who may change the Administrator's assignments, and
// /me following assignments.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPermissions, noPermissions } from '@roomwarden/protocol';
import type { ApiClient } from './support/api-client.ts';
import { signedIn } from './support/api-client.ts';
import { appWithAdmin, type TestApp } from './support/test-app.ts';
import { addAssignment, makeGroup, makeRole, makeRoom, makeRoomGroup, makeSite, makeUser, unique, userWithRole } from './support/factories.ts';

const ADMIN_ROLE = '00000000-0000-4000-8000-000000000001';
const SITE_LEAD = '00000000-0000-4000-8000-000000000003';
const SITE_TECHNICIAN = '00000000-0000-4000-8000-000000000004';
const MISSING = '00000000-0000-4000-8000-00000000ffff';

let t: TestApp;
let admin: ApiClient;
beforeAll(async () => {
  ({ t, admin } = await appWithAdmin());
});
afterAll(async () => t?.dispose());

const audit = async (action: string, roleId: string) => (await admin.get(`audit?action=${action}&targetId=${roleId}&limit=1`)).body.items[0];

describe('a role’s assignments', () => {
  it('adds, reads, lists, changes and removes one, each audited with the role, the name, members and scope', async () => {
    const role = await makeRole(admin, { permissions: { rooms: 'view' } });
    const group = await makeGroup(admin);
    const user = await makeUser(admin, { password: null });
    const site = await makeSite(admin);
    const roomGroup = await makeRoomGroup(admin);
    const room = await makeRoom(admin);
    const body = { name: 'Nordics', groupIds: [group.id], userIds: [user.id], scope: { allRooms: false, siteIds: [site.id], roomGroupIds: [roomGroup.id], roomIds: [room.id] }, emailNotifications: true };
    const created = await admin.post(`roles/${role.id}/assignments`, body);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ ...body, id: expect.any(String), createdAt: expect.any(String), updatedAt: expect.any(String) });
    const path = `roles/${role.id}/assignments/${created.body.id}`;
    expect((await admin.get(path)).body).toEqual(created.body);
    expect((await admin.get(`roles/${role.id}`)).body.assignments).toContainEqual(created.body);
    expect((await audit('role.assignment.create', role.id)).details).toMatchObject({ roleName: role.name, name: 'Nordics', before: null, after: { groupIds: [group.id], userIds: [user.id], scope: body.scope } });

    const list = await admin.get(`roles/${role.id}/assignments?limit=1`);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0].name).toBe('Nordics'); // sorted by name: "Nordics" before the role's own
    const next = await admin.get(`roles/${role.id}/assignments?limit=1&cursor=${list.body.nextCursor}`);
    expect(next.body).toMatchObject({ items: [{ id: role.assignmentId }], nextCursor: null });

    // PATCH changes what it names; PUT of what GET answered is accepted; PUT replaces.
    const patched = await admin.patch(path, { scope: { allRooms: true } });
    expect(patched.body).toMatchObject({ name: 'Nordics', groupIds: [group.id], scope: { allRooms: true, siteIds: [], roomGroupIds: [], roomIds: [] }, emailNotifications: true });
    expect((await admin.put(path, (await admin.get(path)).body)).status).toBe(200);
    const replaced = await admin.put(path, { name: 'Renamed' });
    expect(replaced.body).toMatchObject({ name: 'Renamed', groupIds: [], userIds: [], scope: { allRooms: false, siteIds: [], roomGroupIds: [], roomIds: [] }, emailNotifications: false });
    expect((await audit('role.assignment.update', role.id)).details).toMatchObject({ name: 'Renamed', before: { name: 'Nordics' }, after: { name: 'Renamed' } });

    expect((await admin.delete(path)).status).toBe(204);
    expect((await admin.get(path)).status).toBe(404);
    expect((await audit('role.assignment.delete', role.id)).details).toMatchObject({ name: 'Renamed', before: { name: 'Renamed' }, after: null });
    expect((await admin.get(`roles/${role.id}`)).body.assignments.map((a: { id: string }) => a.id)).toEqual([role.assignmentId]);
  });

  it('answers 400 naming the field for unknown ids, 409 for a name the role already uses, 404 for an unknown role or assignment', async () => {
    const role = await makeRole(admin);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ groupIds: [MISSING] }, 'groupIds'],
      [{ userIds: [MISSING] }, 'userIds'],
      [{ scope: { siteIds: [MISSING] } }, 'scope.siteIds'],
      [{ scope: { roomGroupIds: [MISSING] } }, 'scope.roomGroupIds'],
      [{ scope: { roomIds: [MISSING] } }, 'scope.roomIds'],
      [{ scope: { roomIds: ['nope'] } }, 'scope.roomIds.0'],
      [{ name: '' }, 'name'],
      [{ members: [] }, 'members'],
    ];
    for (const [body, field] of cases) {
      const res = await admin.post(`roles/${role.id}/assignments`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error, JSON.stringify(body)).toMatchObject({ code: 'VALIDATION_FAILED', field });
    }
    const dup = await admin.post(`roles/${role.id}/assignments`, { name: role.name.toUpperCase() });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'ALREADY_EXISTS', field: 'name' });
    // Without a name, a free one.
    expect((await admin.post(`roles/${role.id}/assignments`, {})).body.name).toBe(`${role.name} 2`);
    expect((await admin.get(`roles/${MISSING}/assignments`)).status).toBe(404);
    expect((await admin.get(`roles/${role.id}/assignments/${MISSING}`)).status).toBe(404);
    expect((await admin.patch(`roles/${role.id}/assignments/${MISSING}`, { name: 'x' })).status).toBe(404);
    expect((await admin.delete(`roles/${role.id}/assignments/${MISSING}`)).status).toBe(404);
    // An assignment of another role is not this role's.
    const other = await makeRole(admin);
    expect((await admin.get(`roles/${role.id}/assignments/${other.assignmentId}`)).status).toBe(404);
  });
});

describe('the built-in Site lead and Site technician', () => {
  it('exist with their levels and no assignments; their permissions cannot change, they cannot be deleted', async () => {
    const lead = (await admin.get(`roles/${SITE_LEAD}`)).body;
    expect(lead).toMatchObject({ name: 'Site lead', builtIn: true, builtInKind: 'site_lead', permissions: { ...noPermissions(), rooms: 'modify', incidents: 'modify', roomActions: 'modify', remoteAccess: 'view' } });
    const tech = (await admin.get(`roles/${SITE_TECHNICIAN}`)).body;
    expect(tech).toMatchObject({ name: 'Site technician', builtIn: true, builtInKind: 'site_technician', permissions: { ...noPermissions(), rooms: 'view', incidents: 'modify' } });
    for (const id of [SITE_LEAD, SITE_TECHNICIAN]) {
      const res = await admin.patch(`roles/${id}`, { permissions: allPermissions('modify') });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'BUILT_IN_ROLE', field: 'permissions' });
      expect((await admin.delete(`roles/${id}`)).body.error.code).toBe('BUILT_IN_ROLE');
    }
  });

  it('one Site lead role assigned per site: each site’s leads run their rooms only; a technician sees them with Incidents: Modify (to acknowledge)', async () => {
    const [north, south] = [await makeSite(admin), await makeSite(admin)];
    const [northRoom, southRoom] = [await makeRoom(admin, { siteId: north.id }), await makeRoom(admin, { siteId: south.id })];
    const [northLead, southLead, tech] = [await makeUser(admin), await makeUser(admin), await makeUser(admin)];
    const northLeads = await makeGroup(admin, { memberIds: [northLead.id] });
    const northAssignment = await addAssignment(admin, SITE_LEAD, { name: unique('North'), groupIds: [northLeads.id], scope: { siteIds: [north.id] } });
    const southAssignment = await addAssignment(admin, SITE_LEAD, { name: unique('South'), userIds: [southLead.id], scope: { siteIds: [south.id] } });
    const techAssignment = await addAssignment(admin, SITE_TECHNICIAN, { name: unique('North techs'), userIds: [tech.id], scope: { siteIds: [north.id] } });
    try {
      const n = await signedIn(t.app, northLead.email, northLead.password);
      const sl = await signedIn(t.app, southLead.email, southLead.password);
      const tc = await signedIn(t.app, tech.email, tech.password);
      expect((await n.get(`rooms/${northRoom.id}`)).body.myPermissions).toEqual({ rooms: 'modify', incidents: 'modify', remoteAccess: 'view', roomActions: 'modify' });
      expect((await n.get(`rooms/${southRoom.id}`)).status).toBe(404);
      expect((await sl.get('rooms')).body.items.map((r: { id: string }) => r.id)).toEqual([southRoom.id]);
      expect((await n.patch(`rooms/${northRoom.id}`, { name: unique('renamed') })).status).toBe(200);
      expect((await tc.get(`rooms/${northRoom.id}`)).body.myPermissions).toEqual({ rooms: 'view', incidents: 'modify', remoteAccess: 'none', roomActions: 'none' });
      expect((await tc.patch(`rooms/${northRoom.id}`, { name: 'nope' })).status).toBe(403);
      const me = (await n.get('me')).body;
      expect(me.roles).toEqual([{ id: SITE_LEAD, name: 'Site lead' }]);
      expect(me.permissions).toMatchObject({ rooms: 'modify', remoteAccess: 'view', settings: 'none', roles: 'none' });
    } finally {
      for (const [role, a] of [[SITE_LEAD, northAssignment], [SITE_LEAD, southAssignment], [SITE_TECHNICIAN, techAssignment]] as const) await admin.delete(`roles/${role}/assignments/${a}`);
    }
  });
});

describe('the Administrator role’s assignments', () => {
  it('only an Administrator adds, changes or removes them', async () => {
    const { client } = await userWithRole(t.app, admin, { permissions: { roles: 'modify' }, allRooms: true });
    const assignment = (await admin.get(`roles/${ADMIN_ROLE}`)).body.assignments[0];
    const attempts = [
      await client.post(`roles/${ADMIN_ROLE}/assignments`, { name: 'mine', scope: { allRooms: true } }),
      await client.patch(`roles/${ADMIN_ROLE}/assignments/${assignment.id}`, { userIds: [...assignment.userIds] }),
      await client.delete(`roles/${ADMIN_ROLE}/assignments/${assignment.id}`),
      await client.patch(`roles/${ADMIN_ROLE}`, { assignments: [] }),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    // A custom role stays theirs to assign, and an Administrator may add one to the Administrator role.
    const custom = await makeRole(admin);
    expect((await client.post(`roles/${custom.id}/assignments`, { name: 'more' })).status).toBe(201);
    const second = await admin.post(`roles/${ADMIN_ROLE}/assignments`, { name: unique('second admins'), scope: { allRooms: true } });
    expect(second.status).toBe(201);
    expect((await admin.delete(`roles/${ADMIN_ROLE}/assignments/${second.body.id}`)).status).toBe(204);
  });

  it('counts administrators over every assignment of the role', async () => {
    const other = await makeUser(admin);
    const adminId = (await admin.get('me')).body.user.id as string;
    const first = (await admin.get(`roles/${ADMIN_ROLE}`)).body.assignments[0];
    const second = await addAssignment(admin, ADMIN_ROLE, { name: unique('backup admins'), userIds: [other.id], scope: { allRooms: true } });
    // The first assignment may lose its last member: `other` is still an Administrator through the second.
    expect((await admin.patch(`roles/${ADMIN_ROLE}/assignments/${first.id}`, { userIds: [] })).status).toBe(200);
    const o = await signedIn(t.app, other.email, other.password);
    expect((await o.delete(`roles/${ADMIN_ROLE}/assignments/${second}`)).body.error.code).toBe('LAST_ADMINISTRATOR');
    expect((await o.patch(`roles/${ADMIN_ROLE}/assignments/${first.id}`, { userIds: [adminId] })).status).toBe(200);
    expect((await admin.delete(`roles/${ADMIN_ROLE}/assignments/${second}`)).status).toBe(204);
    expect((await o.get('users')).status).toBe(403);
  });
});
