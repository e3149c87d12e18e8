// Issue 13, point 7 ("One controller at a time", observers), end to end: a real X display
// (Xvfb + a full-screen red xlogo) served by x11vnc, the built agent executable, the real
// server and two Chromiums. The controller (Remote access Modify) starts a Control session;
// a second user (Remote access View) opens the room's Start session dialog, which says who
// is connected before anyone clicks, and joins as an observer: the observer sees the screen
// (pixels of the canvas), the observer's pointer never reaches the room while the
// controller's does (xdotool), the controller's toolbar lists who is watching, a second
// control start is refused with SESSION_IN_PROGRESS, and the join and the leave are audited.
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

process.env.ROOMWARDEN_E2E_PORTS ??= '18600-18699';
process.env.ROOMWARDEN_E2E_DISPLAYS ??= '71-79';

const ROOM_NAME = 'Observed Console 2.04';
const CONTROLLER = { email: 'controller@e2e.test', displayName: 'Casey Controller', password: 'e2e-Controller-password-1' };
const WATCHER = { email: 'watcher@e2e.test', displayName: 'Wren Watcher', password: 'e2e-Watcher-password-1' };

interface AuditEntry {
  action: string;
  targetId: string | null;
  details: Record<string, unknown>;
}

/** The share of clearly red pixels in the remote screen's canvas (a PNG of it is kept in e2e/artifacts). */
async function redShare(page: Page, name: string): Promise<number> {
  const file = path.join(REPO_ROOT, 'e2e/artifacts', `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.locator('[data-testid="remote-screen"] canvas').screenshot({ path: file });
  const png = PNG.sync.read(fs.readFileSync(file));
  let red = 0;
  for (let i = 0; i < png.data.length; i += 4) if ((png.data[i] ?? 0) > 200 && (png.data[i + 1] ?? 0) < 60 && (png.data[i + 2] ?? 0) < 60) red++;
  return red / (png.width * png.height);
}

async function pagePoint(page: Page, desktop: VncDesktop, x: number, y: number): Promise<{ x: number; y: number }> {
  const box = await page.locator('[data-testid="remote-screen"] canvas').boundingBox();
  if (!box) throw new Error('the remote screen canvas has no box');
  return { x: box.x + (x * box.width) / desktop.width, y: box.y + (y * box.height) / desktop.height };
}

async function pointerReaches(desktop: VncDesktop, x: number, y: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const p = await desktop.pointer();
    if (Math.abs(p.x - x) <= 4 && Math.abs(p.y - y) <= 4) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

/** Keeps every WebSocket the page sends on, so the test can write raw RFB on the viewer's socket (bypassing noVNC's viewOnly). */
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
      ws.send(new Uint8Array([5, buttons, (x >> 8) & 0xff, x & 0xff, (y >> 8) & 0xff, y & 0xff]));
      return true;
    },
    { x, y, buttons },
  );
  if (!sent) throw new Error('no open viewer WebSocket in the page');
}

describe('One controller at a time, and observers: two users on one real console', () => {
  let server: RunningServer | undefined;
  let desktop: VncDesktop | undefined;
  let agent: Started | undefined;
  let alone: AloneAgent | undefined;
  let controller: BrowserSession | undefined;
  let watcher: BrowserSession | undefined;
  let api: E2eApi;
  let roomId = '';
  let sessionId = '';
  let configDir = '';

  const diagnostics = () => [server?.output() ?? '', desktop?.output() ?? '', agent ? `--- agent ---\n${agent.output()}` : ''].join('\n');

  beforeAll(async () => {
    configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'roomwarden-observers-e2e-'));
    desktop = await startVncDesktop({ background: '#ff0000' });
    server = await startServer({ env: { ROOMWARDEN_LOG_LEVEL: process.env.E2E_SERVER_LOG_LEVEL ?? 'warn' } });
    api = await E2eApi.signIn(server.url, server.adminEmail, server.adminPassword);
    await api.call('PUT', '/settings/general', { remoteAccessEnabled: true, remoteAccessContactEmail: 'rooms-oncall@e2e.test' });
    const token = await api.call<{ token: string }>('POST', '/enrollment-tokens', { maxUses: 1, label: 'Observed console' });

    alone = agentAlone('linux-x64');
    const config = path.join(configDir, 'agent.json');
    const enroll = startProcess('agent enroll', alone.exe, ['enroll', '--server', server.url, '--token', token.token, '--config', config, '--room-name', ROOM_NAME], { cwd: alone.dir, env: alone.env, group: true });
    const code = await new Promise<number | null>((resolve) => enroll.child.once('exit', (c) => resolve(c)));
    if (code !== 0) throw new Error(`roomwarden-agent enroll exited with ${code}:\n${enroll.output()}`);
    roomId = (JSON.parse(fs.readFileSync(config, 'utf8')) as { roomId: string }).roomId;
    agent = startProcess('agent run', alone.exe, ['run', '--config', config, '--vnc', `127.0.0.1:${desktop.vncPort}`, '--vnc-password-file', desktop.passwordFile, '--probe-interval', '5'], { cwd: alone.dir, env: alone.env, group: true });
    await api.call('PATCH', `/rooms/${roomId}`, { remoteAccessAllowed: true });
    await waitUntil(async () => (await api.call<{ status: string }>('GET', `/rooms/${roomId}`)).status !== 'offline', 60_000, 'the agent online').catch((err: unknown) => {
      throw new Error(`${(err as Error).message}\n${diagnostics()}`);
    });

    const role = (name: string, remoteAccess: 'modify' | 'view', userId: string) =>
      api.call('POST', '/roles', {
        name,
        description: `Remote access ${remoteAccess} on the observed console`,
        permissions: { rooms: 'view', incidents: 'view', remoteAccess, settings: 'none', roles: 'none', directory: 'none', enrollment: 'none', audit: 'none' },
        assignments: [{ groupIds: [], userIds: [userId], scope: { allRooms: false, siteIds: [], roomIds: [roomId] } }],
      });
    for (const [u, level] of [
      [CONTROLLER, 'modify'],
      [WATCHER, 'view'],
    ] as const) {
      const made = await api.call<{ id: string }>('POST', '/users', { email: u.email, displayName: u.displayName, password: u.password });
      await role(`Observed console ${level}`, level, made.id);
    }

    controller = await openBrowser(server.url);
    watcher = await openBrowser(server.url);
    for (const b of [controller, watcher]) {
      b.context.setDefaultTimeout(45_000);
      await b.context.addInitScript(CAPTURE_SOCKETS);
    }
    await signIn(controller.page, CONTROLLER.email, CONTROLLER.password);
    await signIn(watcher.page, WATCHER.email, WATCHER.password);
  });

  afterAll(async () => {
    const steps: Array<[string, (() => Promise<void>) | undefined]> = [
      ['controller browser', controller?.close],
      ['watcher browser', watcher?.close],
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

  it('the controller starts a Control session and sees the room', async () => {
    const page = controller!.page;
    await page.goto(`/rooms/${roomId}`);
    const start = page.getByRole('button', { name: 'Start session' });
    await expect.poll(() => start.isEnabled(), { timeout: 30_000 }).toBe(true);
    await start.click();
    await page.getByRole('radio', { name: /^Control/ }).check();
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.waitForURL(/\/sessions\/[0-9a-f-]+\/view$/);
    sessionId = /\/sessions\/([0-9a-f-]+)\/view$/.exec(page.url())?.[1] ?? '';
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor({ timeout: 60_000 }).catch((err: unknown) => {
      throw new Error(`the controller did not connect (${(err as Error).message})\n${diagnostics()}`);
    });
    await expect.poll(() => redShare(page, 'observers-01-controller-canvas'), { timeout: 20_000, interval: 1000 }).toBeGreaterThan(0.7);
  });

  it('a second control start is refused with SESSION_IN_PROGRESS naming who is connected', async () => {
    // (The Administrator holds Modify everywhere: only the live session stands in the way.)
    const refusal = await api.call('POST', `/rooms/${roomId}/sessions`, { mode: 'control' }).then(
      () => 'started',
      (err: unknown) => (err as Error).message,
    );
    const m = /^POST \S+: (\d+) (.*)$/s.exec(refusal);
    expect(m?.[1]).toBe('409');
    const body = JSON.parse(m?.[2] ?? '{}') as { error: { code: string; message: string; details: { sessionId: string; userLabel: string; mode: string } } };
    expect(body.error.code).toBe('SESSION_IN_PROGRESS');
    expect(body.error.message).toContain(CONTROLLER.displayName);
    expect(body.error.details).toMatchObject({ sessionId, mode: 'control' });
  });

  it('the watcher is told who is connected before clicking, joins as an observer and sees the screen', async () => {
    const page = watcher!.page;
    await page.goto(`/rooms/${roomId}`);
    await page.getByTestId('start-session-connected').waitFor();
    expect(await page.getByTestId('start-session-connected').textContent()).toContain(CONTROLLER.displayName);
    await page.getByRole('button', { name: 'Start session' }).click();
    await page.getByTestId('session-in-progress').waitFor();
    expect(await page.getByTestId('session-in-progress').textContent()).toContain(CONTROLLER.displayName);
    await screenshot(page, 'observers-02-start-dialog-in-progress');
    await page.getByTestId('join-as-observer').click();
    await page.waitForURL(new RegExp(`/sessions/${sessionId}/view$`));
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor({ timeout: 60_000 }).catch((err: unknown) => {
      throw new Error(`the observer did not connect (${(err as Error).message})\n${diagnostics()}`);
    });
    expect(await page.getByTestId('view-only-badge').textContent()).toContain('Watching');
    await expect.poll(() => redShare(page, 'observers-03-observer-canvas'), { timeout: 20_000, interval: 1000 }).toBeGreaterThan(0.7);
    await screenshot(page, 'observers-04-observer-viewer');
  });

  it("the controller's toolbar lists who is watching", async () => {
    const page = controller!.page;
    await page.getByTestId('session-watchers').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('session-watchers').textContent()).toContain(WATCHER.displayName);
    await screenshot(page, 'observers-05-controller-toolbar-watching');
  });

  it("the observer's input never reaches the room while the controller's does", async () => {
    const before = await desktop!.pointer();
    // Clicks in the observer's canvas, and raw PointerEvents on its socket (noVNC's viewOnly bypassed).
    const at = await pagePoint(watcher!.page, desktop!, 250, 180);
    await watcher!.page.mouse.click(at.x, at.y);
    await sendRawPointer(watcher!.page, 77, 66, 1);
    await sendRawPointer(watcher!.page, 77, 66, 0);
    expect(await pointerReaches(desktop!, 77, 66, 5_000)).toBe(false);
    expect(await pointerReaches(desktop!, 250, 180, 1_000)).toBe(false);
    expect(await desktop!.pointer()).toEqual(before);
    // The observer is still connected: dropped input is no error.
    expect(await watcher!.page.locator('[data-testid="connection-state"][data-state="connected"]').count()).toBe(1);
    // The controller's click moves the pointer.
    const c = await pagePoint(controller!.page, desktop!, 900, 500);
    await controller!.page.mouse.click(c.x, c.y);
    expect(await pointerReaches(desktop!, 900, 500, 20_000), `pointer: ${JSON.stringify(await desktop!.pointer())}`).toBe(true);
  });

  it('the observer leaves: audited, gone from the toolbar; the session end lists them', async () => {
    await watcher!.page.getByTestId('leave-session').click();
    await watcher!.page.getByTestId('observer-left').waitFor();
    await controller!.page.getByTestId('session-watchers').waitFor({ state: 'detached', timeout: 15_000 });
    await controller!.page.getByRole('button', { name: 'End session' }).click();
    await controller!.page.getByTestId('session-ended').waitFor();
    const audit = async (action: string) => (await api.call<{ items: AuditEntry[] }>('GET', `/audit?action=${action}&targetId=${sessionId}&limit=20`)).items;
    expect((await audit('session.observer.join')).map((e) => e.details.observerLabel)).toEqual([expect.stringContaining(WATCHER.displayName)]);
    expect((await audit('session.observer.leave')).map((e) => e.details.reason)).toEqual(['observer_closed']);
    const [end] = await audit('session.end');
    expect(end?.details.observers).toEqual([expect.objectContaining({ userLabel: expect.stringContaining(WATCHER.displayName), leftAt: expect.any(String) })]);
    expect((await api.call<{ ok: boolean }>('GET', '/audit/verify')).ok).toBe(true);
  });
});
