// Issue 14 B in the browser: on a room's page, rename it, move it to another site and set a
// maintenance window (each confirmed on the page); record an issue, open its page, add a
// note, resolve it and see the timeline; then Settings > Incidents and the Sites page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2eApi } from './support/api.ts';
import { openBrowser, screenshot, signIn, type BrowserSession } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

describe('managing a room and working an incident in the portal', () => {
  let server: RunningServer;
  let browser: BrowserSession;
  let api: E2eApi;
  let roomId = '';

  beforeAll(async () => {
    server = await startServer();
    api = await E2eApi.signIn(server.url, server.adminEmail, server.adminPassword);
    const oslo = await api.call<{ id: string }>('POST', '/sites', { name: 'Oslo HQ' });
    await api.call('POST', '/sites', { name: 'Bergen' });
    roomId = (await api.call<{ id: string }>('POST', '/rooms', { name: 'Fjord 1', siteId: oslo.id })).id;
    browser = await openBrowser(server.url);
    await signIn(browser.page, server.adminEmail, server.adminPassword);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('renames and moves the room, and sets a maintenance window', async () => {
    const { page } = browser;
    await page.goto(`/rooms/${roomId}`);
    await page.getByRole('heading', { name: 'Fjord 1' }).waitFor();
    await page.getByLabel('Room name').fill('Fjord 2');
    await page.getByRole('button', { name: 'Rename' }).click();
    await expect.poll(() => page.getByTestId('room-manage-done').textContent()).toBe('Renamed to Fjord 2.');
    await page.getByRole('heading', { name: 'Fjord 2' }).waitFor();

    await page.getByRole('combobox', { name: 'Move to site' }).click();
    await page.getByRole('option', { name: 'Bergen' }).click();
    await page.getByRole('button', { name: 'Move', exact: true }).click();
    await expect.poll(() => page.getByTestId('room-manage-done').textContent()).toBe('Moved to Bergen.');
    expect((await api.call<{ siteName: string }>('GET', `/rooms/${roomId}`)).siteName).toBe('Bergen');

    await page.getByLabel('Maintenance reason').fill('Replacing the camera');
    await page.getByRole('button', { name: 'Start maintenance' }).click();
    await expect.poll(() => page.getByTestId('room-manage-done').textContent()).toContain('new incidents are muted until');
    await expect.poll(() => page.getByTestId('room-maintenance').textContent()).toContain('Replacing the camera');
    await screenshot(page, 'incidents-01-room-managed');

    // The Rooms list shows the window.
    await page.goto('/rooms');
    await page.locator('tr[data-room-name="Fjord 2"] [data-testid="room-maintenance"]').waitFor();
  });

  it('records an issue, opens it, adds a note, resolves it and shows the timeline', async () => {
    const { page } = browser;
    await page.goto(`/rooms/${roomId}`);
    await page.getByRole('button', { name: 'Record an issue' }).click();
    const dialog = page.getByRole('dialog', { name: 'Record an issue' });
    await dialog.getByLabel('Title').fill('Projector flickers');
    await dialog.getByRole('combobox', { name: 'Severity' }).click();
    await page.getByRole('option', { name: 'High' }).click();
    await dialog.getByLabel('What was seen').fill('Reported by the front desk');
    await dialog.getByRole('button', { name: 'Record' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.locator('tr[data-incident-state="open"]').first();
    await row.waitFor();
    await row.getByRole('link', { name: 'Projector flickers' }).click();
    await page.waitForURL(/\/incidents\/[0-9a-f-]+$/);
    await page.getByRole('heading', { name: 'Projector flickers' }).waitFor();
    await page.locator('[data-testid="incident-timeline"] li[data-kind="opened"]').waitFor();

    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page.locator('[data-testid="incident-timeline"] li[data-kind="acknowledged"]').waitFor();
    await page.getByLabel('Note').fill('Lamp ordered, ticket AV-7');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.locator('[data-testid="incident-timeline"] li[data-kind="note"]').waitFor();
    await page.getByLabel('Note').fill('Lamp replaced');
    await page.getByRole('button', { name: 'Resolve with this note' }).click();
    await page.locator('[data-testid="incident-timeline"] li[data-kind="resolved"][data-resolution="manual"]').waitFor();
    await expect.poll(() => page.getByTestId('incident-state').getAttribute('data-state')).toBe('resolved');
    const kinds = await page.locator('[data-testid="incident-timeline"] li').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    expect(kinds).toEqual(['opened', 'acknowledged', 'note', 'resolved']);
    expect(await page.getByTestId('incident-timeline').textContent()).toContain('Lamp replaced');
    await screenshot(page, 'incidents-02-incident-timeline');
  });

  it('lists it under Incidents with the room filter in the address', async () => {
    const { page } = browser;
    await page.goto(`/incidents?state=all&roomId=${roomId}`);
    await page.locator('tr[data-incident-state="resolved"]').first().waitFor();
    expect(await page.locator('tr[data-incident-id]').count()).toBe(1);
    await screenshot(page, 'incidents-03-list-filtered');
  });

  it('turns a signal off in Settings > Incidents, and shows the Sites page with counts', async () => {
    const { page } = browser;
    await page.goto('/settings/incidents');
    await page.getByRole('switch', { name: 'Disk opens incidents' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await api.call<{ signals: { disk: { enabled: boolean } } }>('GET', '/settings/incidents')).signals.disk.enabled).toBe(false);
    await screenshot(page, 'incidents-04-settings');
    await page.goto('/sites');
    await page.locator('tr[data-site-name="Bergen"]').getByRole('link', { name: '1 room' }).waitFor();
    expect(await page.locator('tr[data-site-name="Bergen"]').getByRole('button', { name: 'Delete Bergen' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'New site' }).click();
    await page.getByRole('dialog', { name: 'New site' }).getByLabel('Name').fill('Trondheim');
    await page.getByRole('dialog', { name: 'New site' }).getByRole('button', { name: 'Create' }).click();
    await page.locator('tr[data-site-name="Trondheim"]').waitFor();
    await page.getByRole('button', { name: 'Delete Oslo HQ' }).click();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.locator('tr[data-site-name="Oslo HQ"]').waitFor({ state: 'detached' });
    await screenshot(page, 'incidents-05-sites');
  });

  it('retires the room: it leaves the Rooms list, its page says so and keeps its history', async () => {
    const { page } = browser;
    await page.goto(`/rooms/${roomId}`);
    await page.getByRole('button', { name: 'Retire this room…' }).click();
    await page.getByRole('button', { name: 'Retire', exact: true }).click();
    await page.getByTestId('room-retired').waitFor();
    expect(await page.getByRole('button', { name: 'Start session' }).count()).toBe(0);
    await page.getByRole('tab', { name: 'Recent' }).click();
    await page.locator('tr[data-incident-state="resolved"]').first().waitFor();
    await screenshot(page, 'incidents-06-room-retired');
    await page.goto('/rooms');
    await page.getByTestId('empty-state').waitFor();
    expect(await page.locator('tr[data-room-name="Fjord 2"]').count()).toBe(0);
    await page.goto('/rooms?retired=true');
    await page.locator('tr[data-room-name="Fjord 2"]').waitFor();
  });
});
