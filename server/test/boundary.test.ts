// The HTTP boundary (issue 11): what real clients send and what hostile input looks like.
// Each describe is one mechanism shared by every route, shown on all of them where it can be.
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/api-client.ts';
import { appWithAdmin, type TestApp } from './support/test-app.ts';
import { makeGroup, makeSite, makeUser, unique } from './support/factories.ts';
import { enroll, listeningApp, TestAgent, waitFor, type ListeningApp } from './agents-helpers.ts';

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

/** Sends raw bytes to the listening app and answers everything it got back until it closed. */
async function rawHttp(text: string): Promise<{ status: number; body: any }> {
  const address = t.app.server.address();
  if (!address || typeof address === 'string') throw new Error('not listening');
  const answer = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(address.port, '127.0.0.1', () => socket.write(text));
    let got = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (got += chunk));
    socket.on('close', () => resolve(got));
    socket.on('error', reject);
  });
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  return { status: Number(head.split(' ')[1]), body: JSON.parse(body) };
}

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

describe('GET → PUT/PATCH round-trip: what a GET answered is accepted back', () => {
  it.each([
    ['PUT', 'settings/general'],
    ['PUT', 'settings/oidc'],
    ['PUT', 'settings/notifications'],
  ] as const)('%s %s', async (method, url) => {
    const read = await admin.get(url);
    expect(read.status).toBe(200);
    const write = await admin.request(method, url, read.body);
    expect(write.status, JSON.stringify(write.body)).toBe(200);
  });

  it('every PUT and PATCH on a resource accepts its own GET', async () => {
    const user = await makeUser(admin);
    const group = await makeGroup(admin, { memberIds: [user.id] });
    const site = await makeSite(admin);
    const room = (await admin.post('rooms', { name: unique('room'), siteId: site.id })).body as { id: string };
    const roomGroup = (await admin.post('room-groups', { name: unique('room-group'), roomIds: [room.id] })).body as { id: string };
    const role = (
      await admin.post('roles', {
        name: unique('role'),
        permissions: (await admin.get('roles')).body.items[0].permissions,
        assignments: [{ groupIds: [group.id], userIds: [], scope: { allRooms: false, siteIds: [site.id], roomGroupIds: [roomGroup.id], roomIds: [] } }],
      })
    ).body as { id: string; assignments: Array<{ id: string }> };
    const assignment = `roles/${role.id}/assignments/${role.assignments[0]!.id}`;
    const channel = (await admin.post('notification-channels', { type: 'webhook', name: unique('channel'), events: ['incident.opened'], url: 'http://127.0.0.1:9/hook' })).body as { id: string };
    const mailChannel = (await admin.post('notification-channels', { type: 'email', name: unique('mail'), events: ['incident.opened'], addresses: ['ops@contoso.com'] })).body as { id: string };
    const writes: Array<[string, string]> = [
      ['PATCH', `users/${user.id}`],
      ['PATCH', `groups/${group.id}`],
      ['PATCH', `sites/${site.id}`],
      ['PATCH', `rooms/${room.id}`],
      ['PUT', `roles/${role.id}`],
      ['PATCH', `roles/${role.id}`],
      ['PUT', assignment],
      ['PATCH', assignment],
      ['PUT', `room-groups/${roomGroup.id}`],
      ['PATCH', `room-groups/${roomGroup.id}`],
      ['PUT', 'settings/agent-updates'],
      ['PUT', 'settings/incidents'],
      ['PUT', `rooms/${room.id}/maintenance`],
      ['PATCH', `notification-channels/${channel.id}`],
      ['PUT', `notification-channels/${channel.id}`],
      ['PATCH', `notification-channels/${mailChannel.id}`],
    ];
    await admin.put(`rooms/${room.id}/maintenance`, { until: new Date(Date.now() + 3_600_000).toISOString(), reason: 'boundary' });
    // Every PUT and PATCH of the API is in this list (or the one above).
    const routeOf = (u: string): string => u.replace(/\/[0-9a-f-]{36}/, '/:id').replace(/\/assignments\/[0-9a-f-]{36}/, '/assignments/:assignmentId');
    const listed = new Set([...writes.map(([m, u]) => `${m} ${routeOf(u)}`), 'PUT settings/general', 'PUT settings/oidc', 'PUT settings/notifications']);
    const all = t.routes.filter((r) => (r.method === 'PUT' || r.method === 'PATCH') && r.url.startsWith('/api/v1/')).map((r) => `${r.method} ${r.url.slice('/api/v1/'.length)}`);
    expect(all.filter((r) => !listed.has(r))).toEqual([]);
    for (const [method, url] of writes) {
      const read = await admin.get(url);
      expect(read.status, url).toBe(200);
      const write = await admin.request(method as 'PUT', url, read.body);
      expect(write.status, `${method} ${url}: ${JSON.stringify(write.body)}`).toBe(200);
    }
  });

  it('read, change one field, write the whole object back: the change holds, nothing read-only is stored', async () => {
    const read = (await admin.get('settings/general')).body;
    const write = await admin.put('settings/general', { ...read, sessionIdleTimeoutMinutes: 33 });
    expect(write.status).toBe(200);
    expect(Object.keys(write.body).sort()).toEqual(Object.keys(read).sort());
    expect(write.body.sessionIdleTimeoutMinutes).toBe(33);
    expect(write.body.updatedAt).not.toBe(read.updatedAt);
  });

  it('unknown fields are still refused by name', async () => {
    const res = await admin.put('settings/general', { ...(await admin.get('settings/general')).body, colour: 'blue' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'colour' });
  });
});

describe("the router's and the HTTP parser's own errors have the error shape", () => {
  beforeAll(async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
  });

  it('a path parameter over 100 characters is 414 URI_TOO_LONG', async () => {
    for (const url of [`/api/v1/rooms/${'a'.repeat(101)}`, `/scim/v2/Users/${'b'.repeat(150)}`]) {
      const res = await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${bot.bearer}` } });
      expect(res.statusCode, url).toBe(414);
      expect(res.json(), url).toEqual({ error: { code: 'URI_TOO_LONG', message: expect.any(String), field: 'url' } });
    }
  });

  it('bad percent-encoding in the path is 400 VALIDATION_FAILED', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/rooms/%E0%A4%A', headers: { authorization: `Bearer ${bot.bearer}` } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'VALIDATION_FAILED', message: expect.any(String), field: 'url' } });
  });

  it('oversized headers are 431 HEADERS_TOO_LARGE', async () => {
    const res = await rawHttp(`GET /api/v1/me HTTP/1.1\r\nHost: x\r\nX-Big: ${'y'.repeat(20_000)}\r\n\r\n`);
    expect(res).toEqual({ status: 431, body: { error: { code: 'HEADERS_TOO_LARGE', message: expect.any(String) } } });
  });

  it('bytes that are not HTTP are 400 VALIDATION_FAILED', async () => {
    const res = await rawHttp('HELLO THERE\r\n\r\n');
    expect(res).toEqual({ status: 400, body: { error: { code: 'VALIDATION_FAILED', message: expect.any(String) } } });
  });
});

describe('a NUL or an unpaired surrogate anywhere is a 400 naming the field, never a 500', () => {
  const NUL = '\u0000';
  it.each([
    ['body', 'POST', 'users', { email: `${unique('nul')}@test.local`, displayName: `a${NUL}b` }, 'displayName'],
    ['nested body', 'POST', 'roles', { name: unique('r'), permissions: {}, assignments: [{ groupIds: [], userIds: [] }], description: `\ud800` }, 'description'],
    ['body key', 'PUT', 'settings/general', { [`x${NUL}`]: 1 }, `x${NUL}`],
  ] as const)('%s', async (_what, method, url, body, field) => {
    const res = await admin.request(method, url, body);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field });
  });

  it.each([
    ['users?q=%00', 'q'],
    ['rooms?q=%00', 'q'],
    ['groups?q=a%00', 'q'],
    ['audit?action=%00', 'action'],
    ['audit?targetId=x%00y', 'targetId'],
  ])('query %s', async (url, field) => {
    const res = await admin.get(url);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field });
  });

  it('a path parameter', async () => {
    const res = await admin.get('users/%00');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'id' });
  });

  it('a sign-in carrying an unpaired surrogate is a 400 (was a 500, unaudited)', async () => {
    const res = await new ApiClient(t.app).request('POST', 'auth/login', undefined, { rawBody: '{"email":"someone\\ud800@test.local","password":"whatever-it-is"}' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'email' });
  });

  it('SCIM: bodies, filters and ids', async () => {
    const token = await scimToken();
    const scim = (method: 'GET' | 'POST', url: string, body?: unknown) =>
      t.app.inject({ method, url: `/scim/v2${url}`, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/scim+json' } : {}) }, ...(body ? { payload: JSON.stringify(body) } : {}) });
    const created = await scim('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `nul${NUL}@contoso.com`, active: true });
    const filtered = await scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "a${NUL}"`)}`);
    const byId = await scim('GET', '/Users/%00');
    for (const res of [created, filtered, byId]) {
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ status: '400', scimType: 'invalidValue' });
    }
  });
});

describe('the agent protocol: unstorable text costs only its message', () => {
  let la: ListeningApp;
  beforeAll(async () => {
    la = await listeningApp();
  });
  afterAll(async () => la.t.dispose());

  it('a report with a NUL is refused with UNSTORABLE_TEXT; the connection stays and the next report lands', async () => {
    const device = await enroll(la);
    const agent = new TestAgent(la.wsUrl, device);
    await agent.start();
    agent.report([{ name: 'camera', state: 'failed', value: 'cam\u0000era', detail: 'x' }]);
    const refused = await agent.next('error');
    expect(refused.code).toBe('UNSTORABLE_TEXT');
    expect(refused.message).toContain('signals.0.value');
    agent.report([{ name: 'camera', state: 'failed', detail: 'unplugged' }]);
    await waitFor(async () => (await la.admin.get('incidents?state=open')).body.items.some((i: { roomId: string }) => i.roomId === device.roomId), 8_000, 'the incident of the good report');
    expect(agent.ws.readyState).toBe(agent.ws.OPEN);
    await agent.close();
  });
});

describe('crafted cursors are 400 INVALID_CURSOR on every list, never a 500', () => {
  const cursor = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const farPast = new Date(-8.64e15).toISOString();
  const crafted = [
    { k: 'abc', id: '1' },
    { k: 0, id: 'x' },
    { k: farPast, id: randomUUID() },
    { k: 'a\u0000', id: randomUUID() },
    { k: 1e300, id: '1' },
    { k: -5, id: randomUUID() },
  ];

  it.each([
    ['audit', { k: 'abc', id: '1' }],
    ['tokens', { k: 0, id: 'x' }],
    ['scim-tokens', { k: 0, id: 'x' }],
    ['incidents', { k: farPast, id: randomUUID() }],
    ['enrollment-tokens', { k: farPast, id: randomUUID() }],
    ['sessions', { k: farPast, id: randomUUID() }],
    ['rooms?sort=lastSeenAt', { k: farPast, id: randomUUID() }],
    ['users', { k: 'a\u0000', id: randomUUID() }],
  ])('%s', async (list, value) => {
    const res = await admin.get(`${list}${list.includes('?') ? '&' : '?'}cursor=${cursor(value)}`);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'INVALID_CURSOR', field: 'cursor' });
  });

  it('every list route, every crafted cursor: a page or INVALID_CURSOR', async () => {
    const user = await makeUser(admin);
    const group = await makeGroup(admin, { memberIds: [user.id] });
    const room = (await admin.post('rooms', { name: unique('room') })).body as { id: string };
    const lists = t.routes
      .filter((r) => r.method === 'GET' && r.url.startsWith('/api/v1/') && !/\/(events|agent|openapi|viewer)/.test(r.url))
      .map((r) => r.url.replace('/groups/:id', `/groups/${group.id}`).replace('/users/:id', `/users/${user.id}`).replace('/rooms/:id', `/rooms/${room.id}`))
      .filter((url) => !url.includes(':'));
    let paged = 0;
    for (const url of lists) {
      const first = await admin.get(`${url}?limit=1`);
      if (first.status !== 200 || !('nextCursor' in (first.body ?? {}))) continue;
      paged++;
      for (const value of crafted) {
        // A key of the list's type is a cursor like any other (200); anything else is INVALID_CURSOR.
        const res = await admin.get(`${url}?cursor=${cursor(value)}`);
        const what = `${url} ${JSON.stringify(value)}: ${JSON.stringify(res.body)}`;
        if (res.status !== 200) expect([res.status, res.body.error?.code], what).toEqual([400, 'INVALID_CURSOR']);
      }
    }
    expect(paged).toBeGreaterThan(10);
  });
});
