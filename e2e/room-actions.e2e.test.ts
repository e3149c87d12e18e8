// Issue 13, room actions (DESIGN "Remote session" 11), end to end: the built agent
// executable (alone, no Node.js on its PATH) against a real X display served by x11vnc,
// the real server and Chromium. The agent is started with HARMLESS commands for both
// actions (each writes a file; no test ever runs a real reboot). A user whose role grants
// Room actions Modify on that room presses "Restart room app" on the room page, confirms
// in a dialog that names the room, and sees the result listed (outcome, exit status, the
// first lines of the output) while the command's file appears; then starts a session with
// "Restart the device when this session ends", sees the toolbar's buttons in the viewer,
// ends the session, and the restart-device command runs, linked to the session, audited.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { E2eApi } from './support/api.ts';
import { openBrowser, screenshot, signIn, type BrowserSession } from './support/browser.ts';
import { grantOnRoom, realVncRoom, type RealVncRoom } from './support/real-vnc-room.ts';
import { openStartDialog, waitViewerConnected } from './support/remote-viewer.ts';
import { stopAll, waitUntil } from './support/x11-vnc.ts';

// This suite's ports and displays; overridable from the environment.
process.env.ROOMWARDEN_E2E_PORTS ??= '19500-19599';
process.env.ROOMWARDEN_E2E_DISPLAYS ??= '171-179';

const USER = { email: 'room.actions@e2e.test', displayName: 'Actions Operator', password: 'e2e-Actions-password-1' };
const ROOM_NAME = 'Actions Console 2.07';

interface RoomAction {
  id: string;
  action: string;
  state: string;
  outcome: string | null;
  exitCode: number | null;
  output: string;
  sessionId: string | null;
  requestedBy: string;
}

describe('Room actions end to end: the built agent runs the configured command, the portal lists the result', () => {
  let room: RealVncRoom | undefined;
  let browser: BrowserSession | undefined;
  let api: E2eApi;
  let roomId = '';
  let appFile = '';
  let deviceFile = '';
  const diagnostics = () => room?.diagnostics() ?? '';

  beforeAll(async () => {
    room = await realVncRoom({
      roomName: ROOM_NAME,
      desktop: { background: '#2060c0' },
      token: { maxUses: 2, region: 'e2e', label: 'Room actions console' },
      tmpPrefix: 'roomwarden-actions-e2e-',
      // Harmless commands only (shell builtins: the agent's PATH holds nothing else).
      agentArgs: ({ workDir }) => [
        '--action', `restart-app=echo restarting the room app; echo warning on stderr >&2; echo done > ${path.join(workDir, 'restart-app.ran')}`,
        '--action', `restart-device=echo would reboot now; echo rebooted > ${path.join(workDir, 'restart-device.ran')}`,
      ],
    });
    ({ api, roomId } = room);
    appFile = path.join(room.workDir, 'restart-app.ran');
    deviceFile = path.join(room.workDir, 'restart-device.ran');

    await grantOnRoom(api, roomId, USER, {
      name: 'Console actions',
      description: 'Room actions and remote control on the actions console only',
      permissions: { rooms: 'view', remoteAccess: 'modify', roomActions: 'modify' },
    });

    browser = await openBrowser(room.server.url);
    browser.context.setDefaultTimeout(45_000);
    await signIn(browser.page, USER.email, USER.password);
  });

  afterAll(async () => {
    await stopAll([
      ['browser', browser?.close],
      ['room', room?.dispose],
    ]);
  });

  it('the agent announces both actions in its hello', async () => {
    await expect
      .poll(async () => (await api.call<{ connected: boolean; capabilities: { actions?: string[] } }>('GET', `/rooms/${roomId}/agent`)).capabilities.actions, { timeout: 30_000 })
      .toEqual(['restart-device', 'restart-app']);
  });

  it('a room action runs the configured command: Restart room app, confirmed, listed with its output, the file written', async () => {
    if (!browser) throw new Error('not set up');
    const { page } = browser;
    await page.goto(`/rooms/${roomId}`);
    await page.getByRole('heading', { name: ROOM_NAME }).waitFor();
    const card = page.getByTestId('room-actions-card');
    await card.getByText('No action has been run on this room yet.').waitFor();
    const button = card.getByRole('button', { name: 'Restart room app' });
    await expect.poll(() => button.isEnabled(), { timeout: 30_000 }).toBe(true);
    await button.click();

    const dialog = page.getByRole('dialog');
    await dialog.getByText(`Restart the room app of ${ROOM_NAME}?`).waitFor();
    await screenshot(page, 'room-actions-01-confirm');
    expect(fs.existsSync(appFile)).toBe(false);
    await dialog.getByRole('button', { name: 'Restart room app' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const row = card.locator('[data-testid="room-action-row"][data-action="restart-app"][data-outcome="succeeded"]');
    await row.waitFor({ timeout: 30_000 }).catch((err: unknown) => {
      throw new Error(`${(err as Error).message}\n${diagnostics()}`);
    });
    expect(await row.textContent()).toContain('exit 0');
    expect(await row.getByTestId('room-action-output').textContent()).toContain('restarting the room app');
    expect(await row.textContent()).toContain(USER.email);
    await screenshot(page, 'room-actions-02-listed');
    expect(fs.readFileSync(appFile, 'utf8')).toBe('done\n');
    expect(fs.existsSync(deviceFile)).toBe(false);

    const [listed] = (await api.call<{ items: RoomAction[] }>('GET', `/rooms/${roomId}/actions`)).items;
    expect(listed).toMatchObject({ action: 'restart-app', state: 'done', outcome: 'succeeded', exitCode: 0 });
    expect(listed?.output).toContain('warning on stderr');
    const results = await api.call<{ items: Array<{ details: Record<string, unknown> }> }>('GET', `/audit?action=room.action.result&targetId=${roomId}&limit=10`);
    expect(results.items[0]?.details).toMatchObject({ action: 'restart-app', outcome: 'succeeded', exitCode: 0 });
  });

  it('a session started with "Restart the device when this session ends" has the actions in its toolbar and restarts the device at its end', async () => {
    if (!browser) throw new Error('not set up');
    const { page } = browser;
    await openStartDialog(page, roomId, ROOM_NAME);
    await page.getByRole('radio', { name: /^Control/ }).check();
    await page.getByLabel('Restart the device when this session ends').check();
    await screenshot(page, 'room-actions-03-start-dialog');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    const sessionId = await waitViewerConnected(page, diagnostics);
    const toolbar = page.getByLabel('Remote session viewer');
    await toolbar.getByRole('button', { name: 'Restart device' }).waitFor();
    await toolbar.getByRole('button', { name: 'Restart room app' }).waitFor();
    await screenshot(page, 'room-actions-04-viewer-toolbar');
    expect(fs.existsSync(deviceFile)).toBe(false);

    await page.getByRole('button', { name: 'End session' }).click();
    await page.getByTestId('session-ended').waitFor();
    await waitUntil(async () => fs.existsSync(deviceFile), 30_000, 'the restart-device command to run').catch((err: unknown) => {
      throw new Error(`${(err as Error).message}\n${diagnostics()}`);
    });
    expect(fs.readFileSync(deviceFile, 'utf8')).toBe('rebooted\n');
    await waitUntil(async () => (await api.call<{ items: RoomAction[] }>('GET', `/rooms/${roomId}/actions`)).items[0]?.state === 'done', 30_000, 'the restart listed as done');
    const [restart] = (await api.call<{ items: RoomAction[] }>('GET', `/rooms/${roomId}/actions`)).items;
    expect(restart).toMatchObject({ action: 'restart-device', sessionId, outcome: 'succeeded', exitCode: 0, output: 'would reboot now\n' });
    await page.goto(`/rooms/${roomId}`);
    await page.getByTestId('room-actions-card').locator('[data-action="restart-device"][data-outcome="succeeded"]').waitFor();
    await screenshot(page, 'room-actions-05-after-session');
    const verify = await api.call<{ ok: boolean }>('GET', '/audit/verify');
    expect(verify.ok).toBe(true);
  });
});
