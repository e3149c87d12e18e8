// Role assignments and room groups (issue 14, part A). A role's assignments are read with
// Roles: View and changed with Roles: Modify (organisation-wide). Room groups are read by
// any signed-in user (their rooms filtered to what the caller sees); managing a group or
// its rooms needs Rooms: Modify on all rooms, like sites.
import { noPermissions } from '@roomwarden/protocol';
import { expect } from 'vitest';
import type { CallerModel, Fixtures, MatrixCase } from '../model.ts';
import { canSee } from '../model.ts';

const ROLES_VIEW = { area: 'roles', level: 'view' } as const;
const ROLES_MODIFY = { area: 'roles', level: 'modify' } as const;
const ROOMS_MODIFY = { area: 'rooms', level: 'modify' } as const;
const allRoomsModify = (c: CallerModel) => c.scope === 'all' && c.levels.rooms === 'modify';

/** A fresh custom role with one assignment: its path. */
async function freshAssignment(fx: Fixtures): Promise<string> {
  const role = (await fx.admin.post('roles', { name: fx.unique('role'), permissions: { ...noPermissions(), audit: 'view' }, assignments: [{ userIds: [fx.user.id] }] })).body;
  return `roles/${role.id}/assignments/${role.assignments[0].id}`;
}

/** A fresh room group holding rooms A (in every room caller's scope) and B (out of it). */
async function freshRoomGroup(fx: Fixtures): Promise<string> {
  return (await fx.admin.post('room-groups', { name: fx.unique('room-group'), roomIds: [fx.roomA.id, fx.roomB.id] })).body.id as string;
}

export const assignmentsCases: MatrixCase[] = [
  { method: 'GET', url: '/api/v1/roles/:id/assignments', permission: ROLES_VIEW, ok: 200, request: (fx) => ({ path: `roles/${fx.role.id}/assignments` }) },
  { method: 'POST', url: '/api/v1/roles/:id/assignments', permission: ROLES_MODIFY, ok: 201, request: (fx) => ({ path: `roles/${fx.role.id}/assignments`, body: { name: fx.unique('a'), groupIds: [fx.group.id] } }) },
  { method: 'GET', url: '/api/v1/roles/:id/assignments/:assignmentId', permission: ROLES_VIEW, ok: 200, request: async (fx) => ({ path: await freshAssignment(fx) }) },
  { method: 'PUT', url: '/api/v1/roles/:id/assignments/:assignmentId', permission: ROLES_MODIFY, ok: 200, request: async (fx) => ({ path: await freshAssignment(fx), body: { name: fx.unique('a'), scope: { allRooms: true } } }) },
  { method: 'PATCH', url: '/api/v1/roles/:id/assignments/:assignmentId', permission: ROLES_MODIFY, ok: 200, request: async (fx) => ({ path: await freshAssignment(fx), body: { emailNotifications: true } }) },
  { method: 'DELETE', url: '/api/v1/roles/:id/assignments/:assignmentId', permission: ROLES_MODIFY, ok: 204, request: async (fx) => ({ path: await freshAssignment(fx) }) },

  { method: 'GET', url: '/api/v1/room-groups', permission: 'authenticated', ok: 200, request: () => ({ path: 'room-groups' }) },
  {
    method: 'GET',
    url: '/api/v1/room-groups/:id',
    permission: 'authenticated',
    ok: 200,
    request: async (fx) => ({ path: `room-groups/${await freshRoomGroup(fx)}` }),
    check: (res, caller, fx) => {
      // A group shows only the rooms the caller can view.
      const expected = [...(canSee(caller, 'in') ? [fx.roomA.id] : []), ...(canSee(caller, 'out') ? [fx.roomB.id] : [])].sort();
      expect([...(res.body.roomIds as string[])].sort(), caller.key).toEqual(expected);
      expect(res.body.roomCount, caller.key).toBe(expected.length);
    },
  },
  {
    method: 'GET',
    url: '/api/v1/room-groups/:id/rooms',
    permission: 'authenticated',
    ok: 200,
    request: async (fx) => ({ path: `room-groups/${await freshRoomGroup(fx)}/rooms` }),
    check: (res, caller, fx) => {
      const ids = (res.body.items as Array<{ id: string }>).map((r) => r.id);
      expect(ids.includes(fx.roomA.id), caller.key).toBe(canSee(caller, 'in'));
      expect(ids.includes(fx.roomB.id), caller.key).toBe(canSee(caller, 'out'));
    },
  },
  { method: 'POST', url: '/api/v1/room-groups', permission: ROOMS_MODIFY, ok: 201, allowed: allRoomsModify, request: (fx) => ({ path: 'room-groups', body: { name: fx.unique('room-group') } }) },
  { method: 'PUT', url: '/api/v1/room-groups/:id', permission: ROOMS_MODIFY, ok: 200, allowed: allRoomsModify, request: async (fx) => ({ path: `room-groups/${await freshRoomGroup(fx)}`, body: { name: fx.unique('room-group') } }) },
  { method: 'PATCH', url: '/api/v1/room-groups/:id', permission: ROOMS_MODIFY, ok: 200, allowed: allRoomsModify, request: async (fx) => ({ path: `room-groups/${await freshRoomGroup(fx)}`, body: { description: 'd' } }) },
  { method: 'DELETE', url: '/api/v1/room-groups/:id', permission: ROOMS_MODIFY, ok: 204, allowed: allRoomsModify, request: async (fx) => ({ path: `room-groups/${await freshRoomGroup(fx)}` }) },
  {
    method: 'POST',
    url: '/api/v1/room-groups/:id/rooms',
    permission: ROOMS_MODIFY,
    ok: 201,
    allowed: allRoomsModify,
    request: async (fx) => ({ path: `room-groups/${(await fx.admin.post('room-groups', { name: fx.unique('room-group') })).body.id}/rooms`, body: { roomId: fx.roomA.id } }),
  },
  { method: 'DELETE', url: '/api/v1/room-groups/:id/rooms/:roomId', permission: ROOMS_MODIFY, ok: 204, allowed: allRoomsModify, request: async (fx) => ({ path: `room-groups/${await freshRoomGroup(fx)}/rooms/${fx.roomA.id}` }) },
];
