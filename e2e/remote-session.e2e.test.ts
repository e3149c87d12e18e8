// Issue 5, "Real VNC end to end": a real X display (Xvfb) with a known picture (a
// full-screen red xlogo window), served by x11vnc with a VNC password; the real agent
// enrolled and running against it; the real server; Debian's Chromium. Since issue 15 the
// agent is the built Linux executable, copied alone into an empty directory and run with a
// PATH that has no Node.js (what a room console has), not the checkout's CLI. A user whose
// role grants Remote access Modify on that one room presses Start session and sees the
// remote screen (checked from the screenshot's pixels); a View-only session cannot move
// the remote pointer while a Control session can (checked with xdotool); turning remote
// access off ends the open session in the browser, and the audit log says so.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2eApi } from './support/api.ts';
import { openBrowser, screenshot, signIn, type BrowserSession } from './support/browser.ts';
import { REPO_ROOT, startServer, type RunningServer } from './support/server.ts';
import { agentAlone, type AloneAgent } from './support/agent-executables.ts';
import { startProcess, startVncDesktop, waitUntil, type Started, type VncDesktop } from './support/x11-vnc.ts';

// Helper F's ports and displays (the team's ranges); overridable from the environment.
process.env.ROOMWARDEN_E2E_PORTS ??= '18900-18999';
process.env.ROOMWARDEN_E2E_DISPLAYS ??= '91-99';

const USER_EMAIL = 'vnc.operator@e2e.test';
const USER_PASSWORD = 'e2e-Operator-password-1';
const ROOM_NAME = 'Real Console 1.01';

interface Room {
  id: string;
  name: string;
  status: string;
  remoteAccessAllowed: boolean;
}
interface AuditEntry {
  seq: number;
  action: string;
  targetId: string | null;
  details: Record<string, unknown>;
}
interface Session {
  id: string;
  state: string;
  mode: string;
  endReason: string | null;
}

/** The share of clearly red pixels in the remote screen's canvas, from a PNG screenshot of it. */
async function redShare(page: Page, name: string): Promise<number> {
  const canvas = page.locator('[data-testid="remote-screen"] canvas');
  const file = path.join(REPO_ROOT, 'e2e/artifacts', `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await canvas.screenshot({ path: file });
  const png = PNG.sync.read(fs.readFileSync(file));
  let red = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const r = png.data[i] ?? 0;
    const g = png.data[i + 1] ?? 0;
    const b = png.data[i + 2] ?? 0;
    if (r > 200 && g < 60 && b < 60) red++;
  }
  return red / (png.width * png.height);
}

/** Where a point of the remote screen (in its own pixels) is on the page. */
async function pagePoint(page: Page, desktop: VncDesktop, x: number, y: number): Promise<{ x: number; y: number }> {
  const box = await page.locator('[data-testid="remote-screen"] canvas').boundingBox();
  if (!box) throw new Error('the remote screen canvas has no box');
  return { x: box.x + (x * box.width) / desktop.width, y: box.y + (y * box.height) / desktop.height };
}

/** Polls the X pointer for `ms` and reports whether it came within 4 px of (x, y) (room for the canvas scaling's rounding). */
async function pointerReaches(desktop: VncDesktop, x: number, y: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const p = await desktop.pointer();
    if (Math.abs(p.x - x) <= 4 && Math.abs(p.y - y) <= 4) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

/**
 * Every WebSocket the page sends on is kept in window.__rwSockets (noVNC's own socket is
 * left as it is, only send() is wrapped), so the test can write a raw RFB PointerEvent on
 * the viewer's socket: that bypasses noVNC's viewOnly flag (a convenience in the
 * browser) and exercises the relay's filter (the real control).
 */
const CAPTURE_SOCKETS = `(() => {
  const sockets = new Set();
  window.__rwSockets = sockets;
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    sockets.add(this);
    return send.call(this, data);
  };
})();`;

async function sendRawPointer(page: Page, x: number, y: number, buttons: number): Promise<void> {
  const sent = await page.evaluate(
    ({ x, y, buttons }) => {
      const list = [...((window as unknown as { __rwSockets?: Set<WebSocket> }).__rwSockets ?? [])];
      const ws = list.filter((s) => s.url.includes('/viewer') && s.readyState === WebSocket.OPEN).pop();
      if (!ws) return false;
      // RFB PointerEvent: type 5, button mask, x, y (big-endian).
      const msg = new Uint8Array([5, buttons, (x >> 8) & 0xff, x & 0xff, (y >> 8) & 0xff, y & 0xff]);
      ws.send(msg);
      return true;
    },
    { x, y, buttons },
  );
  if (!sent) throw new Error('no open viewer WebSocket in the page');
}

async function startSessionInPortal(page: Page, roomId: string, mode: 'Control' | 'View only', diagnostics: () => string): Promise<string> {
  await page.goto(`/rooms/${roomId}`);
  await page.getByRole('heading', { name: ROOM_NAME }).waitFor();
  const start = page.getByRole('button', { name: 'Start session' });
  await expect.poll(() => start.isEnabled(), { timeout: 30_000 }).toBe(true);
  await start.click();
  await page.getByRole('radio', { name: new RegExp(`^${mode}`) }).check();
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  await page.waitForURL(/\/sessions\/[0-9a-f-]+\/view$/);
  const id = /\/sessions\/([0-9a-f-]+)\/view$/.exec(page.url())?.[1];
  if (!id) throw new Error(`no session id in ${page.url()}`);
  try {
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor({ timeout: 60_000 });
  } catch (err) {
    await screenshot(page, `remote-failed-${mode === 'Control' ? 'control' : 'view'}`);
    const text = await page.locator('[aria-label="Remote session viewer"]').textContent();
    throw new Error(`the viewer did not connect (${(err as Error).message}); page: ${text}\n${diagnostics()}`);
  }
  await page.locator('[data-testid="remote-screen"] canvas').waitFor();
  return id;
}

describe('Real VNC end to end: Xvfb + x11vnc, the real agent, the relay and noVNC in Chromium', () => {
  let server: RunningServer | undefined;
  let desktop: VncDesktop | undefined;
  let agent: Started | undefined;
  let alone: AloneAgent | undefined;
  let browser: BrowserSession | undefined;
  let api: E2eApi;
  let room: Room;
  let configDir = '';
  let viewSessionId = '';
  let controlSessionId = '';

  const diagnostics = () => [server?.output() ?? '', desktop?.output() ?? '', agent ? `--- agent ---\n${agent.output()}` : ''].join('\n');

  beforeAll(async () => {
    configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'roomwarden-agent-e2e-'));
    desktop = await startVncDesktop({ background: '#ff0000' });
    // E2E_SERVER_LOG_LEVEL=info shows the server's request log in failure messages.
    server = await startServer({ env: { ROOMWARDEN_LOG_LEVEL: process.env.E2E_SERVER_LOG_LEVEL ?? 'warn' } });
    api = await E2eApi.signIn(server.url, server.adminEmail, server.adminPassword);

    await api.call('PUT', '/settings/general', { remoteAccessEnabled: true, remoteAccessContactEmail: 'rooms-oncall@e2e.test' });
    const site = await api.call<{ id: string }>('POST', '/sites', { name: 'Real VNC site' });
    const token = await api.call<{ token: string }>('POST', '/enrollment-tokens', { maxUses: 5, siteId: site.id, region: 'e2e', label: 'Real VNC console' });

    // The agent executable, alone in an empty directory, no Node.js on its PATH.
    alone = agentAlone('linux-x64');
    const config = path.join(configDir, 'agent.json');
    const exe = alone.exe;
    const enroll = startProcess('agent enroll', exe, ['enroll', '--server', server.url, '--token', token.token, '--config', config, '--room-name', ROOM_NAME], { cwd: alone.dir, env: alone.env, group: true });
    const code = await new Promise<number | null>((resolve) => enroll.child.once('exit', (c) => resolve(c)));
    if (code !== 0) throw new Error(`roomwarden-agent enroll exited with ${code}:\n${enroll.output()}`);
    const creds = JSON.parse(fs.readFileSync(config, 'utf8')) as { roomId: string };
    agent = startProcess('agent run', exe, ['run', '--config', config, '--vnc', `127.0.0.1:${desktop.vncPort}`, '--vnc-password-file', desktop.passwordFile, '--probe-interval', '5'], {
      cwd: alone.dir,
      env: alone.env,
      group: true,
    });

    room = await api.call<Room>('GET', `/rooms/${creds.roomId}`);
    if (!room.remoteAccessAllowed) room = await api.call<Room>('PATCH', `/rooms/${room.id}`, { remoteAccessAllowed: true });
    await waitUntil(async () => (await api.call<Room>('GET', `/rooms/${room.id}`)).status !== 'offline', 60_000, 'the agent online').catch((err: unknown) => {
      throw new Error(`${(err as Error).message}\n${diagnostics()}`);
    });

    // A group, a user in it, and a role granting Remote access Modify on that room only.
    const user = await api.call<{ id: string }>('POST', '/users', { email: USER_EMAIL, displayName: 'VNC Operator', password: USER_PASSWORD });
    const group = await api.call<{ id: string }>('POST', '/groups', { displayName: 'Real VNC operators' });
    await api.call('POST', `/groups/${group.id}/members`, { userId: user.id });
    await api.call('POST', '/roles', {
      name: 'Real console remote control',
      description: 'Remote access Modify on the real console only',
      permissions: { rooms: 'view', incidents: 'view', remoteAccess: 'modify', settings: 'none', roles: 'none', directory: 'none', enrollment: 'none', audit: 'none' },
      assignments: [{ groupIds: [group.id], userIds: [], scope: { allRooms: false, siteIds: [], roomIds: [room.id] } }],
    });

    browser = await openBrowser(server.url);
    // Room for a busy machine (two cores, several suites): waits, never speed checks.
    browser.context.setDefaultTimeout(45_000);
    await browser.context.addInitScript(CAPTURE_SOCKETS);
    await signIn(browser.page, USER_EMAIL, USER_PASSWORD);
  });

  afterAll(async () => {
    // Everything we started, whatever happened; each step on its own so one failure does not leave the rest running.
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
    fs.rmSync(configDir, { recursive: true, force: true });
    alone?.remove();
    if (errors.length) throw new Error(`cleanup failed: ${errors.join('; ')}`);
  });

  it('runs as the executable: reports its version, platform and health to the server', async () => {
    const view = await api.call<{ agentVersion: string; platform: string; connected: boolean; capabilities: { vnc: boolean } }>('GET', `/rooms/${room.id}/agent`);
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'agent/package.json'), 'utf8')) as { version: string };
    expect(view).toMatchObject({ agentVersion: pkg.version, platform: 'linux', connected: true, capabilities: { vnc: true } });
    await expect
      .poll(async () => (await api.call<{ items: Array<{ name: string }> }>('GET', `/rooms/${room.id}/signals`)).items.map((s) => s.name), { timeout: 30_000 })
      .toEqual(expect.arrayContaining(['cpu', 'memory', 'disk', 'uptime', 'network']));
  });

  it('shows the room screen live in a Control session, and a click there moves the remote pointer', async () => {
    if (!browser || !desktop) throw new Error('not set up');
    const { page } = browser;
    controlSessionId = await startSessionInPortal(page, room.id, 'Control', diagnostics);
    expect(await page.getByTestId('view-only-badge').count()).toBe(0);

    // The remote screen is the known picture: xlogo on red covers the whole display.
    await expect.poll(() => redShare(page, 'remote-01-control-canvas'), { timeout: 20_000, interval: 1000 }).toBeGreaterThan(0.7);
    await screenshot(page, 'remote-02-control-session');

    // A click in the canvas moves the X pointer there (the check below can fail).
    for (const [x, y] of [
      [300, 200],
      [900, 500],
    ] as const) {
      const at = await pagePoint(page, desktop, x, y);
      await page.mouse.click(at.x, at.y);
      const reached = await pointerReaches(desktop, x, y, 20_000);
      expect(reached, `pointer after a click at ${x},${y}: ${JSON.stringify(await desktop.pointer())}`).toBe(true);
    }
    // A raw PointerEvent written on the viewer's socket reaches the desktop too.
    await sendRawPointer(page, 640, 111, 0);
    expect(await pointerReaches(desktop, 640, 111, 20_000), `pointer: ${JSON.stringify(await desktop.pointer())}`).toBe(true);

    await page.getByRole('button', { name: 'End session' }).click();
    await page.getByTestId('session-ended').waitFor();
    const ended = await api.call<Session>('GET', `/sessions/${controlSessionId}`);
    expect(ended.state).toBe('ended');
    expect(ended.endReason).toBe('ended_by_user');
  });

  it('does not move the remote pointer from a View-only session, and remote access off ends it in the browser', async () => {
    if (!browser || !desktop) throw new Error('not set up');
    const { page } = browser;
    viewSessionId = await startSessionInPortal(page, room.id, 'View only', diagnostics);
    await page.getByTestId('view-only-badge').waitFor();
    await expect.poll(() => redShare(page, 'remote-03-view-canvas'), { timeout: 20_000, interval: 1000 }).toBeGreaterThan(0.7);
    await screenshot(page, 'remote-04-view-only-session');

    // Park the pointer somewhere known, then click elsewhere in the canvas, twice.
    const before = await desktop.pointer();
    for (const [x, y] of [
      [200, 150],
      [1000, 600],
    ] as const) {
      const at = await pagePoint(page, desktop, x, y);
      await page.mouse.click(at.x, at.y);
      expect(await pointerReaches(desktop, x, y, 4_000), `pointer after a view-only click at ${x},${y}`).toBe(false);
    }
    // Even raw PointerEvents written on the viewer's socket (noVNC's viewOnly bypassed) are dropped by the relay.
    await sendRawPointer(page, 77, 66, 1);
    await sendRawPointer(page, 77, 66, 0);
    expect(await pointerReaches(desktop, 77, 66, 5_000)).toBe(false);
    expect(await desktop.pointer()).toEqual(before);
    // The session survived all that (the relay drops, it does not close).
    expect(await page.locator('[data-testid="connection-state"][data-state="connected"]').count()).toBe(1);

    // Remote access turned off: the open session ends in the browser.
    const turnedOff = Date.now();
    await api.call('PUT', '/settings/general', { remoteAccessEnabled: false });
    await page.getByTestId('session-ended').waitFor({ timeout: 10_000 });
    // A figure for the record, not an assertion.
    console.info(`remote access off -> "session ended" shown in the browser: ${Date.now() - turnedOff} ms`);
    expect(await page.getByTestId('session-ended').textContent()).toContain('Remote access was turned off');
    await page.locator('[data-testid="connection-state"][data-state="disconnected"]').waitFor({ timeout: 10_000 });
    await screenshot(page, 'remote-05-ended-remote-access-off');
  });

  it("the agent executable's data connections took the raw path (roomwarden-relay/1), none the WebSocket", async () => {
    const metrics = await (await fetch(`${server!.url}/metrics`)).text();
    const connections = (transport: string) => Number(new RegExp(`^roomwarden_relay_agent_connections_total\\{transport="${transport}"\\} (\\d+)`, 'm').exec(metrics)?.[1] ?? NaN);
    expect({ raw: connections('raw'), websocket: connections('websocket') }).toEqual({ raw: 2, websocket: 0 });
  });

  it('audits both sessions from start to end, with the reason, in a chain that verifies', async () => {
    const starts = await api.call<{ items: AuditEntry[] }>('GET', '/audit?action=session.start&limit=50');
    const ends = await api.call<{ items: AuditEntry[] }>('GET', '/audit?action=session.end&limit=50');
    const startOf = (id: string) => starts.items.find((e) => e.targetId === id);
    const endOf = (id: string) => ends.items.find((e) => e.targetId === id);
    expect(startOf(controlSessionId)?.details).toMatchObject({ mode: 'control' });
    expect(startOf(viewSessionId)?.details).toMatchObject({ mode: 'view' });
    expect(JSON.stringify(startOf(viewSessionId)?.details)).toContain('rooms-oncall@e2e.test');
    expect(endOf(controlSessionId)?.details).toMatchObject({ reason: 'ended_by_user' });
    expect(endOf(viewSessionId)?.details).toMatchObject({ reason: 'remote_access_disabled' });
    const verify = await api.call<{ ok: boolean }>('GET', '/audit/verify');
    expect(verify.ok).toBe(true);
  });
});

