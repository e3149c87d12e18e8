// Issue 3 in the browser: the administrator creates a security group and a user in it,
// then a custom role through the "Create role" wizard: Remote access Modify, assigned to
// the group, on one room. Signed in as that user, the Rooms page shows that room only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2eApi } from './support/api.ts';
import { openBrowser, screenshot, signIn, type BrowserSession } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

const GROUP = 'Room support EMEA';
const USER = { email: 'rita.support@e2e.test', name: 'Rita Support', password: 'rita-Support-password-1' };
const ROLE = 'Remote support, Oslo';

describe('roles: a group, a user, a role on one room', () => {
  let server: RunningServer;
  let admin: BrowserSession;
  let rooms: { inScope: string; outOfScope: string };

  beforeAll(async () => {
    server = await startServer();
    // Rooms are created by hand through the API (enrollment creates them later).
    const api = await E2eApi.signIn(server.url, server.adminEmail, server.adminPassword);
    const site = await api.call<{ id: string }>('POST', '/sites', { name: 'Oslo HQ' });
    await api.call('POST', '/rooms', { name: 'Oslo Fjord 4.01', siteId: site.id, region: 'emea' });
    await api.call('POST', '/rooms', { name: 'Oslo Harbour 2.12', siteId: site.id, region: 'emea' });
    rooms = { inScope: 'Oslo Fjord 4.01', outOfScope: 'Oslo Harbour 2.12' };
    admin = await openBrowser(server.url);
  });

  afterAll(async () => {
    await admin?.close();
    await server?.stop();
  });

  it('creates a security group in Users & groups', async () => {
    const { page } = admin;
    await signIn(page, server.adminEmail, server.adminPassword);
    await page.getByRole('navigation').getByText('Users & groups', { exact: true }).click();
    await page.getByRole('tab', { name: 'Groups' }).click();
    await page.getByRole('button', { name: 'New group' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill(GROUP);
    await dialog.getByLabel('Description').fill('Administrators who may reach the rooms');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: GROUP }).waitFor();
  });

  it('creates a user and adds them to the group', async () => {
    const { page } = admin;
    await page.goto('/settings/directory');
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Email').fill(USER.email);
    await dialog.getByLabel('Display name').fill(USER.name);
    await dialog.getByLabel('Password').fill(USER.password);
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.locator(`tr[data-user-email="${USER.email}"]`).waitFor();
    await screenshot(page, 'roles-01-users');

    // The same email again: the refusal is shown under the Email field, the dialog stays open.
    await page.getByRole('button', { name: 'New user' }).click();
    const again = page.getByRole('dialog');
    await again.getByLabel('Email').fill(USER.email);
    await again.getByLabel('Display name').fill('Someone else');
    await again.getByRole('button', { name: 'Create' }).click();
    await again.getByText('A user with this email already exists').waitFor();
    await screenshot(page, 'roles-01b-duplicate-user');
    await again.getByRole('button', { name: 'Cancel' }).click();
    await again.waitFor({ state: 'detached' });

    await page.getByRole('tab', { name: 'Groups' }).click();
    await page.getByRole('link', { name: GROUP }).click();
    await page.getByRole('heading', { name: GROUP }).waitFor();
    await page.getByRole('searchbox', { name: 'Search users to add' }).fill('rita');
    await page.getByRole('button', { name: `Add ${USER.email}` }).click();
    await page.locator(`tr[data-member-email="${USER.email}"]`).waitFor();
    await screenshot(page, 'roles-02-group-members');
  });

  it('creates a role with the wizard: Remote access Modify, the group, one room', async () => {
    const { page } = admin;
    await page.getByRole('navigation').getByText('Roles', { exact: true }).click();
    await page.locator('tr[data-role-name="Administrator"]').waitFor();
    expect(await page.locator('tr[data-role-name="Administrator"]').textContent()).toContain('Built-in');
    await page.getByRole('button', { name: 'Create role' }).click();

    // 1. Name and description
    await page.getByLabel('Name').fill(ROLE);
    await page.getByLabel('Description').fill('Remote desktop with control, Oslo Fjord only');
    await page.getByRole('button', { name: 'Next' }).click();

    // 2. Permission matrix: Modify implies View
    const modify = page.getByRole('checkbox', { name: 'Remote access: Modify' });
    await modify.check();
    const view = page.getByRole('checkbox', { name: 'Remote access: View' });
    expect(await view.isChecked()).toBe(true);
    expect(await view.isDisabled()).toBe(true);
    await screenshot(page, 'roles-03-wizard-permissions');
    await page.getByRole('button', { name: 'Next' }).click();

    // 3. Groups and users
    await page.getByRole('searchbox', { name: 'Search groups' }).fill('Room support');
    await page.getByRole('checkbox', { name: GROUP }).check();
    await page.getByRole('group', { name: 'Groups' }).getByText(GROUP, { exact: true }).first().waitFor();
    await screenshot(page, 'roles-04-wizard-groups');
    await page.getByRole('button', { name: 'Next' }).click();

    // 4. Rooms: one chosen room
    await page.getByRole('radio', { name: 'Chosen sites, room groups and rooms', exact: true }).check();
    await page.getByRole('searchbox', { name: 'Search rooms' }).fill('Fjord');
    await page.getByRole('checkbox', { name: new RegExp(rooms.inScope) }).check();
    await screenshot(page, 'roles-05-wizard-rooms');
    await page.getByRole('button', { name: 'Next' }).click();

    // 5. Review and create
    const review = page.getByTestId('role-review');
    await review.waitFor();
    const text = (await review.textContent()) ?? '';
    expect(text).toContain('Remote access: Modify');
    expect(await page.getByTestId('review-groups').textContent()).toBe(GROUP);
    expect(await page.getByTestId('review-rooms').textContent()).toContain(rooms.inScope);
    await screenshot(page, 'roles-06-wizard-review');
    await page.getByRole('button', { name: 'Create role' }).click();
    await page.getByRole('heading', { name: ROLE }).waitFor();
    await page.getByRole('status').getByText('Saved').waitFor();
    await screenshot(page, 'roles-07-role-details');

    // Editable afterwards.
    await page.getByLabel('Description').fill('Remote desktop with control, Oslo Fjord 4.01 only');
    expect(await page.getByRole('status').count()).toBe(0);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').getByText('Saved').waitFor();
    await page.reload();
    expect(await page.getByLabel('Description').inputValue()).toBe('Remote desktop with control, Oslo Fjord 4.01 only');
  });

  it('the user sees only that room', async () => {
    const user = await openBrowser(server.url);
    try {
      const { page } = user;
      await signIn(page, USER.email, USER.password);
      await page.waitForURL(/\/rooms$/);
      await page.locator(`tr[data-room-name="${rooms.inScope}"]`).waitFor();
      expect(await page.locator('tr[data-room-name]').count()).toBe(1);
      expect(await page.locator(`tr[data-room-name="${rooms.outOfScope}"]`).count()).toBe(0);
      expect(await page.locator(`tr[data-room-name="${rooms.inScope}"]`).textContent()).toContain('Remote access: Modify');
      // The navigation leaves out what the role does not grant.
      const nav = page.getByRole('navigation');
      expect(await nav.getByText('Rooms', { exact: true }).count()).toBe(1);
      expect(await nav.getByText('Sessions', { exact: true }).count()).toBe(1);
      for (const hidden of ['Audit log', 'General', 'Roles', 'Users & groups', 'Enrollment']) {
        expect(await nav.getByText(hidden, { exact: true }).count()).toBe(0);
      }
      await screenshot(page, 'roles-08-user-rooms');
    } finally {
      await user.close();
    }
  });
});
