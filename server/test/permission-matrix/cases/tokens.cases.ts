// Sign-in session and personal API tokens (foundation): any signed-in user.
import type { MatrixCase } from '../model.ts';

export const tokensCases: MatrixCase[] = [
  { method: 'GET', url: '/api/v1/me', permission: 'authenticated', ok: 200, request: () => ({ path: 'me' }) },
  { method: 'POST', url: '/api/v1/auth/logout', permission: 'authenticated', ok: 204, ownSession: true, request: () => ({ path: 'auth/logout' }) },
  { method: 'POST', url: '/api/v1/tokens', permission: 'authenticated', ok: 201, request: (fx) => ({ path: 'tokens', body: { name: fx.unique('t') } }) },
  { method: 'GET', url: '/api/v1/tokens', permission: 'authenticated', ok: 200, request: () => ({ path: 'tokens' }) },
  // Someone else's token (or none) is a 404 for everybody: tokens are personal.
  { method: 'DELETE', url: '/api/v1/tokens/:id', permission: 'authenticated', ok: 404, request: () => ({ path: 'tokens/00000000-0000-4000-8000-00000000ffff' }) },
];
