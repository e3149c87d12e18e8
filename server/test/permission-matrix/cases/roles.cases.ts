// Roles (issue 3).
import { noPermissions } from '@roomwarden/protocol';
import type { MatrixCase } from '../model.ts';

const VIEW = { area: 'roles', level: 'view' } as const;
const MODIFY = { area: 'roles', level: 'modify' } as const;

export const rolesCases: MatrixCase[] = [
  { method: 'GET', url: '/api/v1/roles', permission: VIEW, ok: 200, request: () => ({ path: 'roles' }) },
  { method: 'POST', url: '/api/v1/roles', permission: MODIFY, ok: 201, request: (fx) => ({ path: 'roles', body: { name: fx.unique('role'), permissions: { ...noPermissions(), audit: 'view' } } }) },
  { method: 'GET', url: '/api/v1/roles/:id', permission: VIEW, ok: 200, request: (fx) => ({ path: `roles/${fx.role.id}` }) },
  {
    method: 'PUT',
    url: '/api/v1/roles/:id',
    permission: MODIFY,
    ok: 200,
    request: async (fx) => ({ path: `roles/${(await fx.freshRole()).id}`, body: { name: fx.unique('role'), permissions: { ...noPermissions(), audit: 'view' } } }),
  },
  { method: 'PATCH', url: '/api/v1/roles/:id', permission: MODIFY, ok: 200, request: (fx) => ({ path: `roles/${fx.role.id}`, body: { description: fx.unique('d') } }) },
  { method: 'DELETE', url: '/api/v1/roles/:id', permission: MODIFY, ok: 204, request: async (fx) => ({ path: `roles/${(await fx.freshRole()).id}` }) },
];
