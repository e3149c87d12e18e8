// Issue 13, DESIGN "Remote session" 9 and 10 in the browser.
// Which screen: two real X displays (Xvfb), one red and one blue, each served by its own
// x11vnc with its own VNC password; the built agent executable, alone with no Node.js on
// its PATH, bridges both (`--vnc front=… --vnc whiteboard=…`, one password file for all
// and one for the whiteboard). The room page lists the displays, the Start session
// dialog offers them, and the screen chosen is the one shown (checked from the pixels).
// Not during a meeting: a simulated room forced into a meeting; the room page and the
// dialog say so before Start, Start waits for a reason, and the override with its reason
// is in the audit log.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type Fleet } from '@roomwarden/sim';
import { E2eApi } from './support/api.ts';
import { ARTIFACTS, openBrowser, screenshot, signIn, type BrowserSession } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { agentAlone, type AloneAgent } from './support/agent-executables.ts';
import { startProcess, startVncDesktop, waitUntil, type Started, type VncDesktop } from './support/x11-vnc.ts';

// This suite's ports and displays (apart from the other e2e suites'); overridable from the environment.
process.env.ROOMWARDEN_E2E_PORTS ??= '19700-19799';
process.env.ROOMWARDEN_E2E_DISPLAYS ??= '71-79';

const ROOM_NAME = 'Two Screens 2.02';
const REASON = 'The presenter asked for help with the HDMI input';

interface Room {
  id: string;
  status: string;
  remoteAccessAllowed: boolean;
}
interface AuditEntry {
  action: string;
  targetId: string | null;
  details: Record<string, unknown>;
}

/** The share of the remote screen's pixels close to one colour channel (red or blue), from a PNG of its canvas. */
async function colourShare(page: Page, name: string, colour: 'red' | 'blue'): Promise<number> {
  const file = path.join(ARTIFACTS, `${name}.png`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.locator('[data-testid="remote-screen"] canvas').screenshot({ path: file });
  const png = PNG.sync.read(fs.readFileSync(file));
  let hits = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const r = png.data[i] ?? 0;
    const g = png.data[i + 1] ?? 0;
    const b = png.data[i + 2] ?? 0;
    if (colour === 'red' ? r > 200 && g < 60 && b < 60 : b > 200 && r < 60 && g < 60) hits++;
  }
  return hits / (png.width * png.height);
}

async function waitConnected(page: Page, diagnostics: () => string): Promise<string> {
  await page.waitForURL(/\/sessions\/[0-9a-f-]+\/view$/);
  const id = /\/sessions\/([0-9a-f-]+)\/view$/.exec(page.url())?.[1];
  if (!id) throw new Error(`no session id in ${page.url()}`);
  try {
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor({ timeout: 60_000 });
  } catch (err) {
    const text = await page.locator('[aria-label="Remote session viewer"]').textContent();
    throw new Error(`the viewer did not connect (${(err as Error).message}); page: ${text}\n${diagnostics()}`);
  }
  await page.locator('[data-testid="remote-screen"] canvas').waitFor();
  return id;
}

async function openStartDialog(page: Page, roomId: string): Promise<void> {
  await page.goto(`/rooms/${roomId}`);
  const start = page.getByRole('button', { name: 'Start session' });
  await expect.poll(() => start.isEnabled(), { timeout: 30_000 }).toBe(true);
  await start.click();
  await page.getByRole('dialog').waitFor();
}

describe('Not during a meeting, and which screen: the Start session dialog', () => {
  let server: RunningServer | undefined;
  let front: VncDesktop | undefined;
  let whiteboard: VncDesktop | undefined;
  let agent: Started | undefined;
  let alone: AloneAgent | undefined;
  let fleet: Fleet | undefined;
  let browser: BrowserSession | undefined;
  let api: E2eApi;
  let roomId = '';
  let meetingRoomId = '';
  let configDir = '';

  const diagnostics = () => [server?.output() ?? '', front?.output() ?? '', whiteboard?.output() ?? '', agent ? `--- agent ---\n${agent.output()}` : ''].join('\n');

  beforeAll(async () => {
    configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'roomwarden-agent-e2e-'));
    front = await startVncDesktop({ background: '#ff0000', password: 'front-pw' });
    whiteboard = await startVncDesktop({ background: '#0000ff', password: 'board-pw' });
    server = await startServer({ env: { ROOMWARDEN_LOG_LEVEL: process.env.E2E_SERVER_LOG_LEVEL ?? 'warn' } });
    api = await E2eApi.signIn(server.url, server.adminEmail, server.adminPassword);
    await api.call('PUT', '/settings/general', { remoteAccessEnabled: true, remoteAccessContactEmail: 'rooms-oncall@e2e.test' });
    const token = await api.call<{ token: string }>('POST', '/enrollment-tokens', { maxUses: 5, label: 'Two screens and a meeting' });

    alone = agentAlone('linux-x64');
    const config = path.join(configDir, 'agent.json');
    const enroll = startProcess('agent enroll', alone.exe, ['enroll', '--server', server.url, '--token', token.token, '--config', config, '--room-name', ROOM_NAME], { cwd: alone.dir, env: alone.env, group: true });
    const code = await new Promise<number | null>((resolve) => enroll.child.once('exit', (c) => resolve(c)));
    if (code !== 0) throw new Error(`roomwarden-agent enroll exited with ${code}:\n${enroll.output()}`);
    roomId = (JSON.parse(fs.readFileSync(config, 'utf8')) as { roomId: string }).roomId;
    // One password file for all (the front's), and the whiteboard's own.
    const args = ['run', '--config', config, '--vnc', `front=127.0.0.1:${front.vncPort}`, '--vnc', `whiteboard=127.0.0.1:${whiteboard.vncPort}`];
    args.push('--vnc-password-file', front.passwordFile, '--vnc-password-file', `whiteboard=${whiteboard.passwordFile}`, '--probe-interval', '5');
    agent = startProcess('agent run', alone.exe, args, { cwd: alone.dir, env: alone.env, group: true });

    // A simulated room, forced into a meeting.
    fleet = await startFleet({ server: server.url, token: token.token, rooms: 1, failureRate: 0, probeIntervalMs: 1000, vnc: true, twoDisplaysEvery: 0, seed: 13 });
    const sim = fleet.rooms[0];
    if (!sim) throw new Error('no simulated room');
    sim.probe.forceMeeting(true);
    meetingRoomId = sim.credentials.roomId;

    for (const id of [roomId, meetingRoomId]) {
      const room = await api.call<Room>('GET', `/rooms/${id}`);
      if (!room.remoteAccessAllowed) await api.call('PATCH', `/rooms/${id}`, { remoteAccessAllowed: true });
      await waitUntil(async () => (await api.call<Room>('GET', `/rooms/${id}`)).status !== 'offline', 60_000, `room ${id} online`).catch((err: unknown) => {
        throw new Error(`${(err as Error).message}\n${diagnostics()}`);
      });
    }
    await waitUntil(
      async () => (await api.call<Array<{ name: string; value: string | null }> | { items: Array<{ name: string; value: string | null }> }>('GET', `/rooms/${meetingRoomId}/signals`).then((r) => (Array.isArray(r) ? r : r.items))).some((s) => s.name === 'inMeeting' && s.value === 'true'),
      30_000,
      'the simulated room in a meeting',
    );

    browser = await openBrowser(server.url);
    browser.context.setDefaultTimeout(45_000);
    await signIn(browser.page, server.adminEmail, server.adminPassword);
  });

  afterAll(async () => {
    // Everything started, each step on its own so one failure does not leave the rest running.
    const steps: Array<[string, (() => Promise<void>) | undefined]> = [
      ['browser', browser?.close],
      ['fleet', fleet?.stop],
      ['agent', agent?.stop],
      ['whiteboard desktop', whiteboard?.stop],
      ['front desktop', front?.stop],
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
    if (configDir) fs.rmSync(configDir, { recursive: true, force: true });
    alone?.remove();
    if (errors.length) throw new Error(`cleanup failed: ${errors.join('; ')}`);
  });

  it('lists both displays on the room page, offers them in the dialog, and shows the one chosen', async () => {
    const page = browser!.page;
    await page.goto(`/rooms/${roomId}`);
    await expect.poll(() => page.getByTestId('agent-displays').textContent(), { timeout: 30_000 }).toBe('front (default), whiteboard');

    await openStartDialog(page, roomId);
    const screens = page.getByRole('radiogroup', { name: 'Screen' });
    await screens.waitFor();
    expect(await screens.getByRole('radio').count()).toBe(2);
    expect(await screens.getByRole('radio', { name: 'front (default)' }).isChecked()).toBe(true);
    await screens.getByRole('radio', { name: 'whiteboard' }).check();
    await screenshot(page, 'meeting-displays-01-dialog-screens');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    const onWhiteboard = await waitConnected(page, diagnostics);
    await expect.poll(() => colourShare(page, 'meeting-displays-02-whiteboard-screen', 'blue'), { timeout: 30_000 }).toBeGreaterThan(0.5);
    expect(await colourShare(page, 'meeting-displays-02-whiteboard-screen', 'red')).toBeLessThan(0.05);
    expect(await api.call<{ display: string }>('GET', `/sessions/${onWhiteboard}`)).toMatchObject({ display: 'whiteboard' });
    await api.call('DELETE', `/sessions/${onWhiteboard}`);

    // The default, untouched: the front of the room.
    await openStartDialog(page, roomId);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    const onFront = await waitConnected(page, diagnostics);
    await expect.poll(() => colourShare(page, 'meeting-displays-03-front-screen', 'red'), { timeout: 30_000 }).toBeGreaterThan(0.5);
    expect(await api.call<{ display: string }>('GET', `/sessions/${onFront}`)).toMatchObject({ display: 'front' });
    await api.call('DELETE', `/sessions/${onFront}`);
  });

  it('says the room is in a meeting before Start, waits for a reason, and audits the override with it', async () => {
    const page = browser!.page;
    await page.goto(`/rooms/${meetingRoomId}`);
    await page.getByTestId('start-session-in-meeting').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('start-session-in-meeting').textContent()).toBe('This room is in a meeting.');

    await openStartDialog(page, meetingRoomId);
    const notice = page.getByTestId('start-session-meeting');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('This room is in a meeting');
    const startButton = page.getByRole('button', { name: 'Start', exact: true });
    expect(await startButton.isEnabled()).toBe(false);
    // With only one display, no choice of screen.
    expect(await page.getByRole('radiogroup', { name: 'Screen' }).count()).toBe(0);
    await page.getByTestId('start-session-override-reason').fill(REASON);
    expect(await startButton.isEnabled()).toBe(true);
    await screenshot(page, 'meeting-displays-04-dialog-meeting-override');
    await startButton.click();
    const id = await waitConnected(page, diagnostics);
    expect(await api.call<{ meetingOverrideReason: string | null }>('GET', `/sessions/${id}`)).toMatchObject({ meetingOverrideReason: REASON });
    const audit = await api.call<{ items: AuditEntry[] }>('GET', `/audit?action=session.start&targetId=${id}`);
    expect(audit.items[0]?.details).toMatchObject({ meetingOverride: { reason: REASON } });
    await api.call('DELETE', `/sessions/${id}`);

    // Without a reason the server refuses (what the disabled Start keeps a person from sending), and audits the refusal.
    await expect(api.call('POST', `/rooms/${meetingRoomId}/sessions`, { mode: 'control' })).rejects.toThrow(/409.*ROOM_IN_MEETING/);
    const refused = await api.call<{ items: AuditEntry[] }>('GET', `/audit?action=session.start_refused&targetId=${meetingRoomId}`);
    expect(refused.items[0]?.details).toMatchObject({ refusal: 'ROOM_IN_MEETING', mode: 'control', inMeeting: true });
  });
});
