// Issue 2 in the browser: sign in, try to allow remote access without a contact email
// (the inline error under the field), allow it with one (saved), then find the change,
// with who made it, on the Audit log page, whose chain verifies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, screenshot, signIn, type BrowserSession } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

describe('foundation: sign-in, Settings > General, audit log', () => {
  let server: RunningServer;
  let browser: BrowserSession;

  beforeAll(async () => {
    server = await startServer();
    browser = await openBrowser(server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows a wrong password plainly on the sign-in page', async () => {
    const { page } = browser;
    await page.goto('/');
    await page.waitForURL(/\/signin/);
    await page.getByLabel('Email').fill(server.adminEmail);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => page.getByTestId('signin-error').textContent()).toContain('The email or password is not correct');
    await screenshot(page, 'foundation-01-signin-error');
  });

  it('says when to retry once an account is rate limited, and shows ?error= from single sign-on', async () => {
    const { page } = browser;
    await page.goto('/signin');
    // Another account than the administrator's: the limit is per account (5) and per address (20).
    await page.getByLabel('Email').fill('nobody@e2e.test');
    await page.getByLabel('Password').fill('guessing-wrong');
    const error = page.getByTestId('signin-error');
    const button = page.getByRole('button', { name: 'Sign in', exact: true });
    for (let i = 0; i < 6; i++) {
      await button.click();
      // The button is disabled while the request is out.
      await expect.poll(() => button.isEnabled()).toBe(true);
      await error.waitFor();
      if ((await error.textContent())?.includes('Too many')) break;
    }
    expect(await error.textContent()).toMatch(/Too many failed sign-ins\. Try again in \d+ seconds/);
    await screenshot(page, 'foundation-01b-signin-rate-limited');

    await page.goto('/signin?error=OIDC_LOGIN_FAILED');
    expect(await page.getByTestId('callback-error').textContent()).toContain('Signing in with your organisation account failed');
  });

  it('signs in and shows the whole navigation of the product', async () => {
    const { page } = browser;
    await signIn(page, server.adminEmail, server.adminPassword);
    const nav = page.getByRole('navigation');
    for (const item of ['Rooms', 'Incidents', 'Sessions', 'Audit log', 'General', 'Roles', 'Users & groups', 'Enrollment']) {
      await expect(nav.getByText(item, { exact: true }).count()).resolves.toBe(1);
    }
    await screenshot(page, 'foundation-02-rooms');
    await nav.getByText('Incidents', { exact: true }).click();
    await page.getByRole('heading', { name: 'Incidents', level: 1 }).waitFor();
    await screenshot(page, 'foundation-03-incidents');
  });

  it('refuses remote access without a contact email, inline under the field', async () => {
    const { page } = browser;
    await page.getByRole('navigation').getByText('General', { exact: true }).click();
    await page.waitForURL(/\/settings\/general$/);
    const card = page.getByRole('region', { name: 'Remote access and sessions' });
    const toggle = card.getByRole('switch');
    await toggle.waitFor();
    expect(await toggle.isChecked()).toBe(false);
    await toggle.check();
    await card.getByRole('button', { name: 'Save', exact: true }).click();
    const field = page.locator('[name="remoteAccessContactEmail"]');
    await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
    await page.getByText('A contact email address is required to allow remote access').waitFor();
    await screenshot(page, 'foundation-04-settings-email-required');
  });

  it('saves remote access with a contact email', async () => {
    const { page } = browser;
    const card = page.getByRole('region', { name: 'Remote access and sessions' });
    await card.locator('[name="remoteAccessContactEmail"]').fill('rooms-team@example.com');
    await card.getByRole('button', { name: 'Save', exact: true }).click();
    await card.getByTestId('saved-state').waitFor();
    await card.getByText(/Last updated/).waitFor();
    await screenshot(page, 'foundation-05-settings-saved');
    // It stays saved after a reload.
    await page.reload();
    await card.getByRole('switch').waitFor();
    expect(await card.getByRole('switch').isChecked()).toBe(true);
    expect(await page.locator('[name="remoteAccessContactEmail"]').inputValue()).toBe('rooms-team@example.com');
  });

  it('finds the change, with who made it, on the Audit log page, and the chain verifies', async () => {
    const { page } = browser;
    await page.getByRole('navigation').getByText('Audit log', { exact: true }).click();
    await page.waitForURL(/\/audit$/);
    const row = page.locator('tr[data-action="settings.general.update"]');
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.first().textContent()).toContain(server.adminEmail);
    await row.first().getByRole('button', { name: /^Details of entry/ }).click();
    await page.getByRole('dialog').getByText('rooms-team@example.com').first().waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

    await page.getByRole('combobox', { name: 'Action' }).click();
    await page.getByRole('option', { name: 'General settings changed' }).click();
    await expect.poll(() => page.locator('tbody tr[data-action]').count()).toBe(1);

    await page.getByRole('button', { name: 'Verify chain' }).click();
    const verified = page.getByTestId('verify-result');
    await verified.waitFor();
    expect(await verified.textContent()).toContain('The chain verifies');
    expect(await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href')).toBe('/api/v1/audit/export?action=settings.general.update&format=csv');
    await screenshot(page, 'foundation-06-audit-log');
  });

  it('signs out', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/signin/);
    await page.goto('/settings/general');
    await page.waitForURL(/\/signin\?next=/);
  });
});
