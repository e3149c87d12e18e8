// SCIM 2.0 service provider: the request sequences Entra ID (both dialects) and Okta send,
// and malformed or hostile requests answered with SCIM errors, never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, signedIn } from './support/api-client.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestApp, type TestApp } from './support/test-app.ts';
import { makeRole, makeRoom, makeUser, unique } from './support/factories.ts';

let t: TestApp;
let admin: ApiClient;
let scim: ScimClient;

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** Speaks SCIM the way a provider does: bearer token, application/scim+json. */
class ScimClient {
  constructor(
    private readonly app: TestApp['app'],
    readonly token: string,
  ) {}

  async call(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await this.app.inject({
      method,
      url: `/scim/v2${path}`,
      headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined ? { 'content-type': 'application/scim+json' } : {}), ...headers },
      ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const parsed = res.body ? (JSON.parse(res.body) as any) : null;
    return { status: res.statusCode, body: parsed, contentType: String(res.headers['content-type'] ?? '') };
  }
}

async function newScimToken(label: string): Promise<string> {
  const res = await admin.post('scim-tokens', { label });
  expect(res.status).toBe(201);
  return res.body.token as string;
}

function expectScimError(res: { status: number; body: any; contentType: string }, status: number, scimType?: string): void {
  expect(res.status).toBe(status);
  expect(res.contentType).toContain('application/scim+json');
  expect(res.body.schemas).toEqual([ERROR]);
  expect(res.body.status).toBe(String(status));
  if (scimType) expect(res.body.scimType).toBe(scimType);
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await signedIn(t.app, ADMIN_EMAIL, ADMIN_PASSWORD);
  scim = new ScimClient(t.app, await newScimToken('Microsoft Entra ID'));
});
afterAll(async () => t?.dispose());

describe('SCIM tokens', () => {
  it('are shown once, listed without the secret, audited, and stop working when revoked', async () => {
    const created = await admin.post('scim-tokens', { label: 'Okta' });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^rws_/);
    const list = await admin.get('scim-tokens');
    const row = list.body.items.find((i: { id: string }) => i.id === created.body.id);
    expect(row).toMatchObject({ label: 'Okta' });
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
    const okta = new ScimClient(t.app, created.body.token);
    expect((await okta.call('GET', '/ServiceProviderConfig')).status).toBe(200);
    expect((await admin.delete(`scim-tokens/${created.body.id}`)).status).toBe(204);
    expectScimError(await okta.call('GET', '/Users'), 401);
    const log = await admin.get('audit?action=scim_token.create');
    expect(log.body.items[0]).toMatchObject({ details: { label: 'Okta' } });
    expect(JSON.stringify(log.body)).not.toContain(created.body.token);
  });

  it('a SCIM token cannot call the API, and an API caller without the token cannot call SCIM', async () => {
    const api = new ApiClient(t.app);
    api.bearer = scim.token;
    expect((await api.get('me')).status).toBe(403);
    const noToken = await t.app.inject({ method: 'GET', url: '/scim/v2/Users' });
    expect(noToken.statusCode).toBe(401);
    expect(JSON.parse(noToken.body).schemas).toEqual([ERROR]);
    expect(noToken.headers['www-authenticate']).toContain('Bearer');
    const cookieOnly = await t.app.inject({ method: 'GET', url: '/scim/v2/Users', headers: { cookie: admin.cookie ?? '' } });
    expect(cookieOnly.statusCode).toBe(401);
    expectScimError(await new ScimClient(t.app, 'rws_not-a-real-token').call('GET', '/Users'), 401);
  });
});

describe('discovery', () => {
  it('ServiceProviderConfig, ResourceTypes and Schemas', async () => {
    const spc = await scim.call('GET', '/ServiceProviderConfig');
    expect(spc.contentType).toContain('application/scim+json');
    expect(spc.body).toMatchObject({ patch: { supported: true }, filter: { supported: true, maxResults: 200 }, bulk: { supported: false } });
    const types = await scim.call('GET', '/ResourceTypes');
    expect(types.body.Resources.map((r: { id: string }) => r.id)).toEqual(['User', 'Group']);
    expect((await scim.call('GET', '/ResourceTypes/Group')).body.endpoint).toBe('/Groups');
    const schemas = await scim.call('GET', '/Schemas');
    expect(schemas.body.totalResults).toBe(2);
    expect((await scim.call('GET', `/Schemas/${USER}`)).body.attributes.map((a: { name: string }) => a.name)).toContain('userName');
    expectScimError(await scim.call('GET', '/Schemas/urn:nope'), 404);
    expectScimError(await scim.call('GET', '/Nothing/here'), 404);
  });
});

describe('Entra ID provisioning run (default dialect: PascalCase ops, string booleans)', () => {
  it('connection test, create user, create group, add member, update, deactivate, remove member, delete', async () => {
    const upn = `${unique('adele')}@contoso.com`.toLowerCase();
    // Connection test: a filter on a user that does not exist answers an empty list.
    const probe = await scim.call('GET', `/Users?filter=${encodeURIComponent(`userName eq "${unique('probe')}@contoso.com"`)}`);
    expect(probe.status).toBe(200);
    expect(probe.body).toMatchObject({ totalResults: 0, Resources: [], schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'] });

    const created = await scim.call('POST', '/Users', {
      schemas: [USER, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
      externalId: 'adele',
      userName: upn,
      active: 'True',
      displayName: 'Adele Vance',
      emails: [{ primary: true, type: 'work', value: upn }],
      name: { formatted: 'Adele Vance', familyName: 'Vance', givenName: 'Adele' },
      title: 'Retail Manager',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Retail' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ userName: upn, active: true, externalId: 'adele', name: { givenName: 'Adele', familyName: 'Vance' }, displayName: 'Adele Vance' });
    const userId = created.body.id as string;
    expect(created.body.meta.location).toContain(`/scim/v2/Users/${userId}`);

    const again = await scim.call('POST', '/Users', { schemas: [USER], userName: upn, active: true });
    expectScimError(again, 409, 'uniqueness');

    const found = await scim.call('GET', `/Users?filter=${encodeURIComponent(`userName eq "${upn.toUpperCase()}"`)}`);
    expect(found.body.totalResults).toBe(1);
    expect(found.body.Resources[0].id).toBe(userId);

    const groupExt = crypto.randomUUID();
    const byName = await scim.call('GET', `/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "MTR Remote Admins Entra"')}`);
    expect(byName.body.totalResults).toBe(0);
    const group = await scim.call('POST', '/Groups', { schemas: [GROUP], displayName: 'MTR Remote Admins Entra', externalId: groupExt, members: [] });
    expect(group.status).toBe(201);
    const groupId = group.body.id as string;
    const matched = await scim.call('GET', `/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "mtr remote admins entra"')}`);
    expect(matched.body.Resources).toEqual([expect.objectContaining({ id: groupId, externalId: groupExt })]);
    expect(matched.body.Resources[0].members).toBeUndefined();

    const add = await scim.call('PATCH', `/Groups/${groupId}`, { schemas: [PATCH], Operations: [{ op: 'Add', path: 'members', value: [{ value: userId }] }] });
    expect(add.status).toBe(204);
    expect((await scim.call('GET', `/Groups/${groupId}`)).body.members).toEqual([expect.objectContaining({ value: userId, display: upn })]);

    const rename = await scim.call('PATCH', `/Users/${userId}`, {
      schemas: [PATCH],
      Operations: [
        { op: 'Replace', path: 'displayName', value: 'Adele V.' },
        { op: 'Replace', path: 'name.familyName', value: 'V.' },
        { op: 'Add', path: 'emails[type eq "work"].value', value: upn },
        { op: 'Replace', path: 'title', value: 'Manager' },
      ],
    });
    expect(rename.status).toBe(200);
    expect(rename.body).toMatchObject({ displayName: 'Adele V.', name: { familyName: 'V.' } });

    const off = await scim.call('PATCH', `/Users/${userId}`, { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    const viaApi = await admin.get(`users/${userId}`);
    expect(viaApi.body.disabled).toBe(true);

    const remove = await scim.call('PATCH', `/Groups/${groupId}`, { schemas: [PATCH], Operations: [{ op: 'Remove', path: 'members', value: [{ value: userId }] }] });
    expect(remove.status).toBe(204);
    expect((await scim.call('GET', `/Groups/${groupId}`)).body.members).toEqual([]);

    expect((await scim.call('DELETE', `/Users/${userId}`)).status).toBe(204);
    expectScimError(await scim.call('GET', `/Users/${userId}`), 404);
    expect((await scim.call('DELETE', `/Groups/${groupId}`)).status).toBe(204);
    expectScimError(await scim.call('GET', `/Groups/${groupId}`), 404);

    // Every change is audited with the provider as actor.
    const log = await admin.get(`audit?actorId=${encodeURIComponent(`scim:`)}&limit=200`);
    const actions = (await admin.get('audit?limit=200')).body.items.filter((e: { actorLabel: string }) => e.actorLabel === 'Microsoft Entra ID').map((e: { action: string }) => e.action);
    expect(log.status).toBeLessThan(500);
    expect(actions).toEqual(expect.arrayContaining(['user.create', 'group.create', 'group.member.add', 'user.update', 'user.disable', 'group.member.remove', 'user.delete', 'group.delete']));
  });
});

describe('Entra ID provisioning run (2020 compliance flag: lowercase ops, booleans, no-path replace, filtered member paths)', () => {
  it('runs the same sequence', async () => {
    const upn = `${unique('megan')}@contoso.com`.toLowerCase();
    const created = await scim.call('POST', '/Users', { schemas: [USER], externalId: unique('megan'), userName: upn, active: true, name: { givenName: 'Megan', familyName: 'Bowen' } });
    expect(created.status).toBe(201);
    expect(created.body.displayName).toBe('Megan Bowen');
    const userId = created.body.id as string;
    const group = await scim.call('POST', '/Groups', { schemas: [GROUP], displayName: unique('Compliance'), externalId: crypto.randomUUID() });
    const groupId = group.body.id as string;

    expect((await scim.call('PATCH', `/Groups/${groupId}`, { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: userId }] }] })).status).toBe(204);
    const replaced = await scim.call('PATCH', `/Users/${userId}`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', value: { 'name.givenName': 'Meg', displayName: 'Meg Bowen', active: true } }],
    });
    expect(replaced.body).toMatchObject({ name: { givenName: 'Meg' }, displayName: 'Meg Bowen', active: true });
    const off = await scim.call('PATCH', `/Users/${userId}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: false }] });
    expect(off.body.active).toBe(false);
    const removed = await scim.call('PATCH', `/Groups/${groupId}`, { schemas: [PATCH], Operations: [{ op: 'remove', path: `members[value eq "${userId}"]` }] });
    expect(removed.status).toBe(204);
    expect((await scim.call('GET', `/Groups/${groupId}`)).body.members).toEqual([]);
    const on = await scim.call('PATCH', `/Users/${userId}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: 'true' } }] });
    expect(on.body.active).toBe(true);
    expect((await scim.call('DELETE', `/Users/${userId}`)).status).toBe(204);
  });
});

describe('Okta provisioning run', () => {
  it('create user, create group with push, add member, deactivate with PUT, remove member, delete', async () => {
    const okta = new ScimClient(t.app, await newScimToken('Okta'));
    const login = `${unique('okta')}@example.org`;
    const probe = await okta.call('GET', `/Users?filter=${encodeURIComponent(`userName eq "${login}"`)}&startIndex=1&count=100`);
    expect(probe.body.totalResults).toBe(0);
    const user = await okta.call('POST', '/Users', {
      schemas: [USER],
      userName: login,
      name: { givenName: 'Ola', familyName: 'Okta' },
      emails: [{ primary: true, value: login, type: 'work' }],
      displayName: 'Ola Okta',
      locale: 'en-US',
      externalId: unique('00u'),
      groups: [],
      password: 'not-kept-1234',
      active: true,
    });
    expect(user.status).toBe(201);
    const userId = user.body.id as string;
    const group = await okta.call('POST', '/Groups', { schemas: [GROUP], displayName: unique('Okta Room Admins'), members: [] });
    const groupId = group.body.id as string;
    const add = await okta.call('PATCH', `/Groups/${groupId}`, { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: userId, display: login }] }] });
    expect(add.status).toBe(204);
    const rename = await okta.call('PATCH', `/Groups/${groupId}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { id: groupId, displayName: 'Okta Room Admins (renamed)' } }] });
    expect(rename.status).toBe(204);
    expect((await okta.call('GET', `/Groups/${groupId}`)).body.displayName).toBe('Okta Room Admins (renamed)');
    const put = await okta.call('PUT', `/Users/${userId}`, { ...user.body, active: false });
    expect(put.status).toBe(200);
    expect(put.body.active).toBe(false);
    const remove = await okta.call('PATCH', `/Groups/${groupId}`, { schemas: [PATCH], Operations: [{ op: 'remove', path: 'members', value: [{ value: userId }] }] });
    expect(remove.status).toBe(204);
    const putGroup = await okta.call('PUT', `/Groups/${groupId}`, { schemas: [GROUP], displayName: 'Okta Room Admins', members: [{ value: userId }] });
    expect(putGroup.body.members.map((m: { value: string }) => m.value)).toEqual([userId]);
    expect((await okta.call('DELETE', `/Groups/${groupId}`)).status).toBe(204);
    expect((await okta.call('DELETE', `/Users/${userId}`)).status).toBe(204);
    const log = await admin.get('audit?action=user.disable&limit=50');
    expect(log.body.items.find((e: { targetId: string }) => e.targetId === userId)).toMatchObject({ actorLabel: 'Okta', details: { via: 'scim' } });
  });

  it('lists with pagination and filters on externalId, id and and-ed conditions', async () => {
    const ext = unique('page');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await scim.call('POST', '/Users', { userName: `${ext}-${i}@example.org`, externalId: `${ext}-${i}` });
      ids.push(r.body.id);
    }
    const page = await scim.call('GET', '/Users?startIndex=2&count=2');
    expect(page.body).toMatchObject({ startIndex: 2, itemsPerPage: 2 });
    expect(page.body.totalResults).toBeGreaterThanOrEqual(4);
    const capped = await scim.call('GET', '/Users?count=100000');
    expect(capped.status).toBe(200);
    expect(capped.body.itemsPerPage).toBeLessThanOrEqual(200);
    const byExt = await scim.call('GET', `/Users?filter=${encodeURIComponent(`externalId eq "${ext}-1"`)}`);
    expect(byExt.body.Resources.map((r: { id: string }) => r.id)).toEqual([ids[1]]);
    const both = await scim.call('GET', `/Users?filter=${encodeURIComponent(`id eq "${ids[2]}" and userName eq "${ext}-2@example.org"`)}`);
    expect(both.body.totalResults).toBe(1);
    const none = await scim.call('GET', `/Users?filter=${encodeURIComponent(`id eq "${ids[2]}" and userName eq "${ext}-0@example.org"`)}`);
    expect(none.body.totalResults).toBe(0);
    expect((await scim.call('GET', `/Users?filter=${encodeURIComponent('id eq "not-a-uuid"')}`)).body.totalResults).toBe(0);
  });
});

describe('malformed and hostile requests get SCIM errors, never a 500', () => {
  it('bad filters', async () => {
    for (const f of ['userName eq', 'userName sw "a"', 'title eq "x"', 'userName eq "a" or userName eq "b"', '((((', 'userName eq 5', 'x'.repeat(2000)]) {
      expectScimError(await scim.call('GET', `/Users?filter=${encodeURIComponent(f)}`), 400, 'invalidFilter');
    }
    expectScimError(await scim.call('GET', '/Users?filter=a&filter=b'), 400, 'invalidFilter');
    expectScimError(await scim.call('GET', '/Users?startIndex=abc'), 400, 'invalidValue');
    expectScimError(await scim.call('GET', `/Groups?filter=${encodeURIComponent('members eq "x"')}`), 400, 'invalidFilter');
  });

  it('bad bodies, unknown ids, unsupported ops and wrong content types', async () => {
    expectScimError(await scim.call('POST', '/Users', '{"userName": '), 400, 'invalidSyntax');
    expectScimError(await scim.call('POST', '/Users', []), 400, 'invalidSyntax');
    expectScimError(await scim.call('POST', '/Users', { displayName: 'no user name' }), 400, 'invalidValue');
    expectScimError(await scim.call('POST', '/Users', { userName: 'not-an-email' }), 400, 'invalidValue');
    expectScimError(await scim.call('POST', '/Users', { userName: `${unique('b')}@x.org`, active: 'maybe' }), 400, 'invalidValue');
    expectScimError(await scim.call('POST', '/Users', { userName: 42 }), 400, 'invalidValue');
    expectScimError(await scim.call('POST', '/Users', 'userName=x', { 'content-type': 'text/plain' }), 415);
    expectScimError(await scim.call('GET', '/Users/not-a-uuid'), 404);
    expectScimError(await scim.call('GET', `/Users/${crypto.randomUUID()}`), 404);
    expectScimError(await scim.call('PATCH', `/Groups/${crypto.randomUUID()}`, { Operations: [{ op: 'add', path: 'members', value: [] }] }), 404);

    const u = await scim.call('POST', '/Users', { userName: `${unique('hostile')}@x.org` });
    const id = u.body.id as string;
    expectScimError(await scim.call('PATCH', `/Users/${id}`, { Operations: [{ op: 'move', path: 'active', value: true }] }), 400, 'invalidSyntax');
    expectScimError(await scim.call('PATCH', `/Users/${id}`, { Operations: [] }), 400, 'invalidSyntax');
    expectScimError(await scim.call('PATCH', `/Users/${id}`, { Operations: [{ op: 'remove' }] }), 400, 'noTarget');
    expectScimError(await scim.call('PATCH', `/Users/${id}`, { Operations: [{ op: 'replace', path: 'active', value: 'yes' }] }), 400, 'invalidValue');
    expectScimError(await scim.call('PATCH', `/Users/${id}`, { Operations: [{ op: 'replace', path: 'userName', value: { nested: true } }] }), 400, 'invalidValue');
    expectScimError(await scim.call('PATCH', `/Users/${id}`, { Operations: [{ op: 'replace', path: 'emails[[', value: 'x' }] }), 400);
    // Unknown attributes are ignored (Entra ID maps many we do not keep), not stored, not an error.
    const unknown = await scim.call('PATCH', `/Users/${id}`, { Operations: [{ op: 'add', path: 'nickName', value: 'zz' }] });
    expect(unknown.status).toBe(200);
    expect(unknown.body.nickName).toBeUndefined();
  });

  it('huge member lists, unknown members and bad member filters', async () => {
    const group = await scim.call('POST', '/Groups', { displayName: unique('big') });
    const gid = group.body.id as string;
    const many = Array.from({ length: 1001 }, () => ({ value: crypto.randomUUID() }));
    expectScimError(await scim.call('PATCH', `/Groups/${gid}`, { Operations: [{ op: 'add', path: 'members', value: many }] }), 400, 'tooMany');
    expectScimError(await scim.call('POST', '/Groups', { displayName: unique('big2'), members: many }), 400, 'tooMany');
    expectScimError(await scim.call('PATCH', `/Groups/${gid}`, { Operations: [{ op: 'add', path: 'members', value: [{ value: crypto.randomUUID() }] }] }), 400, 'invalidValue');
    expectScimError(await scim.call('PATCH', `/Groups/${gid}`, { Operations: [{ op: 'add', path: 'members', value: [{ value: "x' or 1=1 --" }] }] }), 400, 'invalidValue');
    expectScimError(await scim.call('PATCH', `/Groups/${gid}`, { Operations: [{ op: 'add', path: 'members', value: 'nope' }] }), 400, 'invalidValue');
    expectScimError(await scim.call('PATCH', `/Groups/${gid}`, { Operations: [{ op: 'remove', path: 'members[display eq "x"]' }] }), 400, 'invalidFilter');
    expectScimError(await scim.call('PATCH', `/Groups/${gid}`, { Operations: [{ op: 'remove', path: 'members[value eq ' }] }), 400, 'invalidPath');
    expectScimError(await scim.call('POST', '/Groups', { displayName: '' }), 400, 'invalidValue');
    const ext = crypto.randomUUID();
    expect((await scim.call('POST', '/Groups', { displayName: unique('g'), externalId: ext })).status).toBe(201);
    expectScimError(await scim.call('POST', '/Groups', { displayName: unique('g'), externalId: ext }), 409, 'uniqueness');
    const big = 'a'.repeat(300 * 1024);
    expectScimError(await scim.call('POST', '/Groups', { displayName: big }), 413);
  });

  it('SCIM cannot take away the last Administrator', async () => {
    const admins = await scim.call('GET', `/Users?filter=${encodeURIComponent(`userName eq "${ADMIN_EMAIL}"`)}`);
    const adminId = admins.body.Resources[0].id as string;
    const off = await scim.call('PATCH', `/Users/${adminId}`, { Operations: [{ op: 'Replace', path: 'active', value: 'False' }] });
    expectScimError(off, 409, 'mutability');
    expectScimError(await scim.call('DELETE', `/Users/${adminId}`), 409);
    expect((await admin.get('me')).status).toBe(200);
  });
});

describe('deactivation takes effect at once', () => {
  it('active:false ends the user’s sessions and API tokens and announces user.disabled', async () => {
    const user = await makeUser(admin, { externalId: unique('ext') });
    const room = await makeRoom(admin);
    await makeRole(admin, { permissions: { rooms: 'view' }, userIds: [user.id], roomIds: [room.id] });
    const client = await signedIn(t.app, user.email, user.password);
    const token = await client.post('tokens', { name: 'automation' });
    const bearer = new ApiClient(t.app);
    bearer.bearer = token.body.token;
    expect((await bearer.get('me')).status).toBe(200);
    const events: unknown[] = [];
    const off = t.bus.subscribe((e) => {
      if (e.type === 'user.disabled') events.push(e);
    });
    const res = await scim.call('PATCH', `/Users/${user.id}`, { Operations: [{ op: 'Replace', path: 'active', value: 'False' }] });
    off();
    expect(res.body.active).toBe(false);
    expect((await client.get('me')).status).toBe(401);
    expect((await bearer.get('me')).status).toBe(401);
    expect(events).toEqual([{ type: 'user.disabled', userId: user.id }]);
  });
});
