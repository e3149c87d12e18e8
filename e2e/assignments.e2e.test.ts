// Issue 14 in the browser: room groups and role assignments. The administrator makes a
// room group on the Room groups page, then one role with two assignments, each on its own
// room group and held by its own group of users (the wizard makes the first, the role's
// Assignments tab the second). Each member signs in and sees only their group's rooms.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2eApi } from './support/api.ts';
import { openBrowser, screenshot, signIn, type BrowserSession } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

const ROLE = 'Boardroom support';
const NORTH = { userGroup: 'North leads', roomGroup: 'North boardrooms', rooms: ['Fjord 1', 'Fjord 2'], user: { email: 'nora.north@e2e.test', name: 'Nora North', password: 'nora-North-password-1' } };
const SOUTH = { userGroup: 'South leads', roomGroup: 'South boardrooms', rooms: ['Delta 1', 'Delta 2'], user: { email: 'sam.south@e2e.test', name: 'Sam South', password: 'sam-South-password-1' } };
const ELSEWHERE = 'Lobby kiosk';

describe('assignments: one role, two room groups, two groups of users', () => {
  let server: RunningServer;
  let admin: BrowserSession;
  let api: E2eApi;

  beforeAll(async () => {
    server = await startServer();
    api = await E2eApi.signIn(server.url, server.adminEmail, server.adminPassword);
    const ids: Record<string, string> = {};
    for (const name of [...NORTH.rooms, ...SOUTH.rooms, ELSEWHERE]) ids[name] = (await api.call<{ id: string }>('POST', '/rooms', { name, region: 'emea' })).id;
    // The south room group is made through the API; the north one in the browser below.
    await api.call('POST', '/room-groups', { name: SOUTH.roomGroup, roomIds: SOUTH.rooms.map((r) => ids[r]) });
    for (const side of [NORTH, SOUTH]) {
      const user = await api.call<{ id: string }>('POST', '/users', { email: side.user.email, displayName: side.user.name, password: side.user.password });
      const group = await api.call<{ id: string }>('POST', '/groups', { displayName: side.userGroup });
      await api.call('POST', `/groups/${group.id}/members`, { userId: user.id });
    }
    admin = await openBrowser(server.url);
    await signIn(admin.page, server.adminEmail, server.adminPassword);
  });

  afterAll(async () => {
    await admin?.close();
    await server?.stop();
  });

  it('creates a room group and adds rooms to it on the Room groups page', async () => {
    const { page } = admin;
    await page.getByRole('navigation').getByText('Room groups', { exact: true }).click();
    await page.locator(`tr[data-room-group-name="${SOUTH.roomGroup}"]`).waitFor();
    await page.getByRole('button', { name: 'New room group' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill(NORTH.roomGroup);
    await dialog.getByLabel('Description').fill('The boardrooms of the north wing');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: NORTH.roomGroup }).waitFor();
    for (const room of NORTH.rooms) {
      await page.getByRole('searchbox', { name: 'Search rooms' }).fill(room);
      await page.getByRole('checkbox', { name: room }).check();
      await page.locator(`tr[data-room-name="${room}"]`).waitFor();
    }
    expect(await page.locator('tr[data-room-name]').count()).toBe(2);
    await screenshot(page, 'assignments-01-room-group');
  });

  it('creates the role with its first assignment in the wizard, and adds the second on the Assignments tab', async () => {
    const { page } = admin;
    await page.goto('/settings/roles/new');
    await page.getByLabel('Name').fill(ROLE);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('checkbox', { name: 'Rooms: View' }).check();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('searchbox', { name: 'Search groups' }).fill('North');
    await page.getByRole('checkbox', { name: NORTH.userGroup }).check();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('radio', { name: 'Chosen sites, room groups and rooms', exact: true }).check();
    await page.getByRole('searchbox', { name: 'Search room groups' }).fill('North');
    await page.getByRole('checkbox', { name: NORTH.roomGroup }).check();
    await page.getByRole('button', { name: 'Next' }).click();
    expect(await page.getByTestId('review-rooms').textContent()).toBe(`Room groups: ${NORTH.roomGroup}`);
    await page.getByRole('button', { name: 'Create role' }).click();
    await page.getByRole('heading', { name: ROLE }).waitFor();

    await page.getByRole('tab', { name: /Assignments/ }).click();
    await page.locator(`tr[data-assignment-name="${ROLE}"]`).waitFor();
    await page.getByRole('button', { name: 'Add assignment' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Assignment name').fill('South wing');
    await dialog.getByRole('searchbox', { name: 'Search groups' }).fill('South');
    await dialog.getByRole('checkbox', { name: SOUTH.userGroup }).check();
    await dialog.getByRole('radio', { name: 'Chosen sites, room groups and rooms', exact: true }).check();
    await dialog.getByRole('searchbox', { name: 'Search room groups' }).fill('South');
    await dialog.getByRole('checkbox', { name: SOUTH.roomGroup }).check();
    await dialog.getByRole('switch', { name: /Email notifications/ }).check();
    await dialog.getByRole('button', { name: 'Add assignment' }).click();
    const south = page.locator('tr[data-assignment-name="South wing"]');
    await south.waitFor();
    await south.getByText(`Room groups: ${SOUTH.roomGroup}`).waitFor();
    expect(await south.textContent()).toContain(`Groups: ${SOUTH.userGroup}`);
    expect(await south.textContent()).toContain('On');
    await page.locator(`tr[data-assignment-name="${ROLE}"]`).getByText(`Room groups: ${NORTH.roomGroup}`).waitFor();
    expect(await page.locator('tr[data-assignment-name]').count()).toBe(2);
    await screenshot(page, 'assignments-02-assignments-tab');
  });

  it('each member sees only the rooms of their assignment', async () => {
    for (const side of [NORTH, SOUTH]) {
      const user = await openBrowser(server.url);
      try {
        const { page } = user;
        await signIn(page, side.user.email, side.user.password);
        await page.waitForURL(/\/rooms$/);
        for (const room of side.rooms) await page.locator(`tr[data-room-name="${room}"]`).waitFor();
        const shown = await page.locator('tr[data-room-name]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-room-name')));
        expect(shown.sort()).toEqual([...side.rooms].sort());
        await screenshot(page, `assignments-03-${side === NORTH ? 'north' : 'south'}-rooms`);
      } finally {
        await user.close();
      }
    }
  });
});
