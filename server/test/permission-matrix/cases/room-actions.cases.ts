// Room actions (issue 13, DESIGN "Remote session" 11). Running one needs roomActions Modify
// on the room; the matrix's rooms have no agent, so an allowed run gets as far as the agent
// check (409 AGENT_OFFLINE) — room-actions.test.ts covers the run itself. Listing needs View.
import { expect } from 'vitest';
import type { MatrixCase } from '../model.ts';

export const roomActionsCases: MatrixCase[] = [
  {
    method: 'POST',
    url: '/api/v1/rooms/:id/actions',
    permission: { area: 'roomActions', level: 'modify' },
    room: 'fixed',
    ok: 409,
    request: (_fx, room) => ({ path: `rooms/${room!.id}/actions`, body: { action: 'restart-app' } }),
    check: (res) => expect(res.body.error.code).toBe('AGENT_OFFLINE'),
  },
  {
    method: 'GET',
    url: '/api/v1/rooms/:id/actions',
    permission: { area: 'roomActions', level: 'view' },
    room: 'fixed',
    ok: 200,
    request: (_fx, room) => ({ path: `rooms/${room!.id}/actions` }),
    check: (res) => expect(Array.isArray(res.body.items)).toBe(true),
  },
];
