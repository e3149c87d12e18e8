// Issue 13, point 7 ("One controller at a time", observers), end to end: a real X display
// (Xvfb + a full-screen red xlogo) served by x11vnc, the built agent executable, the real
// server and two Chromiums. The controller (Remote access Modify) starts a Control session;
// a second user (Remote access View) opens the room's Start session dialog, which says who
// is connected before anyone clicks, and joins as an observer: the observer sees the screen
// (pixels of the canvas), the observer's pointer never reaches the room while the
// controller's does (xdotool), the controller's toolbar lists who is watching, a second
// control start is refused with SESSION_IN_PROGRESS, and the join and the leave are audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { E2eApi } from './support/api.ts';
import { openBrowser, screenshot, signIn, type BrowserSession } from './support/browser.ts';
import { grantOnRoom, realVncRoom, type RealVncRoom } from './support/real-vnc-room.ts';
import { CAPTURE_SOCKETS, colourShare, openStartDialog, pagePoint, pointerReaches, sendRawPointer, waitViewerConnected } from './support/remote-viewer.ts';
import { stopAll, type VncDesktop } from './support/x11-vnc.ts';

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

describe('One controller at a time, and observers: two users on one real console', () => {
  let room: RealVncRoom | undefined;
  let desktop: VncDesktop | undefined;
  let controller: BrowserSession | undefined;
  let watcher: BrowserSession | undefined;
  let api: E2eApi;
  let roomId = '';
  let sessionId = '';
  const diagnostics = () => room?.diagnostics() ?? '';

  beforeAll(async () => {
    room = await realVncRoom({ roomName: ROOM_NAME, token: { maxUses: 1, label: 'Observed console' }, tmpPrefix: 'roomwarden-observers-e2e-' });
    ({ api, desktop, roomId } = room);
    for (const [user, remoteAccess] of [
      [CONTROLLER, 'modify'],
      [WATCHER, 'view'],
    ] as const) {
      await grantOnRoom(api, roomId, user, {
        name: `Observed console ${remoteAccess}`,
        description: `Remote access ${remoteAccess} on the observed console`,
        permissions: { rooms: 'view', incidents: 'view', remoteAccess },
      });
    }

    controller = await openBrowser(room.server.url);
    watcher = await openBrowser(room.server.url);
    for (const b of [controller, watcher]) {
      b.context.setDefaultTimeout(45_000);
      await b.context.addInitScript(CAPTURE_SOCKETS);
    }
    await signIn(controller.page, CONTROLLER.email, CONTROLLER.password);
    await signIn(watcher.page, WATCHER.email, WATCHER.password);
  });

  afterAll(async () => {
    await stopAll([
      ['controller browser', controller?.close],
      ['watcher browser', watcher?.close],
      ['room', room?.dispose],
    ]);
  });

  it('the controller starts a Control session and sees the room', async () => {
    const page = controller!.page;
    await openStartDialog(page, roomId);
    await page.getByRole('radio', { name: /^Control/ }).check();
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    sessionId = await waitViewerConnected(page, diagnostics);
    await expect.poll(() => colourShare(page, 'observers-01-controller-canvas'), { timeout: 20_000, interval: 1000 }).toBeGreaterThan(0.7);
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
    expect(await waitViewerConnected(page, diagnostics)).toBe(sessionId);
    expect(await page.getByTestId('view-only-badge').textContent()).toContain('Watching');
    await expect.poll(() => colourShare(page, 'observers-03-observer-canvas'), { timeout: 20_000, interval: 1000 }).toBeGreaterThan(0.7);
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
