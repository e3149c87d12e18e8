// OpenID Connect sign-in against an in-process identity provider (oidc-provider):
// just-in-time users, groups from the claim, roles through them, overage, and every way
// a sign-in must fail. Ends with the issue's "done when", SCIM and OIDC together.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../src/secrets/index.ts';
import { ApiClient, signedIn } from './support/api-client.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestApp, type TestApp } from './support/test-app.ts';
import { makeGroup, makeRole, makeRoom, makeUser, unique } from './support/factories.ts';
import { Browser, IDP_CLIENT, startTestIdp, type IdpAccount, type TestIdp } from './support/oidc-idp.ts';

let t: TestApp;
let idp: TestIdp;
let admin: ApiClient;

const REDIRECT = 'http://127.0.0.1:8080/api/v1/auth/oidc/callback';

function account(fields: Partial<IdpAccount> = {}): IdpAccount {
  const sub = fields.sub ?? unique('sub');
  const a: IdpAccount = { sub, email: `${unique('person')}@contoso.com`.toLowerCase(), name: 'Pat Person', email_verified: true, ...fields };
  idp.accounts.set(sub, a);
  idp.signInAs(sub);
  return a;
}

/** An API client riding the browser's session cookie, with the CSRF token from GET /me. */
async function clientFor(browser: Browser): Promise<ApiClient> {
  const c = new ApiClient(t.app);
  c.cookie = browser.sessionCookie;
  const me = await c.get('me');
  c.csrfToken = me.body?.csrfToken ?? undefined;
  return c;
}

async function lastAudit(action: string): Promise<any> {
  return (await admin.get(`audit?action=${action}&limit=1`)).body.items[0];
}

async function configure(extra: Record<string, unknown> = {}): Promise<void> {
  const res = await admin.put('settings/oidc', {
    enabled: true,
    displayName: 'Sign in with Contoso',
    issuer: idp.issuer,
    clientId: IDP_CLIENT.id,
    clientSecret: IDP_CLIENT.secret,
    allowedEmailDomains: ['contoso.com'],
    ...extra,
  });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  idp = await startTestIdp(REDIRECT);
  t = await createTestApp({ oidcAllowInsecureIssuer: true });
  admin = await signedIn(t.app, ADMIN_EMAIL, ADMIN_PASSWORD);
  await configure();
});
afterAll(async () => {
  await t?.dispose();
  await idp?.close();
});

describe('settings', () => {
  it('the client secret is write-only, changes are audited without it, and the sign-in page learns the button', async () => {
    const s = await admin.get('settings/oidc');
    expect(s.status).toBe(200);
    expect(s.body).toMatchObject({ enabled: true, displayName: 'Sign in with Contoso', issuer: idp.issuer, clientId: IDP_CLIENT.id, clientSecretSet: true, groupsClaim: 'groups', redirectUri: REDIRECT });
    expect(JSON.stringify(s.body)).not.toContain(IDP_CLIENT.secret);
    const entry = await lastAudit('settings.oidc.update');
    expect(entry.details.after.clientSecretSet).toBe(true);
    expect(JSON.stringify(entry)).not.toContain(IDP_CLIENT.secret);
    const providers = await new ApiClient(t.app).get('auth/providers');
    expect(providers.body).toEqual({ localLoginEnabled: true, oidc: { enabled: true, displayName: 'Sign in with Contoso', loginUrl: '/api/v1/auth/oidc/login' } });
    // Keeping the secret: a PUT without it leaves it set.
    expect((await admin.put('settings/oidc', { displayName: 'Sign in with Contoso' })).body.clientSecretSet).toBe(true);
  });

  it('the client secret is sealed in the database; a secret stored in clear before still works, one sealed with another key counts as not set', async () => {
    const rawSecret = async (): Promise<string> => {
      const r = await sql<{ value: unknown }>`select value from settings where key = 'oidc'`.execute(t.database.db);
      const value = r.rows[0]!.value;
      return (typeof value === 'string' ? JSON.parse(value) : value).clientSecret;
    };
    const setRawSecret = (secret: string) => sql`update settings set value = jsonb_set(value, '{clientSecret}', to_jsonb(${secret}::text)) where key = 'oidc'`.execute(t.database.db);

    const sealed = await rawSecret();
    expect(sealed).toMatch(/^rwenc:v1:/);
    expect(sealed).not.toContain(IDP_CLIENT.secret);

    // Stored in clear by an earlier version: read as it is, and sealed at the next save.
    await setRawSecret(IDP_CLIENT.secret);
    expect((await admin.get('settings/oidc')).body.clientSecretSet).toBe(true);
    expect(t.services.oidcSettings.openClientSecret((await t.services.oidcSettings.load()).clientSecret)).toBe(IDP_CLIENT.secret);
    await admin.put('settings/oidc', { displayName: 'Sign in with Contoso (again)' });
    expect(await rawSecret()).toMatch(/^rwenc:v1:/);

    // Sealed with another server's key: not readable here, so the portal asks for it again.
    const sealedElsewhere = new SecretBox(randomBytes(32)).seal('someone-elses-secret', 'settings.oidc.clientSecret');
    await setRawSecret(sealedElsewhere);
    expect((await admin.get('settings/oidc')).body).toMatchObject({ clientSecretSet: false, clientSecretUnreadable: true });
    expect(() => t.services.oidcSettings.openClientSecret(sealedElsewhere)).toThrow(/secrets key/);
    await configure();
    expect((await admin.get('settings/oidc')).body).toMatchObject({ clientSecretSet: true, clientSecretUnreadable: false });
    expect(t.services.oidcSettings.openClientSecret((await t.services.oidcSettings.load()).clientSecret)).toBe(IDP_CLIENT.secret);
  });

  it('rejects bad settings with the field at fault', async () => {
    const plain = await admin.put('settings/oidc', { scopes: 'profile email' });
    expect(plain.status).toBe(400);
    expect(plain.body.error.field).toBe('scopes');
    const domain = await admin.put('settings/oidc', { allowedEmailDomains: ['not a domain'] });
    expect(domain.status).toBe(400);
    const reader = await signedIn(t.app, (await makeUser(admin)).email, 'a-long-test-password-42');
    expect((await reader.get('settings/oidc')).status).toBe(403);
  });
});

describe('sign-in', () => {
  it('creates the user just in time, starts a cookie session and redirects to the portal', async () => {
    const a = account({ oid: crypto.randomUUID() });
    const browser = new Browser(t.app);
    const done = await browser.signIn();
    expect(done).toMatchObject({ status: 302, location: '/' });
    const c = await clientFor(browser);
    const me = await c.get('me');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ email: a.email, source: 'oidc', externalId: a.oid, displayName: 'Pat Person' });
    expect(me.body.csrfToken).toEqual(expect.any(String));
    const login = await lastAudit('auth.login');
    expect(login).toMatchObject({ actorLabel: a.email, details: { method: 'oidc', created: true, groupsOverage: false } });
    // A second sign-in finds the same user, and lands where the portal asked (a path on this site only).
    expect((await new Browser(t.app).signIn('/api/v1/auth/oidc/login?next=%2Frooms%2Fabc%3Ftab%3Dhealth')).location).toBe('/rooms/abc?tab=health');
    for (const evil of ['//evil.example', '/\\evil.example', 'https://evil.example', '/x\r\nSet-Cookie:a=b']) {
      expect((await new Browser(t.app).signIn(`/api/v1/auth/oidc/login?next=${encodeURIComponent(evil)}`)).location).toBe('/');
    }
    expect((await admin.get(`users?q=${encodeURIComponent(a.email)}`)).body.items).toHaveLength(1);
  });

  it('maps the groups claim to groups by externalId, and the group’s role grants rooms and Remote access', async () => {
    const entraGroup = crypto.randomUUID();
    const staleGroup = crypto.randomUUID();
    const remoteAdmins = (await admin.post('groups', { displayName: unique('MTR Remote Admins'), externalId: entraGroup })).body;
    const stale = (await admin.post('groups', { displayName: unique('Former'), externalId: staleGroup })).body;
    const room = await makeRoom(admin);
    await makeRole(admin, { permissions: { rooms: 'view', remoteAccess: 'modify' }, groupIds: [remoteAdmins.id], roomIds: [room.id] });

    const a = account({ groups: [entraGroup, 'not-a-known-group'] });
    const browser = new Browser(t.app);
    expect((await browser.signIn()).location).toBe('/');
    const c = await clientFor(browser);
    const me = (await c.get('me')).body;
    expect(me.groups.map((g: { id: string }) => g.id)).toEqual([remoteAdmins.id]);
    expect(me.permissions).toMatchObject({ rooms: 'view', remoteAccess: 'modify', settings: 'none' });
    expect((await c.get(`rooms/${room.id}`)).body.myPermissions).toMatchObject({ remoteAccess: 'modify' });
    expect((await lastAudit('auth.login')).details).toMatchObject({ groupsAdded: [remoteAdmins.id], unmatchedGroups: 1 });

    // The provider moves them: out of Remote Admins, into another managed group. A local
    // group (no externalId) is Roomwarden's own and stays.
    const local = await makeGroup(admin, { memberIds: [me.user.id] });
    a.groups = [staleGroup];
    const again = new Browser(t.app);
    await again.signIn();
    const me2 = (await (await clientFor(again)).get('me')).body;
    expect(me2.groups.map((g: { id: string }) => g.id).sort()).toEqual([local.id, stale.id].sort());
    expect(me2.permissions.remoteAccess).toBe('none');
    expect((await lastAudit('auth.login')).details).toMatchObject({ groupsAdded: [stale.id], groupsRemoved: [remoteAdmins.id] });
  });

  it('on Entra group overage keeps the memberships it has and says so in the audit entry', async () => {
    const g = (await admin.post('groups', { displayName: unique('Overage'), externalId: crypto.randomUUID() })).body;
    const a = account({ groups: [g.externalId] });
    await new Browser(t.app).signIn();
    a.overage = true;
    const browser = new Browser(t.app);
    expect((await browser.signIn()).location).toBe('/');
    const me = (await (await clientFor(browser)).get('me')).body;
    expect(me.groups.map((x: { id: string }) => x.id)).toEqual([g.id]);
    expect((await lastAudit('auth.login')).details).toMatchObject({ groupsOverage: true, groupsAdded: [], groupsRemoved: [] });
  });
});

describe('failed sign-ins go back to the sign-in page with a code and are audited', () => {
  it('a wrong state', async () => {
    account();
    const browser = new Browser(t.app);
    const { callbackUrl } = await browser.authorize();
    const u = new URL(callbackUrl);
    u.searchParams.set('state', 'forged-state');
    const res = await browser.callback(u.href);
    expect(res).toMatchObject({ status: 302, location: '/signin?error=OIDC_STATE_MISMATCH' });
    expect(browser.sessionCookie).toBeUndefined();
    expect((await lastAudit('auth.login_failed')).details).toMatchObject({ method: 'oidc', reason: 'unknown_state' });
    // A response for a sign-in started in another browser is refused too.
    const other = new Browser(t.app);
    expect((await other.callback(callbackUrl)).location).toBe('/signin?error=OIDC_STATE_MISMATCH');
  });

  it('a replayed code', async () => {
    account();
    const browser = new Browser(t.app);
    const { callbackUrl } = await browser.authorize();
    expect((await browser.callback(callbackUrl)).location).toBe('/');
    // The same response again: its state is spent.
    expect((await browser.callback(callbackUrl)).location).toBe('/signin?error=OIDC_STATE_MISMATCH');
    // The old code smuggled into a fresh sign-in: the provider refuses it.
    const fresh = new Browser(t.app);
    const started = await fresh.appGet('/api/v1/auth/oidc/login');
    const state = new URL(started.location).searchParams.get('state')!;
    const replay = new URL(callbackUrl);
    replay.searchParams.set('state', state);
    expect((await fresh.callback(replay.href)).location).toBe('/signin?error=OIDC_LOGIN_FAILED');
    expect((await lastAudit('auth.login_failed')).details).toMatchObject({ method: 'oidc', reason: 'token_validation_failed' });
  });

  it('an email domain that is not allowed', async () => {
    account({ email: `${unique('eve')}@fabrikam.com` });
    expect((await new Browser(t.app).signIn()).location).toBe('/signin?error=OIDC_DOMAIN_NOT_ALLOWED');
    expect((await lastAudit('auth.login_failed')).details).toMatchObject({ reason: 'domain_not_allowed' });
  });

  it('a disabled user', async () => {
    const a = account();
    await new Browser(t.app).signIn();
    const id = (await admin.get(`users?q=${encodeURIComponent(a.email)}`)).body.items[0].id;
    expect((await admin.patch(`users/${id}`, { disabled: true })).status).toBe(200);
    expect((await new Browser(t.app).signIn()).location).toBe('/signin?error=ACCOUNT_DISABLED');
    expect((await lastAudit('auth.login_failed')).details).toMatchObject({ reason: 'disabled' });
  });

  it('a provider error', async () => {
    account();
    const browser = new Browser(t.app);
    const started = await browser.appGet('/api/v1/auth/oidc/login');
    const state = new URL(started.location).searchParams.get('state')!;
    const res = await browser.appGet(`/api/v1/auth/oidc/callback?error=access_denied&state=${state}`);
    expect(res.location).toBe('/signin?error=OIDC_LOGIN_FAILED');
  });

  it('an expired ID token', async () => {
    // A second server whose clock runs two hours ahead of the provider's.
    const skewed = await createTestApp({ oidcAllowInsecureIssuer: true, oidcClockSkewSeconds: 7200 });
    try {
      const adm = await signedIn(skewed.app, ADMIN_EMAIL, ADMIN_PASSWORD);
      expect((await adm.put('settings/oidc', { enabled: true, issuer: idp.issuer, clientId: IDP_CLIENT.id, clientSecret: IDP_CLIENT.secret })).status).toBe(200);
      account();
      expect((await new Browser(skewed.app).signIn()).location).toBe('/signin?error=OIDC_LOGIN_FAILED');
      const entry = (await adm.get('audit?action=auth.login_failed&limit=1')).body.items[0];
      expect(entry.details).toMatchObject({ reason: 'token_validation_failed' });
      expect(entry.details.claim).toBe('exp');
    } finally {
      await skewed.dispose();
    }
  });

  it('sign-in while single sign-on is off', async () => {
    await configure({ enabled: false });
    try {
      expect((await new Browser(t.app).appGet('/api/v1/auth/oidc/login')).location).toBe('/signin?error=OIDC_NOT_CONFIGURED');
      expect((await new ApiClient(t.app).get('auth/providers')).body.oidc).toMatchObject({ enabled: false, loginUrl: null });
    } finally {
      await configure();
    }
  });
});

describe('password sign-in turned off', () => {
  it('only the break-glass administrator (or listed users) can still use a password', async () => {
    const local = await makeUser(admin);
    const breakGlass = await makeUser(admin);
    const off = await admin.put('settings/oidc', { localLoginDisabled: true, breakGlassUserIds: [breakGlass.id] });
    expect(off.status).toBe(200);
    try {
      expect((await new ApiClient(t.app).get('auth/providers')).body.localLoginEnabled).toBe(false);
      const refused = await new ApiClient(t.app).login(local.email, local.password);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('LOCAL_LOGIN_DISABLED');
      expect((await new ApiClient(t.app).login(ADMIN_EMAIL, ADMIN_PASSWORD)).status).toBe(200);
      expect((await new ApiClient(t.app).login(breakGlass.email, breakGlass.password)).status).toBe(200);
    } finally {
      await admin.put('settings/oidc', { localLoginDisabled: false, breakGlassUserIds: [] });
    }
  });
});

describe('done when', () => {
  it('a user created and grouped only in the provider signs in, gets the role’s rooms and Remote access, and loses them the moment SCIM removes them or deactivates them', async () => {
    const scimToken = (await admin.post('scim-tokens', { label: 'Microsoft Entra ID' })).body.token as string;
    const scim = async (method: 'POST' | 'PATCH', path: string, body: unknown) => {
      const res = await t.app.inject({ method, url: `/scim/v2${path}`, headers: { authorization: `Bearer ${scimToken}`, 'content-type': 'application/scim+json' }, payload: JSON.stringify(body) });
      return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null };
    };
    // In the provider: a user and the "MTR Remote Admins" security group.
    const objectId = crypto.randomUUID();
    const groupObjectId = crypto.randomUUID();
    const email = `${unique('alex')}@contoso.com`.toLowerCase();
    const user = await scim('POST', '/Users', { userName: email, externalId: email.split('@')[0], active: 'True', name: { givenName: 'Alex', familyName: 'Wilber' } });
    expect(user.status).toBe(201);
    const group = await scim('POST', '/Groups', { displayName: unique('MTR Remote Admins'), externalId: groupObjectId });
    expect(group.status).toBe(201);
    expect((await scim('PATCH', `/Groups/${group.body.id}`, { Operations: [{ op: 'Add', path: 'members', value: [{ value: user.body.id }] }] })).status).toBe(204);

    // In Roomwarden: a role for that group on one room.
    const room = await makeRoom(admin);
    await makeRole(admin, { permissions: { rooms: 'view', remoteAccess: 'modify' }, groupIds: [group.body.id], roomIds: [room.id] });

    account({ sub: unique('sub'), oid: objectId, email, name: 'Alex Wilber', groups: [groupObjectId] });
    const browser = new Browser(t.app);
    expect((await browser.signIn()).location).toBe('/');
    const c = await clientFor(browser);
    const me = (await c.get('me')).body;
    expect(me.user.id).toBe(user.body.id);
    expect(me.permissions).toMatchObject({ rooms: 'view', remoteAccess: 'modify' });
    expect((await c.get(`rooms/${room.id}`)).body.myPermissions).toMatchObject({ rooms: 'view', remoteAccess: 'modify' });

    // The provider removes them from the group: the very next request has no access.
    expect((await scim('PATCH', `/Groups/${group.body.id}`, { Operations: [{ op: 'Remove', path: 'members', value: [{ value: user.body.id }] }] })).status).toBe(204);
    expect((await c.get('me')).body.permissions).toMatchObject({ rooms: 'none', remoteAccess: 'none' });
    expect((await c.get(`rooms/${room.id}`)).status).toBe(404);

    // Put back, then deactivated: the session ends at once.
    expect((await scim('PATCH', `/Groups/${group.body.id}`, { Operations: [{ op: 'add', path: 'members', value: [{ value: user.body.id }] }] })).status).toBe(204);
    expect((await c.get('me')).body.permissions.remoteAccess).toBe('modify');
    expect((await scim('PATCH', `/Users/${user.body.id}`, { Operations: [{ op: 'Replace', path: 'active', value: 'False' }] })).body.active).toBe(false);
    expect((await c.get('me')).status).toBe(401);
    expect((await c.get(`rooms/${room.id}`)).status).toBe(401);
    expect((await new Browser(t.app).signIn()).location).toBe('/signin?error=ACCOUNT_DISABLED');
  });
});

describe('the last Administrator', () => {
  it('is not taken away by a sign-in whose groups claim drops them: the sign-in goes on, the membership stays, the audit says so', async () => {
    const ADMIN_ROLE = '00000000-0000-4000-8000-000000000001';
    const adminId = (await admin.get('me')).body.user.id as string;
    const externalId = crypto.randomUUID();
    const idpAdmins = (await admin.post('groups', { displayName: unique('IdP Admins'), externalId })).body;
    const adminAssignment = `roles/${ADMIN_ROLE}/assignments/${(await admin.get(`roles/${ADMIN_ROLE}`)).body.assignments[0].id}`;
    expect((await admin.patch(adminAssignment, { userIds: [adminId], groupIds: [idpAdmins.id] })).status).toBe(200);

    const a = account({ groups: [externalId] });
    const first = new Browser(t.app);
    expect((await first.signIn()).location).toBe('/');
    const viaIdp = await clientFor(first);
    // The provider's administrator becomes the only one: the built-in account is unassigned.
    expect((await viaIdp.patch(adminAssignment, { userIds: [], groupIds: [idpAdmins.id] })).status).toBe(200);
    try {
      a.groups = [];
      const again = new Browser(t.app);
      expect((await again.signIn()).location).toBe('/');
      const me = (await (await clientFor(again)).get('me')).body;
      expect(me.groups.map((g: { id: string }) => g.id)).toEqual([idpAdmins.id]);
      expect(me.permissions.roles).toBe('modify');
      const entry = (await viaIdp.get('audit?action=auth.login&limit=1')).body.items[0];
      expect(entry.details).toMatchObject({ groupsRemoved: [], groupsKeptForLastAdministrator: [idpAdmins.id] });
    } finally {
      expect((await viaIdp.patch(adminAssignment, { userIds: [adminId], groupIds: [] })).status).toBe(200);
    }
  });
});
