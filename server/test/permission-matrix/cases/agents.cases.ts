// Agents, enrollment, incidents, signals and live events (issue 4). Enrollment tokens are
// organisation-wide; agent info, signals and revocation need Rooms on the room; incident
// lists and acknowledgement need Incidents. Rows that need an enrolled device enroll one
// in the site of the room the harness chose, so it is in or out of the caller's scope alike.
import { expect } from 'vitest';
import type { Fixtures, MatrixCase, Ref } from '../model.ts';

const ENROLL_VIEW = { area: 'enrollment', level: 'view' } as const;
const ENROLL_MODIFY = { area: 'enrollment', level: 'modify' } as const;
const ROOMS_VIEW = { area: 'rooms', level: 'view' } as const;
const ROOMS_MODIFY = { area: 'rooms', level: 'modify' } as const;
const INCIDENTS_VIEW = { area: 'incidents', level: 'view' } as const;
const INCIDENTS_MODIFY = { area: 'incidents', level: 'modify' } as const;

/** Enrolls a device whose room is in the same site as `room`. */
async function deviceBeside(fx: Fixtures, room: Ref): Promise<{ deviceId: string; roomId: string }> {
  const siteId = (await fx.admin.get(`rooms/${room.id}`)).body.siteId as string;
  const token = await fx.admin.post('enrollment-tokens', { siteId });
  const res = await fx.admin.post('agent/enroll', { token: token.body.token, hostname: fx.unique('pm-host'), platform: 'sim', agentVersion: '1.0.0', machineId: fx.unique('pm-machine') });
  if (res.status !== 201) throw new Error(`enroll failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export const agentsCases: MatrixCase[] = [
  { method: 'GET', url: '/api/v1/enrollment-tokens', permission: ENROLL_VIEW, ok: 200, request: () => ({ path: 'enrollment-tokens' }) },
  { method: 'POST', url: '/api/v1/enrollment-tokens', permission: ENROLL_MODIFY, ok: 201, request: () => ({ path: 'enrollment-tokens', body: { label: 'matrix' } }) },
  {
    method: 'DELETE',
    url: '/api/v1/enrollment-tokens/:id',
    permission: ENROLL_MODIFY,
    ok: 204,
    request: async (fx) => ({ path: `enrollment-tokens/${(await fx.admin.post('enrollment-tokens', {})).body.id}` }),
  },
  // Not a WebSocket upgrade: refused before any credential is looked at, for everybody alike.
  { method: 'GET', url: '/api/v1/agent/connect', permission: 'agent', ok: 400, anonymous: 400, request: () => ({ path: 'agent/connect' }) },
  { method: 'GET', url: '/api/v1/rooms/:id/agent', permission: ROOMS_VIEW, room: 'fixed', ok: 200, request: (_fx, room) => ({ path: `rooms/${room!.id}/agent` }) },
  { method: 'GET', url: '/api/v1/rooms/:id/signals', permission: ROOMS_VIEW, room: 'fixed', ok: 200, request: (_fx, room) => ({ path: `rooms/${room!.id}/signals` }) },
  {
    method: 'POST',
    url: '/api/v1/rooms/:id/agent/revoke',
    permission: ROOMS_MODIFY,
    room: 'fresh',
    ok: 204,
    request: async (fx, room) => ({ path: `rooms/${(await deviceBeside(fx, room!)).roomId}/agent/revoke` }),
  },
  {
    method: 'DELETE',
    url: '/api/v1/devices/:id',
    permission: ROOMS_MODIFY,
    room: 'fresh',
    ok: 204,
    request: async (fx, room) => ({ path: `devices/${(await deviceBeside(fx, room!)).deviceId}` }),
  },
  {
    method: 'GET',
    url: '/api/v1/incidents',
    permission: INCIDENTS_VIEW,
    ok: 200,
    request: () => ({ path: 'incidents?state=all' }),
    check: (res) => expect(Array.isArray(res.body.items)).toBe(true),
  },
  { method: 'GET', url: '/api/v1/rooms/:id/incidents', permission: INCIDENTS_VIEW, room: 'fixed', ok: 200, request: (_fx, room) => ({ path: `rooms/${room!.id}/incidents` }) },
  // No incident exists here: past the route's level, an unknown incident is a 404 (incidents.test.ts covers a real one in and out of scope).
  {
    method: 'POST',
    url: '/api/v1/incidents/:id/acknowledge',
    permission: INCIDENTS_MODIFY,
    ok: 404,
    request: () => ({ path: 'incidents/00000000-0000-4000-8000-00000000abcd/acknowledge' }),
    check: (res) => expect(res.body.error.message).toBe('Incident not found'),
  },
  { method: 'GET', url: '/api/v1/events', permission: 'authenticated', ok: 200, request: () => ({ path: 'events?maxSeconds=0' }) },
];
