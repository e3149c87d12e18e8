// Issue 14 (notifications) in the browser: Settings > Notifications makes a webhook channel
// (its signing secret shown once), its Test button sends a signed request to a local
// receiver, and the Deliveries page shows the delivery with its attempt and the answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../server/src/notifications/webhook-signature.ts';
import { HttpReceiver } from '../server/test/support/notification-receivers.ts';
import { E2eApi } from './support/api.ts';
import { openBrowser, screenshot, signIn, type BrowserSession } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

describe('notifications: a webhook channel, its test, its delivery', () => {
  let server: RunningServer;
  let browser: BrowserSession;
  const receiver = new HttpReceiver();

  beforeAll(async () => {
    await receiver.start();
    server = await startServer();
    browser = await openBrowser(server.url);
    await signIn(browser.page, server.adminEmail, server.adminPassword);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await receiver.close();
  });

  it('creates a webhook channel with its secret shown once, tests it, and shows the delivery', async () => {
    const { page } = browser;
    await page.goto('/settings/notifications');
    await page.getByTestId('smtp-settings').waitFor();
    await page.getByRole('button', { name: 'New channel' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[name="channelName"]').fill('NOC webhook');
    await dialog.locator('input[name="channelUrl"]').fill(receiver.url);
    await dialog.getByRole('button', { name: 'Create channel' }).click();
    const secret = (await page.getByTestId('webhook-secret').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const row = page.locator('tr[data-channel-name="NOC webhook"]');
    await row.waitFor();
    await screenshot(page, 'notifications-01-channel-created');

    await row.getByRole('button', { name: 'Test NOC webhook' }).click();
    await page.getByRole('status').filter({ hasText: 'A test notification is on its way to NOC webhook' }).waitFor();
    await expect.poll(() => receiver.requests.length, { timeout: 10_000 }).toBe(1);
    const got = receiver.requests[0]!;
    expect(verifyWebhook(secret, { id: String(got.headers['webhook-id']), timestamp: String(got.headers['webhook-timestamp']), signature: String(got.headers['webhook-signature']) }, got.body)).toBe(true);
    expect(JSON.parse(got.body)).toMatchObject({ type: 'notification.test', data: { channelName: 'NOC webhook' } });

    await page.getByRole('link', { name: 'Deliveries' }).click();
    const delivery = page.locator(`tr[data-delivery-id="${String(got.headers['webhook-id'])}"]`);
    await delivery.waitFor();
    await expect.poll(async () => delivery.getAttribute('data-delivery-state'), { timeout: 10_000 }).toBe('sent');
    expect(await delivery.textContent()).toContain('Test notification for NOC webhook');
    expect(await delivery.locator('li[data-attempt-outcome="sent"]').textContent()).toContain('Sent (200)');
    expect(await delivery.textContent()).toContain('ok thanks');
    await screenshot(page, 'notifications-02-delivery');
  });

  it('scopes a channel to a room group chosen in the dialog', async () => {
    const { page } = browser;
    const api = await E2eApi.signIn(server.url, server.adminEmail, server.adminPassword);
    const room = await api.call<{ id: string }>('POST', '/rooms', { name: 'Atrium 3', region: 'emea' });
    const group = await api.call<{ id: string }>('POST', '/room-groups', { name: 'Atrium rooms', roomIds: [room.id] });
    await page.goto('/settings/notifications');
    await page.getByRole('button', { name: 'New channel' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[name="channelName"]').fill('Atrium desk');
    await dialog.locator('input[name="channelUrl"]').fill(receiver.url);
    await dialog.getByRole('switch').uncheck();
    await dialog.getByRole('searchbox', { name: 'Search room groups' }).fill('Atrium');
    await dialog.getByRole('checkbox', { name: 'Atrium rooms' }).check();
    await screenshot(page, 'notifications-03-room-group-scope');
    await dialog.getByRole('button', { name: 'Create channel' }).click();
    await page.getByTestId('webhook-secret').waitFor();
    const row = page.locator('tr[data-channel-name="Atrium desk"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('1 room group(s)');
    const channels = await api.call<{ items: Array<{ name: string; scope: { allRooms: boolean; roomGroupIds: string[] } }> }>('GET', '/notification-channels');
    expect(channels.items.find((c) => c.name === 'Atrium desk')?.scope).toMatchObject({ allRooms: false, roomGroupIds: [group.id] });
  });
});
