// Sites and rooms (issue 3). Room reads are 'authenticated' and need some level in some
// room area on the room; writes need Rooms: Modify on the room; sites are written only
// with Rooms: Modify on all rooms; a room is created with Rooms: Modify on all rooms or
// on its site.
import { expect } from 'vitest';
import type { CallerModel, MatrixCase } from '../model.ts';
import { canSee } from '../model.ts';

const VIEW = { area: 'rooms', level: 'view' } as const;
const MODIFY = { area: 'rooms', level: 'modify' } as const;
const allRoomsModify = (c: CallerModel) => c.scope === 'all' && c.levels.rooms === 'modify';

export const roomsCases: MatrixCase[] = [
  { method: 'GET', url: '/api/v1/sites', permission: VIEW, ok: 200, request: () => ({ path: 'sites' }) },
  { method: 'GET', url: '/api/v1/sites/:id', permission: VIEW, ok: 200, request: (fx) => ({ path: `sites/${fx.siteA.id}` }) },
  { method: 'POST', url: '/api/v1/sites', permission: MODIFY, ok: 201, allowed: allRoomsModify, request: (fx) => ({ path: 'sites', body: { name: fx.unique('site') } }) },
  {
    method: 'PATCH',
    url: '/api/v1/sites/:id',
    permission: MODIFY,
    ok: 200,
    allowed: allRoomsModify,
    request: async (fx) => ({ path: `sites/${(await fx.freshSite()).id}`, body: { name: fx.unique('site') } }),
  },
  { method: 'DELETE', url: '/api/v1/sites/:id', permission: MODIFY, ok: 204, allowed: allRoomsModify, request: async (fx) => ({ path: `sites/${(await fx.freshSite()).id}` }) },
  {
    method: 'GET',
    url: '/api/v1/rooms',
    permission: 'authenticated',
    ok: 200,
    request: () => ({ path: `rooms?limit=200&q=${encodeURIComponent('pm-room')}` }),
    check: (res, caller, fx) => {
      const ids = (res.body.items as Array<{ id: string }>).map((r) => r.id);
      expect(ids.includes(fx.roomA.id), `${caller.key} sees room A`).toBe(canSee(caller, 'in'));
      expect(ids.includes(fx.roomB.id), `${caller.key} sees room B`).toBe(canSee(caller, 'out'));
    },
  },
  {
    method: 'GET',
    url: '/api/v1/rooms/summary',
    permission: 'authenticated',
    ok: 200,
    request: () => ({ path: 'rooms/summary' }),
    check: (res, caller) => {
      if (!canSee(caller, 'in')) expect(res.body.total, caller.key).toBe(0);
      else expect(res.body.total, caller.key).toBeGreaterThan(0);
    },
  },
  {
    method: 'POST',
    url: '/api/v1/rooms',
    permission: MODIFY,
    ok: 201,
    allowed: allRoomsModify,
    request: (fx) => ({ path: 'rooms', body: { name: fx.unique('pm-room-new'), siteId: fx.siteB.id } }),
  },
  { method: 'GET', url: '/api/v1/rooms/:id', permission: 'authenticated', room: 'fixed', needsVisibleRoom: true, ok: 200, request: (_fx, room) => ({ path: `rooms/${room!.id}` }) },
  { method: 'PATCH', url: '/api/v1/rooms/:id', permission: MODIFY, room: 'fixed', ok: 200, request: (_fx, room) => ({ path: `rooms/${room!.id}`, body: { region: 'pm-region' } }) },
  { method: 'DELETE', url: '/api/v1/rooms/:id', permission: MODIFY, room: 'fresh', ok: 204, request: (_fx, room) => ({ path: `rooms/${room!.id}` }) },
];
