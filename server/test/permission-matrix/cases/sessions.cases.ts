// Remote sessions (issue 5). Starting one needs Remote access on the room (View for a
// view-only session); the matrix's rooms have no agent, so an allowed start gets as far
// as the agent check (409 AGENT_OFFLINE) — sessions.test.ts covers every check in order.
// Reading and ending are for any signed-in user, decided on the session itself (its own
// user, or Remote access on its room); an unknown session is a 404 for everybody.
// The relay's WebSocket ends take a one-time ticket: without one, a 400 for everybody.
import { expect } from 'vitest';
import type { Fixtures, MatrixCase } from '../model.ts';

const REMOTE_VIEW = { area: 'remoteAccess', level: 'view' } as const;
const UNKNOWN_SESSION = '00000000-0000-4000-8000-00000000cafe';

async function remoteAccessOn(fx: Fixtures): Promise<void> {
  const res = await fx.admin.put('settings/general', { remoteAccessEnabled: true, remoteAccessContactEmail: 'noc@matrix.local' });
  if (res.status !== 200) throw new Error(`settings: ${res.status} ${JSON.stringify(res.body)}`);
}

export const sessionsCases: MatrixCase[] = [
  {
    method: 'POST',
    url: '/api/v1/rooms/:id/sessions',
    permission: REMOTE_VIEW,
    room: 'fixed',
    ok: 409,
    request: async (fx, room) => {
      await remoteAccessOn(fx);
      return { path: `rooms/${room!.id}/sessions`, body: { mode: 'view' } };
    },
    check: (res) => expect(res.body.error.code).toBe('AGENT_OFFLINE'),
  },
  {
    method: 'GET',
    url: '/api/v1/rooms/:id/sessions',
    permission: REMOTE_VIEW,
    room: 'fixed',
    ok: 200,
    request: (_fx, room) => ({ path: `rooms/${room!.id}/sessions` }),
    check: (res) => expect(Array.isArray(res.body.items)).toBe(true),
  },
  {
    method: 'GET',
    url: '/api/v1/sessions',
    permission: 'authenticated',
    ok: 200,
    request: () => ({ path: 'sessions?state=all' }),
    check: (res) => expect(Array.isArray(res.body.items)).toBe(true),
  },
  {
    method: 'GET',
    url: '/api/v1/sessions/:id',
    permission: 'authenticated',
    ok: 404,
    request: () => ({ path: `sessions/${UNKNOWN_SESSION}` }),
    check: (res) => expect(res.body.error.message).toBe('Session not found'),
  },
  {
    method: 'DELETE',
    url: '/api/v1/sessions/:id',
    permission: 'authenticated',
    ok: 404,
    request: () => ({ path: `sessions/${UNKNOWN_SESSION}` }),
    check: (res) => expect(res.body.error.message).toBe('Session not found'),
  },
  // Observing needs Remote access View (on any room at the route; on the session's room in the
  // service, which observers.test.ts covers with live sessions): an unknown session is a 404.
  {
    method: 'POST',
    url: '/api/v1/sessions/:id/observers',
    permission: REMOTE_VIEW,
    ok: 404,
    request: () => ({ path: `sessions/${UNKNOWN_SESSION}/observers` }),
    check: (res) => expect(res.body.error.message).toBe('Session not found'),
  },
  { method: 'GET', url: '/api/v1/sessions/:id/viewer', permission: 'agent', ok: 400, anonymous: 400, request: () => ({ path: `sessions/${UNKNOWN_SESSION}/viewer` }) },
  { method: 'GET', url: '/api/v1/sessions/:id/agent', permission: 'agent', ok: 400, anonymous: 400, request: () => ({ path: `sessions/${UNKNOWN_SESSION}/agent` }) },
];
