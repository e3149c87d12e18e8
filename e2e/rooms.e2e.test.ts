// Issues 4, 5 and 6 in the browser: a small simulated fleet (real agents, real WebSockets,
// a synthetic VNC desktop per room) enrolls; the Rooms page shows the status counts and
// follows a failure live; a room's page shows its signals, incident and agent; a remote
// session opens in the noVNC viewer and ends with its reason; the Sessions, Incidents
// and Enrollment pages; single sign-on and SCIM cards in the settings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fleet } from '@roomwarden/sim';
import type { E2eApi } from './support/api.ts';
import { screenshot, type BrowserSession } from './support/browser.ts';
import type { RunningServer } from './support/server.ts';
import { simulatedRooms, type SimulatedRooms } from './support/simulated-rooms.ts';

interface RoomItem {
  id: string;
  name: string;
  status: string;
}

const ROOMS = 3;

describe('rooms, incidents, sessions and enrollment in the portal', () => {
  let portal: SimulatedRooms | undefined;
  let server: RunningServer;
  let browser: BrowserSession;
  let api: E2eApi;
  let fleet: Fleet | undefined;
  let rooms: RoomItem[] = [];

  beforeAll(async () => {
    portal = await simulatedRooms({ rooms: ROOMS, seed: 7, remoteAccess: { enabled: true, contactEmail: 'rooms-team@example.com' }, tokenLabel: 'Fleet for the e2e test' });
    ({ server, api, fleet, rooms, admin: browser } = portal);
  });

  afterAll(async () => {
    await portal?.dispose();
  });

  it('shows the status counts, and a failure arrives live', async () => {
    const { page } = browser;
    await page.goto('/rooms');
    await expect.poll(() => page.getByTestId('status-count-healthy-value').textContent()).toBe(String(ROOMS));
    expect(await page.getByTestId('status-count-unhealthy-value').textContent()).toBe('0');
    expect(await page.locator('tr[data-room-name]').count()).toBe(ROOMS);
    await page.locator('[data-testid="live-state"][data-live="open"]').waitFor();
    await screenshot(page, 'rooms-01-list-healthy');

    // The first room's camera fails: its row and the counts follow without a reload.
    const sim = fleet?.rooms.find((r) => r.name === rooms[0]?.name) ?? fleet?.rooms[0];
    sim?.probe.force('camera', 'failed');
    const firstRow = page.locator(`tr[data-room-name="${rooms[0]?.name}"]`);
    await expect.poll(() => firstRow.getAttribute('data-room-status'), { timeout: 30_000 }).not.toBe('healthy');
    await expect.poll(() => page.getByTestId('status-count-healthy-value').textContent(), { timeout: 10_000 }).toBe(String(ROOMS - 1));
    await screenshot(page, 'rooms-02-list-live-failure');

    // A count is a filter.
    await page.getByTestId('status-count-healthy').click();
    await expect.poll(() => page.locator('tr[data-room-name]').count()).toBe(ROOMS - 1);
    await page.waitForURL(/status=healthy/);
    await page.getByTestId('status-count-healthy').click();
    await expect.poll(() => page.locator('tr[data-room-name]').count()).toBe(ROOMS);

    // Search.
    await page.getByLabel('Search rooms').fill(rooms[1]?.name ?? '');
    await expect.poll(() => page.locator('tr[data-room-name]').count()).toBe(1);
    await page.getByLabel('Search rooms').fill('');
    await expect.poll(() => page.locator('tr[data-room-name]').count()).toBe(ROOMS);
  });

  it('shows a room with its signals, incident and agent', async () => {
    const { page } = browser;
    const room = rooms[0];
    if (!room) throw new Error('no room');
    await page.getByRole('link', { name: room.name }).click();
    await page.waitForURL(new RegExp(`/rooms/${room.id}$`));
    await page.getByRole('heading', { name: room.name }).waitFor();
    await page.locator('tr[data-signal="camera"]').waitFor();
    expect(await page.locator('tr[data-signal]').count()).toBeGreaterThan(5);
    expect(await page.locator('tr[data-signal="camera"] [data-signal-state]').getAttribute('data-signal-state')).toBe('failed');
    await page.locator('tr[data-incident-state="open"]').first().waitFor();
    expect(await page.getByTestId('agent-connected').textContent()).toBe('Connected');
    await screenshot(page, 'rooms-03-room-detail');

    // Acknowledge the open incident.
    await page.locator('tr[data-incident-state="open"]').first().getByRole('button', { name: /^Acknowledge/ }).click();
    await page.getByText(/^By .*Administrator|^By /).first().waitFor();
  });

  it('disables Start session with the reason when the room is excluded', async () => {
    const { page } = browser;
    await page.getByRole('switch', { name: 'Remote access allowed for this room' }).click();
    await expect.poll(() => page.getByTestId('start-session-blocked').textContent()).toContain('excluded from remote access');
    expect(await page.getByRole('button', { name: 'Start session' }).isDisabled()).toBe(true);
    await screenshot(page, 'rooms-04-start-session-blocked');
    await page.getByRole('switch', { name: 'Remote access allowed for this room' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Start session' }).isEnabled()).toBe(true);
  });

  it('opens a view-only session in the noVNC viewer and ends it with its reason', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Start session' }).click();
    await page.getByRole('radio', { name: /View only/ }).check();
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.waitForURL(/\/sessions\/[0-9a-f-]+\/view$/);
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor({ timeout: 30_000 });
    await page.getByTestId('view-only-badge').waitFor();
    expect(await page.getByRole('button', { name: 'Ctrl+Alt+Del' }).count()).toBe(0);
    await page.locator('[data-testid="remote-screen"] canvas').waitFor();
    await expect.poll(() => page.getByTestId('remaining').textContent()).toMatch(/Remaining \d+:\d\d/);
    // Let the first framebuffer update paint.
    await page.waitForTimeout(1500);
    await screenshot(page, 'rooms-05-viewer-view-only');

    await page.getByRole('button', { name: 'End session' }).click();
    await page.getByTestId('session-ended').waitFor();
    expect(await page.getByTestId('session-ended').textContent()).toContain('Ended by the user');
    await page.locator('[data-testid="connection-state"][data-state="disconnected"]').waitFor();
    await screenshot(page, 'rooms-06-viewer-ended');
  });

  it('opens a control session with Ctrl+Alt+Del', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: /^Back to / }).click();
    await page.getByRole('button', { name: 'Start session' }).click();
    expect(await page.getByRole('radio', { name: /^Control/ }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('view-only-badge').count()).toBe(0);
    await page.getByRole('button', { name: 'Ctrl+Alt+Del' }).click();
    await page.waitForTimeout(1500);
    await screenshot(page, 'rooms-06b-viewer-control');
  });

  it('lists a live session on the Sessions page and ends it there; its viewer says so', async () => {
    const { page } = browser;
    const room = rooms[2];
    if (!room) throw new Error('no room');
    // Leaving the viewer closed the control session: open another in a second tab.
    const viewer = await browser.context.newPage();
    try {
      await viewer.goto(`/rooms/${room.id}`);
      await viewer.getByRole('button', { name: 'Start session' }).click();
      await viewer.getByRole('button', { name: 'Start', exact: true }).click();
      await viewer.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();

      await page.getByRole('navigation').getByText('Sessions', { exact: true }).click();
      await page.waitForURL(/\/sessions$/);
      // This test's own session (the previous test's viewer may still be closing its own).
      const mine = page.locator('tr[data-session-state="active"]', { hasText: room.name });
      await mine.first().waitFor();
      await screenshot(page, 'rooms-07a-sessions-live');
      await mine.first().getByRole('button', { name: /^End session of/ }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'End session' }).click();
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      await expect.poll(() => mine.count(), { timeout: 15_000 }).toBe(0);

      await viewer.getByTestId('session-ended').waitFor();
      expect(await viewer.getByTestId('session-ended').textContent()).toContain('Ended by the user');
    } finally {
      await viewer.close();
    }
  });

  it('lists the session on the Sessions page', async () => {
    const { page } = browser;
    await page.getByRole('navigation').getByText('Sessions', { exact: true }).click();
    await page.waitForURL(/\/sessions$/);
    await page.getByRole('tab', { name: 'All' }).click();
    const row = page.locator('tr[data-session-state="ended"]');
    await expect.poll(() => row.count()).toBe(3);
    const texts = await row.allTextContents();
    expect(texts.filter((t) => t.includes('Ended by the user'))).toHaveLength(2);
    expect(texts.filter((t) => t.includes('The viewer closed the connection'))).toHaveLength(1);
    expect(texts.some((t) => t.includes('View only'))).toBe(true);
    await screenshot(page, 'rooms-07-sessions');
  });

  it('lists the incident on the Incidents page, and its resolution when the camera recovers', async () => {
    const { page } = browser;
    await page.getByRole('navigation').getByText('Incidents', { exact: true }).click();
    await page.waitForURL(/\/incidents$/);
    const open = page.locator('tr[data-incident-state="open"]');
    await open.first().waitFor();
    expect(await open.first().textContent()).toContain(rooms[0]?.name ?? '');
    await screenshot(page, 'rooms-08-incidents-open');

    for (const r of fleet?.rooms ?? []) r.probe.force('camera', undefined);
    await page.locator('tr[data-incident-state="resolved"]').first().waitFor({ timeout: 30_000 });
    await page.getByRole('tab', { name: 'All' }).click();
    await page.locator('tr[data-incident-state="resolved"]').first().waitFor();
    await page.getByText('Loading incidents…').waitFor({ state: 'detached' });
    await screenshot(page, 'rooms-09-incidents-all');
  });

  it('creates an enrollment token in the portal and shows it once with the agent command', async () => {
    const { page } = browser;
    await page.getByRole('navigation').getByText('Enrollment', { exact: true }).click();
    await page.waitForURL(/\/settings\/enrollment$/);
    await page.locator('tr[data-token-label="Fleet for the e2e test"][data-token-state="used"]').waitFor();
    await page.getByRole('button', { name: 'New token' }).click();
    await page.locator('[name="label"]').fill('Second floor');
    await page.locator('[name="maxUses"]').fill('5');
    await page.getByRole('combobox', { name: 'Site' }).click();
    await page.getByRole('option', { name: 'Oslo HQ' }).click();
    await page.locator('[name="region"]').fill('eu-north');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.getByTestId('created-token').textContent()) ?? '';
    expect(token).toMatch(/^rwe_/);
    expect(await page.getByTestId('install-line-linux').textContent()).toBe(`curl -fsSL ${server.url}/api/v1/agent/install.sh | sudo sh -s -- --token ${token}`);
    expect(await page.getByTestId('install-line-windows').textContent()).toBe(`& ([scriptblock]::Create((irm '${server.url}/api/v1/agent/install.ps1'))) -Token '${token}'`);
    expect(await page.getByTestId('firewall-list').textContent()).toContain(server.url);
    const row = page.locator('tr[data-token-label="Second floor"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('0 / 5');
    expect(await row.textContent()).toContain('Oslo HQ');
    await screenshot(page, 'rooms-10-enrollment-created');

    // The token works: an agent enrolls with it (the API an agent calls).
    const res = await fetch(`${server.url}/api/v1/agent/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, hostname: 'e2e-console', platform: 'linux', agentVersion: '0.1.0', machineId: 'e2e-machine-1', roomName: 'E2E Console Room' }),
    });
    expect(res.status).toBe(201);
    await page.reload();
    await expect.poll(() => row.textContent()).toContain('1 / 5');

    await row.getByRole('button', { name: /^Revoke/ }).click();
    await page.getByRole('button', { name: 'Revoke token' }).click();
    await page.locator('tr[data-token-label="Second floor"][data-token-state="revoked"]').waitFor();
  });

  it('shows single sign-on settings with a write-only secret, and SCIM provisioning', async () => {
    const { page } = browser;
    await page.getByRole('navigation').getByText('General', { exact: true }).click();
    const oidc = page.getByTestId('oidc-settings');
    await oidc.locator('[name="issuer"]').waitFor();
    expect(await page.getByTestId('client-secret-state').textContent()).toBe('Not set');
    await oidc.locator('[name="issuer"]').fill('https://login.example.com/tenant/v2.0');
    await oidc.locator('[name="clientId"]').fill('roomwarden-portal');
    await oidc.locator('[name="clientSecret"]').fill('a-client-secret');
    await oidc.getByRole('button', { name: 'Save single sign-on' }).click();
    await expect.poll(() => page.getByTestId('client-secret-state').textContent()).toBe('Set');
    expect(await oidc.locator('[name="clientSecret"]').inputValue()).toBe('');
    const stored = await api.call<Record<string, unknown>>('GET', '/settings/oidc');
    expect(stored.clientSecretSet).toBe(true);
    expect(JSON.stringify(stored)).not.toContain('a-client-secret');
    await screenshot(page, 'rooms-11-settings-sso');

    await page.getByRole('navigation').getByText('Users & groups', { exact: true }).click();
    const scim = page.getByTestId('scim-provisioning');
    await scim.waitFor();
    expect(await page.getByTestId('scim-base-url').textContent()).toBe(`${server.url}/scim/v2`);
    await scim.locator('[name="scimTokenLabel"]').fill('Entra ID');
    await scim.getByRole('button', { name: 'Create token' }).click();
    const scimToken = (await page.getByTestId('created-scim-token').textContent()) ?? '';
    expect(scimToken).toMatch(/^rws_/);
    const users = await fetch(`${server.url}/scim/v2/Users`, { headers: { authorization: `Bearer ${scimToken}` } });
    expect(users.status).toBe(200);
    await scim.locator('tr[data-scim-token="Entra ID"]').waitFor();
    await screenshot(page, 'rooms-12-scim');
  });
});
