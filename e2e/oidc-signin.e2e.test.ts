// Issue 6, "Browser test: sign in through the test provider": a real OpenID Connect
// provider (oidc-provider, with its own login and consent pages) on a local port, the
// real server configured for it through the settings API, and Debian's Chromium. A
// person who exists only at the provider clicks "Sign in with Contoso ID", signs in and
// consents there, lands in the portal signed in as themselves, and sees exactly the rooms
// that their provider group's role grants.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2eApi } from './support/api.ts';
import { openBrowser, screenshot, type BrowserSession } from './support/browser.ts';
import { startBrowserIdp, type BrowserIdp, type IdpUser } from './support/oidc-idp.ts';
import { startServer, type RunningServer } from './support/server.ts';

// Helper F's ports (the team's range); overridable from the environment.
process.env.ROOMWARDEN_E2E_PORTS ??= '18900-18999';

const CLIENT = { id: 'roomwarden-e2e', secret: 'e2e-idp-client-secret-0123456789' };
const GROUP_OBJECT_ID = '6f1c2b9e-4d0a-4c3e-9a57-5f7e2d1c0b11';
const PERSON: IdpUser = {
  sub: 'idp-user-0001',
  email: 'robin.fields@contoso.com',
  password: 'Idp-password-for-robin-1',
  name: 'Robin Fields',
  groups: [GROUP_OBJECT_ID, 'a-group-roomwarden-does-not-know'],
};

// Known at the provider, but from a domain Roomwarden's settings do not allow.
const OUTSIDER: IdpUser = { sub: 'idp-user-0002', email: 'sam.other@fabrikam.com', password: 'Idp-password-for-sam-1', name: 'Sam Other', groups: [GROUP_OBJECT_ID] };

interface Room {
  id: string;
  name: string;
}

describe('single sign-on in the browser, through a real OpenID Connect provider', () => {
  let server: RunningServer | undefined;
  let idp: BrowserIdp | undefined;
  let browser: BrowserSession | undefined;
  let api: E2eApi;
  const granted: Room[] = [];
  const notGranted: Room[] = [];

  beforeAll(async () => {
    server = await startServer({ env: { ROOMWARDEN_OIDC_ALLOW_INSECURE_ISSUER: 'true' } });
    api = await E2eApi.signIn(server.url, server.adminEmail, server.adminPassword);
    idp = await startBrowserIdp({ ...CLIENT, redirectUri: `${server.url}/api/v1/auth/oidc/callback` }, [PERSON, OUTSIDER]);

    const oidc = await api.call<{ redirectUri: string; clientSecretSet: boolean }>('PUT', '/settings/oidc', {
      enabled: true,
      displayName: 'Contoso ID',
      issuer: idp.issuer,
      clientId: CLIENT.id,
      clientSecret: CLIENT.secret,
      scopes: 'openid email profile',
      groupsClaim: 'groups',
      allowedEmailDomains: ['contoso.com'],
    });
    expect(oidc.redirectUri).toBe(`${server.url}/api/v1/auth/oidc/callback`);
    expect(oidc.clientSecretSet).toBe(true);

    // Two sites; the provider group's role sees one whole site and one room of the other.
    const north = await api.call<{ id: string }>('POST', '/sites', { name: 'North campus' });
    const south = await api.call<{ id: string }>('POST', '/sites', { name: 'South campus' });
    for (const name of ['North Boardroom', 'North Huddle 2']) granted.push(await api.call<Room>('POST', '/rooms', { name, siteId: north.id, region: 'e2e' }));
    const southLobby = await api.call<Room>('POST', '/rooms', { name: 'South Lobby Screen', siteId: south.id, region: 'e2e' });
    granted.push(southLobby);
    for (const name of ['South Auditorium', 'South Training 1']) notGranted.push(await api.call<Room>('POST', '/rooms', { name, siteId: south.id, region: 'e2e' }));

    const group = await api.call<{ id: string }>('POST', '/groups', { displayName: 'MTR Room Watchers', externalId: GROUP_OBJECT_ID });
    await api.call('POST', '/roles', {
      name: 'Room watchers (SSO)',
      description: 'Rooms and incidents, view only, on North campus and the South lobby',
      permissions: { rooms: 'view', incidents: 'view', remoteAccess: 'none', settings: 'none', roles: 'none', directory: 'none', enrollment: 'none', audit: 'none' },
      assignments: [{ groupIds: [group.id], userIds: [], scope: { allRooms: false, siteIds: [north.id], roomIds: [southLobby.id] } }],
    });
    browser = await openBrowser(server.url);
    // Room for a busy machine (two cores, several suites): waits, never speed checks.
    browser.context.setDefaultTimeout(45_000);
  });

  afterAll(async () => {
    const errors: string[] = [];
    for (const [name, stop] of [
      ['browser', browser?.close],
      ['identity provider', idp?.close],
      ['server', server?.stop],
    ] as const) {
      try {
        await stop?.();
      } catch (err) {
        errors.push(`${name}: ${(err as Error).message}`);
      }
    }
    if (errors.length) throw new Error(`cleanup failed: ${errors.join('; ')}`);
  });

  it('signs in at the provider, lands in the portal as the provider user, and sees the rooms the group role grants', async () => {
    if (!browser || !idp || !server) throw new Error('not set up');
    const { page } = browser;

    // 1. Roomwarden's sign-in page offers the provider.
    await page.goto('/signin');
    const sso = page.getByRole('link', { name: 'Sign in with Contoso ID' });
    await sso.waitFor();
    await screenshot(page, 'oidc-01-signin-page');

    // 2. The provider's own login page; a wrong password first, then the right one.
    await sso.click();
    await page.waitForURL((u) => u.origin === idp?.issuer && u.pathname.startsWith('/interaction/'));
    await page.getByLabel('Email').fill(PERSON.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('Wrong email or password');
    await screenshot(page, 'oidc-02-provider-login-wrong-password');
    await page.getByLabel('Password').fill(PERSON.password);
    await screenshot(page, 'oidc-03-provider-login');
    await page.getByRole('button', { name: 'Sign in' }).click();

    // 3. Consent at the provider.
    await page.getByRole('heading', { name: 'Allow access' }).waitFor();
    expect(await page.textContent('main')).toContain(CLIENT.id);
    await screenshot(page, 'oidc-04-provider-consent');
    await page.getByRole('button', { name: 'Allow' }).click();

    // 4. Back in the portal, signed in as the provider's user.
    await page.waitForURL((u) => u.origin === server?.url);
    await page.getByTestId('signed-in-user').waitFor();
    expect(await page.getByTestId('signed-in-user').textContent()).toContain(PERSON.name);
    expect(idp.signIns).toEqual([PERSON.email]);

    // 5. The portal's first page for this user is the rooms list: what the group's role grants, and nothing else.
    await page.waitForURL((u) => u.pathname === '/rooms');
    await page.locator('tr[data-room-name]').first().waitFor();
    await screenshot(page, 'oidc-05-portal-signed-in');
    await expect.poll(() => page.locator('tr[data-room-name]').count()).toBe(granted.length);
    const names = await page.locator('tr[data-room-name]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-room-name')));
    expect(names.sort()).toEqual(granted.map((r) => r.name).sort());
    await screenshot(page, 'oidc-06-rooms-granted');
    // A room outside the role's scope does not exist for this user.
    const hidden = notGranted[0];
    if (!hidden) throw new Error('no hidden room');
    const status = await page.evaluate(async (id) => (await fetch(`/api/v1/rooms/${id}`)).status, hidden.id);
    expect(status).toBe(404);
  });

  it('created the user just in time, put them in the group from the claim, and audited the sign-in', async () => {
    const users = await api.call<{ items: Array<{ id: string; email: string; displayName: string; externalId: string | null }> }>('GET', `/users?q=${encodeURIComponent(PERSON.email)}`);
    const user = users.items.find((u) => u.email === PERSON.email);
    expect(user).toMatchObject({ email: PERSON.email, displayName: PERSON.name });
    const groups = await api.call<{ items: Array<{ id: string; externalId: string | null }> }>('GET', '/groups?limit=100');
    const group = groups.items.find((g) => g.externalId === GROUP_OBJECT_ID);
    if (!group || !user) throw new Error('group or user missing');
    const members = await api.call<{ items: Array<{ id: string }> }>('GET', `/groups/${group.id}/members`);
    expect(members.items.map((m) => m.id)).toContain(user.id);
    const audit = await api.call<{ items: Array<{ action: string; actorId: string | null; details: Record<string, unknown> }> }>('GET', '/audit?limit=100');
    expect(audit.items.some((e) => e.actorId === user.id && /^auth\.(oidc|login)/.test(e.action))).toBe(true);
  });

  it('refuses a provider user from a domain that is not allowed, and says why on the sign-in page', async () => {
    if (!server) throw new Error('not set up');
    const fresh = await openBrowser(server.url);
    fresh.context.setDefaultTimeout(45_000);
    try {
      const { page } = fresh;
      await page.goto('/signin');
      await page.getByRole('link', { name: 'Sign in with Contoso ID' }).click();
      await page.getByLabel('Email').fill(OUTSIDER.email);
      await page.getByLabel('Password').fill(OUTSIDER.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Allow' }).click();
      await page.waitForURL((u) => u.origin === server?.url && u.pathname === '/signin');
      await page.getByTestId('callback-error').waitFor();
      await screenshot(page, 'oidc-07-domain-not-allowed');
      expect(await page.getByTestId('signed-in-user').count()).toBe(0);
      const me = await page.evaluate(async () => (await fetch('/api/v1/me')).status);
      expect(me).toBe(401);
    } finally {
      await fresh.close();
    }
  });
});
