// Issue 14 B: retiring a room and its maintenance window (Rooms: Modify on the room; reading
// the window needs only to see the room), incident settings (Settings), an incident's detail
// (Incidents: View on its room), notes, resolving by hand and recording an issue (Incidents:
// Modify on the room). Incident rows record an issue on the room the harness chose (by the
// administrator), so it is in or out of the caller's scope alike.
import type { Fixtures, MatrixCase, Ref } from '../model.ts';

const ROOMS_MODIFY = { area: 'rooms', level: 'modify' } as const;
const INCIDENTS_VIEW = { area: 'incidents', level: 'view' } as const;
const INCIDENTS_MODIFY = { area: 'incidents', level: 'modify' } as const;

const soon = () => new Date(Date.now() + 3_600_000).toISOString();

/** An issue recorded by the administrator on `room`. */
async function issueOn(fx: Fixtures, room: Ref): Promise<string> {
  const res = await fx.admin.post(`rooms/${room.id}/incidents`, { title: fx.unique('pm-issue'), severity: 'low' });
  if (res.status !== 201) throw new Error(`record: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

export const roomsIncidentsCases: MatrixCase[] = [
  { method: 'POST', url: '/api/v1/rooms/:id/retire', permission: ROOMS_MODIFY, room: 'fresh', ok: 200, request: (_fx, room) => ({ path: `rooms/${room!.id}/retire` }) },
  { method: 'GET', url: '/api/v1/rooms/:id/maintenance', permission: 'authenticated', room: 'fixed', needsVisibleRoom: true, ok: 200, request: (_fx, room) => ({ path: `rooms/${room!.id}/maintenance` }) },
  {
    method: 'PUT',
    url: '/api/v1/rooms/:id/maintenance',
    permission: ROOMS_MODIFY,
    room: 'fresh',
    ok: 200,
    request: (_fx, room) => ({ path: `rooms/${room!.id}/maintenance`, body: { until: soon(), reason: 'pm' } }),
  },
  {
    method: 'DELETE',
    url: '/api/v1/rooms/:id/maintenance',
    permission: ROOMS_MODIFY,
    room: 'fresh',
    ok: 204,
    request: async (fx, room) => {
      await fx.admin.put(`rooms/${room!.id}/maintenance`, { until: soon(), reason: 'pm' });
      return { path: `rooms/${room!.id}/maintenance` };
    },
  },
  { method: 'GET', url: '/api/v1/settings/incidents', permission: { area: 'settings', level: 'view' }, ok: 200, request: () => ({ path: 'settings/incidents' }) },
  {
    method: 'PUT',
    url: '/api/v1/settings/incidents',
    permission: { area: 'settings', level: 'modify' },
    ok: 200,
    request: () => ({ path: 'settings/incidents', body: { signals: { uptime: { enabled: true, severity: 'medium', degradedSeverity: 'low' } } } }),
  },
  {
    method: 'POST',
    url: '/api/v1/rooms/:id/incidents',
    permission: INCIDENTS_MODIFY,
    room: 'fresh',
    ok: 201,
    request: (fx, room) => ({ path: `rooms/${room!.id}/incidents`, body: { title: fx.unique('pm-issue'), severity: 'low' } }),
  },
  { method: 'GET', url: '/api/v1/incidents/:id', permission: INCIDENTS_VIEW, room: 'fresh', ok: 200, request: async (fx, room) => ({ path: `incidents/${await issueOn(fx, room!)}` }) },
  {
    method: 'POST',
    url: '/api/v1/incidents/:id/notes',
    permission: INCIDENTS_MODIFY,
    room: 'fresh',
    ok: 201,
    request: async (fx, room) => ({ path: `incidents/${await issueOn(fx, room!)}/notes`, body: { text: 'pm note' } }),
  },
  {
    method: 'POST',
    url: '/api/v1/incidents/:id/resolve',
    permission: INCIDENTS_MODIFY,
    room: 'fresh',
    ok: 200,
    request: async (fx, room) => ({ path: `incidents/${await issueOn(fx, room!)}/resolve`, body: {} }),
  },
];
