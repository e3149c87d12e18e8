// Issue 13, DESIGN "Remote session" 9 and 10 in the browser.
// Which screen: two real X displays (Xvfb), one red and one blue, each served by its own
// x11vnc with its own VNC password; the built agent executable, alone with no Node.js on
// its PATH, bridges both (`--vnc front=… --vnc whiteboard=…`, one password file for all
// and one for the whiteboard). The room page lists the displays, the Start session
// dialog offers them, and the screen chosen is the one shown (checked from the pixels).
// Not during a meeting: a simulated room forced into a meeting; the room page and the
// dialog say so before Start, Start waits for a reason, and the override with its reason
// is in the audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type Fleet } from '@roomwarden/sim';
import type { E2eApi } from './support/api.ts';
import { openBrowser, screenshot, signIn, type BrowserSession } from './support/browser.ts';
import { realVncRoom, type RealVncRoom } from './support/real-vnc-room.ts';
import { colourShare, openStartDialog, waitViewerConnected } from './support/remote-viewer.ts';
import { stopAll, waitUntil } from './support/x11-vnc.ts';

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

describe('Not during a meeting, and which screen: the Start session dialog', () => {
  let room: RealVncRoom | undefined;
  let fleet: Fleet | undefined;
  let browser: BrowserSession | undefined;
  let api: E2eApi;
  let roomId = '';
  let meetingRoomId = '';
  const diagnostics = () => room?.diagnostics() ?? '';

  beforeAll(async () => {
    // Two screens: one password file for all (the front's), and the whiteboard's own.
    room = await realVncRoom({
      roomName: ROOM_NAME,
      displays: { front: { background: '#ff0000', password: 'front-pw' }, whiteboard: { background: '#0000ff', password: 'board-pw' } },
      token: { maxUses: 5, label: 'Two screens and a meeting' },
    });
    ({ api, roomId } = room);

    // A simulated room, forced into a meeting.
    fleet = await startFleet({ server: room.server.url, token: room.enrollmentToken, rooms: 1, failureRate: 0, probeIntervalMs: 1000, vnc: true, twoDisplaysEvery: 0, seed: 13 });
    const sim = fleet.rooms[0];
    if (!sim) throw new Error('no simulated room');
    sim.probe.forceMeeting(true);
    meetingRoomId = sim.credentials.roomId;

    const meetingRoom = await api.call<Room>('GET', `/rooms/${meetingRoomId}`);
    if (!meetingRoom.remoteAccessAllowed) await api.call('PATCH', `/rooms/${meetingRoomId}`, { remoteAccessAllowed: true });
    await waitUntil(async () => (await api.call<Room>('GET', `/rooms/${meetingRoomId}`)).status !== 'offline', 60_000, `room ${meetingRoomId} online`).catch((err: unknown) => {
      throw new Error(`${(err as Error).message}\n${diagnostics()}`);
    });
    await waitUntil(
      async () => (await api.call<Array<{ name: string; value: string | null }> | { items: Array<{ name: string; value: string | null }> }>('GET', `/rooms/${meetingRoomId}/signals`).then((r) => (Array.isArray(r) ? r : r.items))).some((s) => s.name === 'inMeeting' && s.value === 'true'),
      30_000,
      'the simulated room in a meeting',
    );

    browser = await openBrowser(room.server.url);
    browser.context.setDefaultTimeout(45_000);
    await signIn(browser.page, room.server.adminEmail, room.server.adminPassword);
  });

  afterAll(async () => {
    // Everything started, each step on its own so one failure does not leave the rest running.
    await stopAll([
      ['browser', browser?.close],
      ['fleet', fleet?.stop],
      ['room', room?.dispose],
    ]);
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
    const onWhiteboard = await waitViewerConnected(page, diagnostics);
    await expect.poll(() => colourShare(page, 'meeting-displays-02-whiteboard-screen', 'blue'), { timeout: 30_000 }).toBeGreaterThan(0.5);
    expect(await colourShare(page, 'meeting-displays-02-whiteboard-screen', 'red')).toBeLessThan(0.05);
    expect(await api.call<{ display: string }>('GET', `/sessions/${onWhiteboard}`)).toMatchObject({ display: 'whiteboard' });
    await api.call('DELETE', `/sessions/${onWhiteboard}`);

    // The default, untouched: the front of the room.
    await openStartDialog(page, roomId);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    const onFront = await waitViewerConnected(page, diagnostics);
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
    const id = await waitViewerConnected(page, diagnostics);
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
