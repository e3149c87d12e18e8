// Issue 11, "what a new user stumbled on", in the browser: an empty list says whether it is
// empty or filtered; a Remote-access-only user's room page asks nothing it would be refused,
// and Start session says remote access is off and whom to ask; the role wizard needs a
// permission and names what was picked; turning remote access off asks first, saying how
// many live sessions end; sign-out forgets the page; the portal has a favicon.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Response } from 'playwright-core';
import { noPermissions } from '@roomwarden/protocol';
import type { E2eApi } from './support/api.ts';
import { openBrowser, screenshot, signIn, type BrowserSession } from './support/browser.ts';
import type { RunningServer } from './support/server.ts';
import { simulatedRooms, type SimulatedRooms } from './support/simulated-rooms.ts';
import { waitUntil } from './support/x11-vnc.ts';

const CONTACT = 'rooms-team@example.com';
const OPERATOR = { email: 'otto.remote@e2e.test', name: 'Otto Remote', password: 'otto-Remote-password-1' };
const GROUP = 'Room support Oslo';

describe('what a new user stumbled on', () => {
  let portal: SimulatedRooms | undefined;
  let server: RunningServer;
  let api: E2eApi;
  let admin: BrowserSession;
  let room: { id: string; name: string };

  beforeAll(async () => {
    // Off for the organisation, with a contact: whom a user is told to ask.
    portal = await simulatedRooms({ rooms: 1, seed: 11, remoteAccess: { enabled: false, contactEmail: CONTACT } });
    ({ server, api, admin } = portal);
    room = portal.rooms[0]!;
  });

  afterAll(async () => {
    await portal?.dispose();
  });

  it('has a favicon, served as SVG', async () => {
    const { page } = admin;
    await page.goto('/rooms');
    const href = await page.locator('link[rel="icon"]').getAttribute('href');
    expect(href).toBe('/favicon.svg');
    const icon = await page.request.get(href!);
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toMatch(/^image\/svg\+xml/);
  });

  it('tells an empty list from a filtered one, with the action to create the first item', async () => {
    const { page } = admin;
    await page.goto('/settings/directory');
    await page.getByRole('tab', { name: 'Groups' }).click();
    const empty = page.getByTestId('empty-state');
    await empty.getByText('No groups yet.', { exact: false }).waitFor();
    expect(await empty.getAttribute('data-empty')).toBe('none');
    expect(await empty.getByRole('button', { name: 'Create the first group' }).count()).toBe(1);
    await page.getByRole('searchbox', { name: 'Search groups' }).fill('zzz');
    await empty.getByText('No group matches the search or filters.').waitFor();
    expect(await empty.getByRole('button', { name: 'Create the first group' }).count()).toBe(0);
    await empty.getByRole('button', { name: 'Clear the search and filters' }).click();
    await empty.getByText('No groups yet.', { exact: false }).waitFor();
    await screenshot(page, 'ux-01-groups-empty');
  });

  it("a Remote-access-only user's room page gets no 403, and Start session says remote access is off and whom to ask", async () => {
    const user = await api.call<{ id: string }>('POST', '/users', { email: OPERATOR.email, displayName: OPERATOR.name, password: OPERATOR.password });
    await api.call('POST', '/roles', {
      name: 'Remote access only',
      permissions: { ...noPermissions(), remoteAccess: 'view' },
      assignments: [{ groupIds: [], userIds: [user.id], scope: { allRooms: false, siteIds: [], roomIds: [room.id] } }],
    });
    const operator = await openBrowser(server.url);
    try {
      const { page } = operator;
      const refused: string[] = [];
      page.on('response', (res: Response) => {
        if (res.status() === 403) refused.push(`${res.request().method()} ${res.url()}`);
      });
      await signIn(page, OPERATOR.email, OPERATOR.password);
      await page.goto('/rooms');
      const cell = page.locator(`tr[data-room-name="${room.name}"] [data-testid="room-remote-access"]`);
      await cell.getByText('Off for the organisation').waitFor();
      await screenshot(page, 'ux-02-rooms-off-for-organisation');

      await page.getByRole('link', { name: room.name }).click();
      await page.getByRole('heading', { name: room.name }).waitFor();
      await page.getByTestId('room-health-hidden').waitFor();
      const start = page.getByRole('button', { name: 'Start session' });
      expect(await start.isDisabled()).toBe(true);
      const why = (await page.getByTestId('start-session-blocked').textContent()) ?? '';
      expect(why).toContain('Remote access is turned off for the whole organisation');
      expect(why).toContain(CONTACT);
      // Give the page its loads (and a refresh round) before counting.
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(1500);
      await screenshot(page, 'ux-03-start-session-disabled');
      expect(refused).toEqual([]);
    } finally {
      await operator.close();
    }
  });

  it('the role wizard needs a permission and its review names the groups and rooms', async () => {
    await api.call('POST', '/groups', { displayName: GROUP, description: 'Oslo room support' });
    const { page } = admin;
    await page.goto('/settings/roles/new');
    await page.getByLabel('Name').fill('Oslo incidents');
    await page.getByRole('button', { name: 'Next' }).click();

    const next = page.getByRole('button', { name: 'Next' });
    expect(await next.isDisabled()).toBe(true);
    expect(await page.getByTestId('role-step-problem').textContent()).toContain('Tick at least one permission');
    await screenshot(page, 'ux-04-wizard-no-permission');
    await page.getByRole('checkbox', { name: 'Incidents: View' }).check();
    expect(await next.isDisabled()).toBe(false);
    expect(await page.getByTestId('role-step-problem').count()).toBe(0);
    await next.click();

    await page.getByRole('searchbox', { name: 'Search groups' }).fill('Room support');
    await page.getByRole('checkbox', { name: GROUP }).check();
    await next.click();
    await page.getByRole('radio', { name: 'Chosen sites, room groups and rooms', exact: true }).check();
    await page.getByRole('checkbox', { name: new RegExp(room.name) }).check();
    await next.click();

    const review = page.getByTestId('role-review');
    await review.waitFor();
    expect(await page.getByTestId('review-groups').textContent()).toBe(GROUP);
    expect(await page.getByTestId('review-rooms').textContent()).toContain(room.name);
    expect(await review.textContent()).toContain('Incidents: View');
    await screenshot(page, 'ux-05-wizard-review');
    await page.getByRole('button', { name: 'Create role' }).click();
    await page.getByRole('heading', { name: 'Oslo incidents' }).waitFor();
  });

  it('turning remote access off asks first, saying how many live sessions end; Cancel leaves it on', async () => {
    await api.call('PUT', '/settings/general', { remoteAccessEnabled: true, remoteAccessContactEmail: CONTACT });
    const session = await api.call<{ id: string }>('POST', `/rooms/${room.id}/sessions`, { mode: 'view' });
    const { page } = admin;
    await page.goto('/settings/general');
    const card = page.getByRole('region', { name: 'Remote access and sessions' });
    const toggle = card.getByRole('switch');
    await card.getByText('On', { exact: true }).waitFor();
    await toggle.click();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Turn remote access off?').waitFor();
    expect(await dialog.getByTestId('confirm-body').textContent()).toMatch(/^1 live session will end at once\./);
    await page.waitForTimeout(400); // the dialog's opening animation
    await screenshot(page, 'ux-06-turn-off-confirmation');

    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await toggle.isChecked()).toBe(true);
    expect((await api.call<{ remoteAccessEnabled: boolean }>('GET', '/settings/general')).remoteAccessEnabled).toBe(true);
    expect((await api.call<{ state: string }>('GET', `/sessions/${session.id}`)).state).not.toBe('ended');

    await toggle.click();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Turn off and end sessions' }).click();
    await page.getByRole('status').getByText('Saved').waitFor();
    expect((await api.call<{ remoteAccessEnabled: boolean }>('GET', '/settings/general')).remoteAccessEnabled).toBe(false);
    await waitUntil(async () => (await api.call<{ state: string }>('GET', `/sessions/${session.id}`)).state === 'ended', 10_000, 'the session ended');
  });

  it('signing out goes to the sign-in page without next=', async () => {
    const { page } = admin;
    await page.goto(`/rooms/${room.id}`);
    await page.getByRole('heading', { name: room.name }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    await page.waitForTimeout(500);
    const url = new URL(page.url());
    expect(url.pathname).toBe('/signin');
    expect(url.search).toBe('');
  });
});
