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
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, screenshot, signIn, type BrowserSession } from './support/browser.ts';
import { grantOnRoom, realVncRoom, type RealVncRoom } from './support/real-vnc-room.ts';
import { CAPTURE_SOCKETS, colourShare, openStartDialog, pagePoint, pointerReaches, sendRawPointer, waitViewerConnected } from './support/remote-viewer.ts';
import { REPO_ROOT, type RunningServer } from './support/server.ts';
import { stopAll, type VncDesktop } from './support/x11-vnc.ts';
import type { E2eApi } from './support/api.ts';

// Helper F's ports and displays (the team's ranges); overridable from the environment.
process.env.ROOMWARDEN_E2E_PORTS ??= '18900-18999';
process.env.ROOMWARDEN_E2E_DISPLAYS ??= '91-99';

const USER = { email: 'vnc.operator@e2e.test', displayName: 'VNC Operator', password: 'e2e-Operator-password-1' };
const ROOM_NAME = 'Real Console 1.01';

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

async function startSessionInPortal(page: Page, roomId: string, mode: 'Control' | 'View only', diagnostics: () => string): Promise<string> {
  await openStartDialog(page, roomId, ROOM_NAME);
  await page.getByRole('radio', { name: new RegExp(`^${mode}`) }).check();
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  return waitViewerConnected(page, diagnostics, `remote-failed-${mode === 'Control' ? 'control' : 'view'}`);
}

describe('Real VNC end to end: Xvfb + x11vnc, the real agent, the relay and noVNC in Chromium', () => {
  let room: RealVncRoom | undefined;
  let browser: BrowserSession | undefined;
  let server: RunningServer | undefined;
  let desktop: VncDesktop | undefined;
  let api: E2eApi;
  let roomId = '';
  let viewSessionId = '';
  let controlSessionId = '';
  const diagnostics = () => room?.diagnostics() ?? '';

  beforeAll(async () => {
    room = await realVncRoom({ roomName: ROOM_NAME, siteName: 'Real VNC site', token: { maxUses: 5, region: 'e2e', label: 'Real VNC console' } });
    ({ server, desktop, api, roomId } = room);
    // A group, a user in it, and a role granting Remote access Modify on that room only.
    await grantOnRoom(api, roomId, USER, {
      name: 'Real console remote control',
      description: 'Remote access Modify on the real console only',
      permissions: { rooms: 'view', incidents: 'view', remoteAccess: 'modify' },
      group: 'Real VNC operators',
    });

    browser = await openBrowser(server.url);
    // Room for a busy machine (two cores, several suites): waits, never speed checks.
    browser.context.setDefaultTimeout(45_000);
    await browser.context.addInitScript(CAPTURE_SOCKETS);
    await signIn(browser.page, USER.email, USER.password);
  });

  afterAll(async () => {
    // Everything we started, whatever happened.
    await stopAll([
      ['browser', browser?.close],
      ['room', room?.dispose],
    ]);
  });

  it('runs as the executable: reports its version, platform and health to the server', async () => {
    const view = await api.call<{ agentVersion: string; platform: string; connected: boolean; capabilities: { vnc: boolean } }>('GET', `/rooms/${roomId}/agent`);
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'agent/package.json'), 'utf8')) as { version: string };
    expect(view).toMatchObject({ agentVersion: pkg.version, platform: 'linux', connected: true, capabilities: { vnc: true } });
    await expect
      .poll(async () => (await api.call<{ items: Array<{ name: string }> }>('GET', `/rooms/${roomId}/signals`)).items.map((s) => s.name), { timeout: 30_000 })
      .toEqual(expect.arrayContaining(['cpu', 'memory', 'disk', 'uptime', 'network']));
  });

  it('shows the room screen live in a Control session, and a click there moves the remote pointer', async () => {
    if (!browser || !desktop) throw new Error('not set up');
    const { page } = browser;
    controlSessionId = await startSessionInPortal(page, roomId, 'Control', diagnostics);
    expect(await page.getByTestId('view-only-badge').count()).toBe(0);

    // The remote screen is the known picture: xlogo on red covers the whole display.
    await expect.poll(() => colourShare(page, 'remote-01-control-canvas'), { timeout: 20_000, interval: 1000 }).toBeGreaterThan(0.7);
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
    viewSessionId = await startSessionInPortal(page, roomId, 'View only', diagnostics);
    await page.getByTestId('view-only-badge').waitFor();
    await expect.poll(() => colourShare(page, 'remote-03-view-canvas'), { timeout: 20_000, interval: 1000 }).toBeGreaterThan(0.7);
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

