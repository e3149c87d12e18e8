// Users & groups (issue 3).
import type { MatrixCase } from '../model.ts';

const VIEW = { area: 'directory', level: 'view' } as const;
const MODIFY = { area: 'directory', level: 'modify' } as const;

export const directoryCases: MatrixCase[] = [
  { method: 'GET', url: '/api/v1/users', permission: VIEW, ok: 200, request: () => ({ path: 'users?limit=5' }) },
  {
    method: 'POST',
    url: '/api/v1/users',
    permission: MODIFY,
    ok: 201,
    request: (fx) => ({ path: 'users', body: { email: `${fx.unique('pm')}@test.local`, displayName: 'Matrix' } }),
  },
  { method: 'GET', url: '/api/v1/users/:id', permission: VIEW, ok: 200, request: (fx) => ({ path: `users/${fx.user.id}` }) },
  { method: 'GET', url: '/api/v1/users/:id/groups', permission: VIEW, ok: 200, request: (fx) => ({ path: `users/${fx.user.id}/groups` }) },
  { method: 'PATCH', url: '/api/v1/users/:id', permission: MODIFY, ok: 200, request: (fx) => ({ path: `users/${fx.user.id}`, body: { displayName: fx.unique('n') } }) },
  { method: 'DELETE', url: '/api/v1/users/:id', permission: MODIFY, ok: 204, request: async (fx) => ({ path: `users/${(await fx.freshUser()).id}` }) },
  { method: 'GET', url: '/api/v1/groups', permission: VIEW, ok: 200, request: () => ({ path: 'groups' }) },
  { method: 'POST', url: '/api/v1/groups', permission: MODIFY, ok: 201, request: (fx) => ({ path: 'groups', body: { displayName: fx.unique('g') } }) },
  { method: 'GET', url: '/api/v1/groups/:id', permission: VIEW, ok: 200, request: (fx) => ({ path: `groups/${fx.group.id}` }) },
  { method: 'PATCH', url: '/api/v1/groups/:id', permission: MODIFY, ok: 200, request: (fx) => ({ path: `groups/${fx.group.id}`, body: { description: fx.unique('d') } }) },
  { method: 'DELETE', url: '/api/v1/groups/:id', permission: MODIFY, ok: 204, request: async (fx) => ({ path: `groups/${(await fx.freshGroup()).id}` }) },
  { method: 'GET', url: '/api/v1/groups/:id/members', permission: VIEW, ok: 200, request: (fx) => ({ path: `groups/${fx.group.id}/members` }) },
  {
    method: 'POST',
    url: '/api/v1/groups/:id/members',
    permission: MODIFY,
    ok: 201,
    request: async (fx) => ({ path: `groups/${(await fx.freshGroup()).id}/members`, body: { userId: fx.user.id } }),
  },
  {
    method: 'DELETE',
    url: '/api/v1/groups/:id/members/:userId',
    permission: MODIFY,
    ok: 204,
    request: async (fx) => ({ path: `groups/${(await fx.freshGroup([fx.user.id])).id}/members/${fx.user.id}` }),
  },
];
