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
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2eApi } from './support/api.ts';
import { openBrowser, screenshot, signIn, type BrowserSession } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { agentAlone, type AloneAgent } from './support/agent-executables.ts';
import { startProcess, startVncDesktop, waitUntil, type Started, type VncDesktop } from './support/x11-vnc.ts';

// This suite's ports and displays; overridable from the environment.
process.env.ROOMWARDEN_E2E_PORTS ??= '19500-19599';
process.env.ROOMWARDEN_E2E_DISPLAYS ??= '171-179';

const USER_EMAIL = 'room.actions@e2e.test';
const USER_PASSWORD = 'e2e-Actions-password-1';
const ROOM_NAME = 'Actions Console 2.07';

interface Room {
  id: string;
  status: string;
  remoteAccessAllowed: boolean;
}
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
  let server: RunningServer | undefined;
  let desktop: VncDesktop | undefined;
  let agent: Started | undefined;
  let alone: AloneAgent | undefined;
  let browser: BrowserSession | undefined;
  let api: E2eApi;
  let room: Room;
  let workDir = '';
  let appFile = '';
  let deviceFile = '';

  const diagnostics = () => [server?.output() ?? '', agent ? `--- agent ---\n${agent.output()}` : ''].join('\n');

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'roomwarden-actions-e2e-'));
    appFile = path.join(workDir, 'restart-app.ran');
    deviceFile = path.join(workDir, 'restart-device.ran');
    desktop = await startVncDesktop({ background: '#2060c0' });
    server = await startServer({ env: { ROOMWARDEN_LOG_LEVEL: process.env.E2E_SERVER_LOG_LEVEL ?? 'warn' } });
    api = await E2eApi.signIn(server.url, server.adminEmail, server.adminPassword);
    await api.call('PUT', '/settings/general', { remoteAccessEnabled: true, remoteAccessContactEmail: 'rooms-oncall@e2e.test' });
    const token = await api.call<{ token: string }>('POST', '/enrollment-tokens', { maxUses: 2, region: 'e2e', label: 'Room actions console' });

    alone = agentAlone('linux-x64');
    const config = path.join(workDir, 'agent.json');
    const enroll = startProcess('agent enroll', alone.exe, ['enroll', '--server', server.url, '--token', token.token, '--config', config, '--room-name', ROOM_NAME], { cwd: alone.dir, env: alone.env, group: true });
    const code = await new Promise<number | null>((resolve) => enroll.child.once('exit', (c) => resolve(c)));
    if (code !== 0) throw new Error(`roomwarden-agent enroll exited with ${code}:\n${enroll.output()}`);
    const creds = JSON.parse(fs.readFileSync(config, 'utf8')) as { roomId: string };
    // Harmless commands only (shell builtins: the agent's PATH holds nothing else).
    agent = startProcess(
      'agent run',
      alone.exe,
      [
        'run',
        '--config', config,
        '--vnc', `127.0.0.1:${desktop.vncPort}`,
        '--vnc-password-file', desktop.passwordFile,
        '--probe-interval', '5',
        '--action', `restart-app=echo restarting the room app; echo warning on stderr >&2; echo done > ${appFile}`,
        '--action', `restart-device=echo would reboot now; echo rebooted > ${deviceFile}`,
      ],
      { cwd: alone.dir, env: alone.env, group: true },
    );
    room = await api.call<Room>('GET', `/rooms/${creds.roomId}`);
    if (!room.remoteAccessAllowed) room = await api.call<Room>('PATCH', `/rooms/${room.id}`, { remoteAccessAllowed: true });
    await waitUntil(async () => (await api.call<Room>('GET', `/rooms/${room.id}`)).status !== 'offline', 60_000, 'the agent online').catch((err: unknown) => {
      throw new Error(`${(err as Error).message}\n${diagnostics()}`);
    });

    const user = await api.call<{ id: string }>('POST', '/users', { email: USER_EMAIL, displayName: 'Actions Operator', password: USER_PASSWORD });
    await api.call('POST', '/roles', {
      name: 'Console actions',
      description: 'Room actions and remote control on the actions console only',
      permissions: { rooms: 'view', incidents: 'none', remoteAccess: 'modify', roomActions: 'modify', settings: 'none', roles: 'none', directory: 'none', enrollment: 'none', audit: 'none' },
      assignments: [{ groupIds: [], userIds: [user.id], scope: { allRooms: false, siteIds: [], roomIds: [room.id] } }],
    });

    browser = await openBrowser(server.url);
    browser.context.setDefaultTimeout(45_000);
    await signIn(browser.page, USER_EMAIL, USER_PASSWORD);
  });

  afterAll(async () => {
    const steps: Array<[string, (() => Promise<void>) | undefined]> = [
      ['browser', browser?.close],
      ['agent', agent?.stop],
      ['desktop', desktop?.stop],
      ['server', server?.stop],
    ];
    const errors: string[] = [];
    for (const [name, stop] of steps) {
      try {
        await stop?.();
      } catch (err) {
        errors.push(`${name}: ${(err as Error).message}`);
      }
    }
    fs.rmSync(workDir, { recursive: true, force: true });
    alone?.remove();
    if (errors.length) throw new Error(`cleanup failed: ${errors.join('; ')}`);
  });

  it('the agent announces both actions in its hello', async () => {
    await expect
      .poll(async () => (await api.call<{ connected: boolean; capabilities: { actions?: string[] } }>('GET', `/rooms/${room.id}/agent`)).capabilities.actions, { timeout: 30_000 })
      .toEqual(['restart-device', 'restart-app']);
  });

  it('a room action runs the configured command: Restart room app, confirmed, listed with its output, the file written', async () => {
    if (!browser) throw new Error('not set up');
    const { page } = browser;
    await page.goto(`/rooms/${room.id}`);
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
    expect(await row.textContent()).toContain(USER_EMAIL);
    await screenshot(page, 'room-actions-02-listed');
    expect(fs.readFileSync(appFile, 'utf8')).toBe('done\n');
    expect(fs.existsSync(deviceFile)).toBe(false);

    const [listed] = (await api.call<{ items: RoomAction[] }>('GET', `/rooms/${room.id}/actions`)).items;
    expect(listed).toMatchObject({ action: 'restart-app', state: 'done', outcome: 'succeeded', exitCode: 0 });
    expect(listed?.output).toContain('warning on stderr');
    const results = await api.call<{ items: Array<{ details: Record<string, unknown> }> }>('GET', `/audit?action=room.action.result&targetId=${room.id}&limit=10`);
    expect(results.items[0]?.details).toMatchObject({ action: 'restart-app', outcome: 'succeeded', exitCode: 0 });
  });

  it('a session started with "Restart the device when this session ends" has the actions in its toolbar and restarts the device at its end', async () => {
    if (!browser) throw new Error('not set up');
    const { page } = browser;
    await page.goto(`/rooms/${room.id}`);
    await page.getByRole('heading', { name: ROOM_NAME }).waitFor();
    const start = page.getByRole('button', { name: 'Start session' });
    await expect.poll(() => start.isEnabled(), { timeout: 30_000 }).toBe(true);
    await start.click();
    await page.getByRole('radio', { name: /^Control/ }).check();
    await page.getByLabel('Restart the device when this session ends').check();
    await screenshot(page, 'room-actions-03-start-dialog');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.waitForURL(/\/sessions\/[0-9a-f-]+\/view$/);
    const sessionId = /\/sessions\/([0-9a-f-]+)\/view$/.exec(page.url())?.[1];
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor({ timeout: 60_000 });
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
    await waitUntil(async () => (await api.call<{ items: RoomAction[] }>('GET', `/rooms/${room.id}/actions`)).items[0]?.state === 'done', 30_000, 'the restart listed as done');
    const [restart] = (await api.call<{ items: RoomAction[] }>('GET', `/rooms/${room.id}/actions`)).items;
    expect(restart).toMatchObject({ action: 'restart-device', sessionId, outcome: 'succeeded', exitCode: 0, output: 'would reboot now\n' });
    await page.goto(`/rooms/${room.id}`);
    await page.getByTestId('room-actions-card').locator('[data-action="restart-device"][data-outcome="succeeded"]').waitFor();
    await screenshot(page, 'room-actions-05-after-session');
    const verify = await api.call<{ ok: boolean }>('GET', '/audit/verify');
    expect(verify.ok).toBe(true);
  });
});
