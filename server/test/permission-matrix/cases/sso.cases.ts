// Single sign-on settings, SCIM tokens, and the SCIM endpoints (a SCIM token only: every
// signed-in user and API token gets 401 there). The OIDC login and callback are public.
import type { MatrixCase, Method } from '../model.ts';

const someId = '00000000-0000-4000-8000-00000000fffe';

const scimRoutes: Array<[Method, string]> = [
  ['GET', '/ServiceProviderConfig'],
  ['GET', '/ResourceTypes'],
  ['GET', '/ResourceTypes/:id'],
  ['GET', '/Schemas'],
  ['GET', '/Schemas/:id'],
  ['GET', '/Users'],
  ['POST', '/Users'],
  ['GET', '/Users/:id'],
  ['PUT', '/Users/:id'],
  ['PATCH', '/Users/:id'],
  ['DELETE', '/Users/:id'],
  ['GET', '/Groups'],
  ['POST', '/Groups'],
  ['GET', '/Groups/:id'],
  ['PUT', '/Groups/:id'],
  ['PATCH', '/Groups/:id'],
  ['DELETE', '/Groups/:id'],
];

export const ssoCases: MatrixCase[] = [
  { method: 'GET', url: '/api/v1/settings/oidc', permission: { area: 'settings', level: 'view' }, ok: 200, request: () => ({ path: 'settings/oidc' }) },
  {
    method: 'PUT',
    url: '/api/v1/settings/oidc',
    permission: { area: 'settings', level: 'modify' },
    ok: 200,
    request: (fx) => ({ path: 'settings/oidc', body: { displayName: fx.unique('Sign in with Contoso') } }),
  },
  {
    method: 'POST',
    url: '/api/v1/scim-tokens',
    permission: { area: 'directory', level: 'modify' },
    ok: 201,
    request: (fx) => ({ path: 'scim-tokens', body: { label: fx.unique('Entra') } }),
  },
  { method: 'GET', url: '/api/v1/scim-tokens', permission: { area: 'directory', level: 'view' }, ok: 200, request: () => ({ path: 'scim-tokens' }) },
  {
    method: 'DELETE',
    url: '/api/v1/scim-tokens/:id',
    permission: { area: 'directory', level: 'modify' },
    ok: 204,
    request: async (fx) => {
      const created = await fx.admin.post('scim-tokens', { label: fx.unique('revoke-me') });
      return { path: `scim-tokens/${created.body.id}` };
    },
  },
  ...scimRoutes.map(
    ([method, url]): MatrixCase => ({
      method,
      url: `/scim/v2${url}`,
      permission: 'scim',
      ok: 401,
      request: () => ({ path: `/scim/v2${url.replace(':id', someId)}`, ...(method === 'POST' || method === 'PUT' || method === 'PATCH' ? { body: {} } : {}) }),
    }),
  ),
];
