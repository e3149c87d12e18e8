// Agent builds and self-update (issue 15). The executables and install scripts are public;
// the list needs Enrollment: View, the update setting Settings, "Update agent" Rooms:
// Modify on the room, the outdated list Rooms: View (filtered to visible rooms).
import { expect } from 'vitest';
import type { Fixtures, MatrixCase, Ref } from '../model.ts';

/** A room beside `room` (same site) with an enrolled, not connected, simulated agent. */
async function roomWithAgent(fx: Fixtures, room: Ref): Promise<string> {
  const siteId = (await fx.admin.get(`rooms/${room.id}`)).body.siteId as string;
  const token = await fx.admin.post('enrollment-tokens', { siteId });
  const res = await fx.admin.post('agent/enroll', { token: token.body.token, hostname: fx.unique('pm-host'), platform: 'sim', agentVersion: '0.0.1', machineId: fx.unique('pm-machine') });
  if (res.status !== 201) throw new Error(`enroll failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.roomId as string;
}

export const agentReleasesCases: MatrixCase[] = [
  { method: 'GET', url: '/api/v1/agent/releases', permission: { area: 'enrollment', level: 'view' }, ok: 200, request: () => ({ path: 'agent/releases' }), check: (res) => expect(res.body.install.linux).toContain('{token}') },
  { method: 'GET', url: '/api/v1/settings/agent-updates', permission: { area: 'settings', level: 'view' }, ok: 200, request: () => ({ path: 'settings/agent-updates' }) },
  { method: 'PUT', url: '/api/v1/settings/agent-updates', permission: { area: 'settings', level: 'modify' }, ok: 200, request: () => ({ path: 'settings/agent-updates', body: { mode: 'automatic' } }) },
  // A simulated agent has no build and is not connected: allowed callers reach the service's 409.
  { method: 'POST', url: '/api/v1/rooms/:id/agent/update', permission: { area: 'rooms', level: 'modify' }, room: 'fresh', ok: 409, request: async (fx, room) => ({ path: `rooms/${await roomWithAgent(fx, room!)}/agent/update` }) },
  { method: 'GET', url: '/api/v1/agent/outdated', permission: { area: 'rooms', level: 'view' }, ok: 200, request: () => ({ path: 'agent/outdated' }), check: (res) => expect(Array.isArray(res.body.items)).toBe(true) },
];
