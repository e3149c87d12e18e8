// The HTTP boundary (issue 11): what real clients send and what hostile input looks like.
// Each describe is one mechanism shared by every route, shown on all of them where it can be.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/api-client.ts';
import { appWithAdmin, type TestApp } from './support/test-app.ts';
import { makeGroup, makeSite, makeUser, unique } from './support/factories.ts';

let t: TestApp;
let admin: ApiClient;
let bot: ApiClient;

const JSON_TYPE = { 'content-type': 'application/json' };

beforeAll(async () => {
  ({ t, admin } = await appWithAdmin());
  bot = new ApiClient(t.app);
  bot.bearer = (await admin.post('tokens', { name: 'boundary', expiresInDays: 1 })).body.token;
});
afterAll(async () => t.dispose());

async function scimToken(): Promise<string> {
  return (await admin.post('scim-tokens', { label: unique('scim') })).body.token as string;
}

describe('a body-less request with a JSON Content-Type is the same request without it', () => {
  it('on every DELETE and POST route, answers as without the header', async () => {
    const withParams = (url: string): string => url.replace(/:[A-Za-z]+/g, () => randomUUID());
    const routes = t.routes.filter((r) => (r.method === 'DELETE' || r.method === 'POST') && r.url !== '/api/v1/auth/logout' && !r.url.startsWith('/scim'));
    expect(routes.length).toBeGreaterThan(15);
    for (const r of routes) {
      const url = withParams(r.url);
      const authorization = `Bearer ${bot.bearer}`;
      const bare = await t.app.inject({ method: r.method as 'POST', url, headers: { authorization } });
      const typed = await t.app.inject({ method: r.method as 'POST', url, headers: { authorization, ...JSON_TYPE }, payload: '' });
      const answer = (res: typeof bare) => [res.statusCode, res.body ? (res.json() as { error?: { code?: string } }).error?.code : undefined];
      expect(answer(typed), `${r.method} ${r.url}`).not.toContain('INVALID_JSON');
      expect(answer(typed), `${r.method} ${r.url}`).toEqual(answer(bare));
    }
  });

  it('deletes, member removal, token revoke and logout succeed with the header', async () => {
    const site = await makeSite(admin);
    expect((await bot.request('DELETE', `sites/${site.id}`, undefined, { rawBody: '', headers: JSON_TYPE })).status).toBe(204);
    const user = await makeUser(admin);
    const group = await makeGroup(admin, { memberIds: [user.id] });
    expect((await bot.request('DELETE', `groups/${group.id}/members/${user.id}`, undefined, { rawBody: '', headers: JSON_TYPE })).status).toBe(204);
    const token = await admin.post('tokens', { name: 'short-lived', expiresInDays: 1 });
    expect((await bot.request('DELETE', `tokens/${token.body.id}`, undefined, { rawBody: '', headers: JSON_TYPE })).status).toBe(204);
    const c = new ApiClient(t.app);
    await c.login(user.email, user.password);
    // No body at all, only the header (what Invoke-RestMethod sends on a POST without -Body).
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: c.cookie ?? '', 'x-csrf-token': c.csrfToken ?? '', ...JSON_TYPE } });
    expect(out.statusCode).toBeLessThan(300);
    expect((await c.get('me')).status).toBe(401);
  });

  it('SCIM DELETE with application/scim+json or application/json and no body', async () => {
    const token = await scimToken();
    for (const type of ['application/scim+json', 'application/json']) {
      const created = await t.app.inject({
        method: 'POST',
        url: '/scim/v2/Users',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
        payload: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `${unique('scim')}@contoso.com`, active: true }),
      });
      expect(created.statusCode).toBe(201);
      const id = created.json().id as string;
      const del = await t.app.inject({ method: 'DELETE', url: `/scim/v2/Users/${id}`, headers: { authorization: `Bearer ${token}`, 'content-type': type, 'content-length': '0' } });
      expect(del.statusCode, type).toBe(204);
    }
  });

  it('a body that is there and broken is still INVALID_JSON', async () => {
    const res = await bot.request('PUT', 'settings/general', undefined, { rawBody: '{"remoteAccessEnabled":' });
    expect(res.body.error.code).toBe('INVALID_JSON');
  });
});
