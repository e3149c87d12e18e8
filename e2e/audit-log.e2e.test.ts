// Issue 11 in the browser: the Audit log page reads like an administrator's tool. Entries
// show action labels and their targets by name (linked; a deleted one marked), the action
// dropdown filters, a row's details open as labelled rows, and Export downloads only what
// the filters show.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2eApi } from './support/api.ts';
import { openBrowser, screenshot, signIn, type BrowserSession } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

describe('audit log: labels, names, dropdowns, details, filtered export', () => {
  let server: RunningServer;
  let browser: BrowserSession;
  let kept: { id: string };

  beforeAll(async () => {
    server = await startServer();
    const api = await E2eApi.signIn(server.url, server.adminEmail, server.adminPassword);
    // Entries of several actions: remote access on and off, two groups (one deleted), a room.
    await api.call('PUT', '/settings/general', { remoteAccessEnabled: true, remoteAccessContactEmail: 'rooms-team@example.com' });
    await api.call('PUT', '/settings/general', { remoteAccessEnabled: false });
    kept = await api.call<{ id: string }>('POST', '/groups', { displayName: 'Room Operators', description: 'Reach the rooms' });
    const gone = await api.call<{ id: string }>('POST', '/groups', { displayName: 'Short-lived group', description: '' });
    await api.call('DELETE', `/groups/${gone.id}`);
    await api.call('POST', '/rooms', { name: 'Board Room 4.01' });
    browser = await openBrowser(server.url);
    await signIn(browser.page, server.adminEmail, server.adminPassword);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows labels and names: remote access turned off, a linked group, a deleted one', async () => {
    const { page } = browser;
    await page.goto('/audit');
    const off = page.locator('tr[data-action="settings.general.update"]').filter({ hasText: 'Remote access turned off' });
    await off.waitFor();
    expect(await page.locator('tr[data-action="settings.general.update"]').filter({ hasText: 'Remote access turned on' }).count()).toBe(1);
    const created = page.locator('tr[data-action="group.create"]');
    await expect.poll(() => created.count()).toBe(2);
    const link = created.getByRole('link', { name: 'Room Operators' });
    expect(await link.getAttribute('href')).toBe(`/settings/directory/groups/${kept.id}`);
    expect(await created.filter({ hasText: 'Short-lived group (deleted)' }).count()).toBe(1);
    expect(await page.locator('tr[data-action="room.create"]').getByRole('link', { name: 'Board Room 4.01' }).count()).toBe(1);
    expect(await page.locator('tr[data-action="auth.login"]').first().textContent()).toContain('Signed in');
    await screenshot(page, 'audit-01-labels-and-names');
  });

  it('filters by an action picked in the grouped dropdown, and the export carries the filter', async () => {
    const { page } = browser;
    await page.getByRole('combobox', { name: 'Action' }).click();
    const listbox = page.getByRole('listbox');
    await listbox.getByRole('group', { name: 'Users & groups' }).waitFor();
    await screenshot(page, 'audit-02-action-dropdown');
    await listbox.getByRole('option', { name: 'Group created', exact: true }).click();
    await expect.poll(() => page.locator('tbody tr[data-action]').count()).toBe(2);
    expect(await page.locator('tbody tr[data-action="group.create"]').count()).toBe(2);
    expect(await page.getByRole('combobox', { name: 'Action' }).textContent()).toContain('Group created');
    expect(await page.getByTestId('audit-action-label').allTextContents()).toEqual(['Group created', 'Group created']);
    expect(await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href')).toBe('/api/v1/audit/export?action=group.create&format=csv');

    for (const [name, ext] of [
      ['Export CSV', 'csv'],
      ['Export JSON Lines', 'jsonl'],
    ] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^roomwarden-audit-.*\\.${ext}$`));
      const text = fs.readFileSync((await download.path())!, 'utf8').trim();
      const rows = ext === 'csv' ? text.split('\n').slice(1) : text.split('\n').map((l) => (JSON.parse(l) as { action: string }).action);
      expect(rows, `${name}: ${text}`).toHaveLength(2);
      for (const r of rows) expect(r).toContain('group.create');
      expect(text).not.toContain('settings.general.update');
    }
  });

  it('opens an entry as labelled rows, with seq, time, actor, source IP and hash', async () => {
    const { page } = browser;
    await page.getByRole('combobox', { name: 'Target type' }).click();
    await page.getByRole('listbox').getByRole('option', { name: 'Settings' }).click();
    await page.getByRole('combobox', { name: 'Action' }).click();
    await page.getByRole('listbox').getByRole('option', { name: 'General settings changed' }).click();
    const row = page.locator('tr[data-action="settings.general.update"]').filter({ hasText: 'Remote access turned off' });
    await row.waitFor();
    await row.getByRole('button', { name: /^Details of entry #\d+/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const details = dialog.getByTestId('audit-entry-details');
    for (const label of ['Sequence', 'Time', 'Actor', 'Source IP', 'Hash', 'Previous hash']) {
      expect(await details.getByText(label, { exact: true }).count(), label).toBeGreaterThan(0);
    }
    expect(await details.textContent()).toContain(server.adminEmail);
    expect(await details.textContent()).toMatch(/[0-9a-f]{64}/);
    // The change as a table of fields, before and after; the changed field stands out.
    const changed = dialog.getByRole('table', { name: 'Changes' }).locator('tr[data-changed="true"]');
    expect(await changed.filter({ hasText: 'Remote access enabled' }).textContent()).toMatch(/YesNo/);
    await screenshot(page, 'audit-03-entry-details');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
  });
});
