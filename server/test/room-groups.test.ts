// /room-groups (issue 14): the shape, creating, renaming and deleting a group, adding and
// removing its rooms, who may (Rooms: Modify on all rooms), what a caller sees of a group's
// rooms (only those they can view), the room view's roomGroupIds, /rooms?roomGroupId=, and
// a room group as an assignment's scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from './support/api-client.ts';
import { appWithAdmin, type TestApp } from './support/test-app.ts';
import { makeRoom, makeRoomGroup, makeSite, unique, userWithRole } from './support/factories.ts';

const MISSING = '00000000-0000-4000-8000-00000000ffff';

let t: TestApp;
let admin: ApiClient;
beforeAll(async () => {
  ({ t, admin } = await appWithAdmin());
});
afterAll(async () => t?.dispose());

const audit = async (action: string, id: string) => (await admin.get(`audit?action=${action}&targetId=${id}&limit=1`)).body.items[0];
const idsOf = (items: Array<{ id: string }>) => items.map((i) => i.id);

describe('room groups', () => {
  it('creates, reads, renames and deletes a group, each audited; a duplicate name is a 409', async () => {
    const [r1, r2] = [await makeRoom(admin), await makeRoom(admin)];
    const name = unique('Boardrooms');
    const created = await admin.post('room-groups', { name, description: 'The big ones', roomIds: [r2.id, r1.id, r1.id] });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), name, description: 'The big ones', roomIds: [r1.id, r2.id].sort(), roomCount: 2, createdAt: expect.any(String), updatedAt: expect.any(String) });
    const id = created.body.id as string;
    expect((await audit('room_group.create', id)).details).toMatchObject({ before: null, after: { name, roomIds: created.body.roomIds } });
    expect((await admin.get(`room-groups/${id}`)).body).toEqual(created.body);

    const dup = await admin.post('room-groups', { name: name.toUpperCase() });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'ALREADY_EXISTS', field: 'name' });

    const renamed = await admin.patch(`room-groups/${id}`, { name: `${name} 2` });
    expect(renamed.body).toMatchObject({ name: `${name} 2`, description: 'The big ones', roomIds: created.body.roomIds });
    expect((await audit('room_group.update', id)).details).toMatchObject({ before: { name }, after: { name: `${name} 2` } });
    // PUT takes what GET answered; roomIds there is the group's set of rooms.
    const read = (await admin.get(`room-groups/${id}`)).body;
    expect((await admin.put(`room-groups/${id}`, { ...read, roomIds: [r1.id] })).body).toMatchObject({ roomIds: [r1.id], roomCount: 1 });

    expect((await admin.delete(`room-groups/${id}`)).status).toBe(204);
    expect((await admin.get(`room-groups/${id}`)).status).toBe(404);
    expect((await audit('room_group.delete', id)).details).toMatchObject({ before: { name: `${name} 2` }, after: null });
    expect((await admin.get(`rooms/${r1.id}`)).status).toBe(200); // its rooms stay
  });

  it('adds and removes rooms (audited), shows them on the room and filters /rooms', async () => {
    const [r1, r2, r3] = [await makeRoom(admin), await makeRoom(admin), await makeRoom(admin)];
    const group = await makeRoomGroup(admin, { roomIds: [r1.id] });
    const add = await admin.post(`room-groups/${group.id}/rooms`, { roomId: r2.id });
    expect(add.status).toBe(201);
    expect(add.body.roomIds).toEqual([r1.id, r2.id].sort());
    expect((await admin.post(`room-groups/${group.id}/rooms`, { roomId: r2.id })).status).toBe(200); // already in it
    expect((await audit('room_group.room_add', group.id)).details).toMatchObject({ roomGroup: { id: group.id, name: group.name }, room: { id: r2.id, name: r2.name } });
    expect((await admin.get(`rooms/${r2.id}`)).body.roomGroupIds).toEqual([group.id]);
    expect((await admin.get(`rooms/${r3.id}`)).body.roomGroupIds).toEqual([]);
    expect(idsOf((await admin.get(`rooms?roomGroupId=${group.id}&limit=200`)).body.items).sort()).toEqual([r1.id, r2.id].sort());
    const page = await admin.get(`room-groups/${group.id}/rooms?limit=1`);
    expect(page.body.items).toHaveLength(1);
    const rest = await admin.get(`room-groups/${group.id}/rooms?limit=1&cursor=${page.body.nextCursor}`);
    expect([...idsOf(page.body.items), ...idsOf(rest.body.items)].sort()).toEqual([r1.id, r2.id].sort());

    expect((await admin.delete(`room-groups/${group.id}/rooms/${r1.id}`)).status).toBe(204);
    expect((await audit('room_group.room_remove', group.id)).details).toMatchObject({ room: { id: r1.id } });
    expect((await admin.delete(`room-groups/${group.id}/rooms/${r1.id}`)).status).toBe(404);
    expect((await admin.get(`room-groups/${group.id}`)).body.roomIds).toEqual([r2.id]);
  });

  it('answers 400 naming the field, 404 for an unknown group, and lists by name with ?q=', async () => {
    const group = await makeRoomGroup(admin, { name: unique('Zeta lounges') });
    const cases: Array<[string, string, Record<string, unknown>, string]> = [
      ['POST', 'room-groups', { name: unique('g'), roomIds: [MISSING] }, 'roomIds'],
      ['POST', 'room-groups', { name: '' }, 'name'],
      ['POST', 'room-groups', { name: unique('g'), site: 'x' }, 'site'],
      ['POST', `room-groups/${group.id}/rooms`, { roomId: MISSING }, 'roomId'],
      ['POST', `room-groups/${group.id}/rooms`, { roomId: 'nope' }, 'roomId'],
      ['PATCH', `room-groups/${group.id}`, { roomIds: [MISSING] }, 'roomIds'],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await admin.request(method as 'POST', path, body);
      expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
      expect(res.body.error, JSON.stringify(body)).toMatchObject({ code: 'VALIDATION_FAILED', field });
    }
    expect((await admin.get(`room-groups/${MISSING}`)).status).toBe(404);
    expect((await admin.get(`room-groups/${MISSING}/rooms`)).status).toBe(404);
    expect((await admin.post(`room-groups/${MISSING}/rooms`, { roomId: (await makeRoom(admin)).id })).status).toBe(404);
    expect((await admin.get(`rooms?roomGroupId=nope`)).body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'roomGroupId' });
    const found = await admin.get(`room-groups?q=${encodeURIComponent('zeta lounges')}`);
    expect(idsOf(found.body.items)).toEqual([group.id]);
    expect((await admin.get('room-groups?cursor=eyJrIjoxfQ')).body.error.code).toBe('INVALID_CURSOR');
  });

  it('is managed with Rooms: Modify on all rooms only; read by anyone signed in, with only their visible rooms', async () => {
    const site = await makeSite(admin);
    const [inSite, elsewhere] = [await makeRoom(admin, { siteId: site.id }), await makeRoom(admin)];
    const group = await makeRoomGroup(admin, { roomIds: [inSite.id, elsewhere.id] });
    const { client: lead } = await userWithRole(t.app, admin, { permissions: { rooms: 'modify' }, siteIds: [site.id] });
    const refused = [
      await lead.post('room-groups', { name: unique('mine') }),
      await lead.patch(`room-groups/${group.id}`, { name: unique('mine') }),
      await lead.post(`room-groups/${group.id}/rooms`, { roomId: inSite.id }),
      await lead.delete(`room-groups/${group.id}/rooms/${inSite.id}`),
      await lead.delete(`room-groups/${group.id}`),
    ];
    for (const res of refused) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    const seen = (await lead.get(`room-groups/${group.id}`)).body;
    expect(seen).toMatchObject({ roomIds: [inSite.id], roomCount: 1 });
    expect(idsOf((await lead.get(`room-groups/${group.id}/rooms`)).body.items)).toEqual([inSite.id]);
    const { client: nobody } = await userWithRole(t.app, admin, { permissions: { audit: 'view' } });
    expect((await nobody.get(`room-groups/${group.id}`)).body).toMatchObject({ roomIds: [], roomCount: 0 });
    expect((await nobody.get(`room-groups/${group.id}/rooms`)).body.items).toEqual([]);
    const { client: everywhere } = await userWithRole(t.app, admin, { permissions: { rooms: 'modify' }, allRooms: true });
    expect((await everywhere.post(`room-groups/${group.id}/rooms`, { roomId: (await makeRoom(admin)).id })).status).toBe(201);
  });

  it('scopes an assignment: its members see the group’s rooms, and lose one the moment it leaves the group', async () => {
    const [r1, r2, outside] = [await makeRoom(admin), await makeRoom(admin), await makeRoom(admin)];
    const group = await makeRoomGroup(admin, { roomIds: [r1.id, r2.id] });
    const { client } = await userWithRole(t.app, admin, { permissions: { rooms: 'view', incidents: 'view' }, roomGroupIds: [group.id] });
    expect(idsOf((await client.get('rooms?limit=200')).body.items).sort()).toEqual([r1.id, r2.id].sort());
    expect((await client.get(`rooms/${outside.id}`)).status).toBe(404);
    expect((await client.get('rooms/summary')).body.total).toBe(2);
    await admin.delete(`room-groups/${group.id}/rooms/${r2.id}`);
    expect((await client.get(`rooms/${r2.id}`)).status).toBe(404);
    expect(idsOf((await client.get('rooms')).body.items)).toEqual([r1.id]);
    await admin.post(`room-groups/${group.id}/rooms`, { roomId: outside.id });
    expect((await client.get(`rooms/${outside.id}`)).status).toBe(200);
  });
});
