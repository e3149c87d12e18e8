// The whole chain on one machine, no test doubles: the real gateway, a simulated room
// running the real agent library (VNC bridge with VNC password authentication) against
// the simulator's RFB server, the relay, and an RFB viewer over the viewer WebSocket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RING_COLOUR } from '@roomwarden/agent';
import { buildKeyEvent, buildPointerEvent } from '@roomwarden/protocol';
import { connectWsViewer, startFleet, type Fleet } from '@roomwarden/sim';
import { waitFor } from './agents-helpers.ts';
import { enableRemoteAccess, sessionOf, sessionsApp, startSession, wsUrl, type SessionsApp } from './sessions-helpers.ts';

let g: SessionsApp;
let fleet: Fleet;
let roomId: string;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

beforeAll(async () => {
  g = await sessionsApp({}, { realGateway: true });
  await enableRemoteAccess(g.admin);
  const token = await g.admin.post('enrollment-tokens', { maxUses: 5 });
  fleet = await startFleet({ server: g.base, token: token.body.token, rooms: 1, vnc: true, logger: quiet });
  roomId = fleet.rooms[0]!.credentials.roomId;
  await waitFor(async () => (await g.t.agentLink.presence(roomId)).vnc, 15_000, 'agent online with VNC');
});
afterAll(async () => {
  await fleet?.stop();
  await g?.t.dispose();
});

const typed = () => fleet.rooms[0]!.rfb!.inspect().typed;

describe('a simulated room end to end', () => {
  it('control: the screen arrives, keys reach the room, and ending closes the viewer', async () => {
    const started = await startSession(g.admin, roomId, 'control');
    const viewer = await connectWsViewer(wsUrl(g.base, started.viewerUrl));
    await viewer.waitFor((e) => e.type === 'serverInit', 10_000, true);
    viewer.requestUpdate(false);
    const update = await viewer.waitFor((e) => e.type === 'framebufferUpdate', 10_000, true);
    expect(update.type === 'framebufferUpdate' && update.rects.length).toBeGreaterThan(0);
    expect(await sessionOf(g.admin, started.id)).toMatchObject({ state: 'active' });

    viewer.send(buildKeyEvent(true, 0x71)); // q
    viewer.send(buildKeyEvent(false, 0x71));
    viewer.requestUpdate(true);
    await waitFor(() => typed().includes('q'), 10_000, 'typed q');

    expect((await g.admin.delete(`sessions/${started.id}`)).body).toMatchObject({ state: 'ended', endReason: 'ended_by_user' });
    await viewer.waitForClose(5_000);
    const ended = await sessionOf(g.admin, started.id);
    expect(ended.bytesToViewer).toBeGreaterThan(update.type === 'framebufferUpdate' ? update.bytes : 0);
    expect(ended.bytesFromViewer).toBeGreaterThan(0);
  });

  it('the room knows: its screen shows the ring naming the controller while the session is live, and not after', async () => {
    expect(fleet.rooms[0]!.rfb!.inspect().notice).toBeNull();
    const started = await startSession(g.admin, roomId, 'control');
    const viewer = await connectWsViewer(wsUrl(g.base, started.viewerUrl));
    await viewer.waitFor((e) => e.type === 'serverInit', 10_000, true);
    const label = (await sessionOf(g.admin, started.id)).userLabel as string;
    expect(fleet.rooms[0]!.rfb!.inspect().notice).toBe(`Remote session: ${label} (control)`);
    // What the viewer sees of the room's screen: the ring on its left edge.
    viewer.requestUpdate(false);
    await viewer.waitFor((e) => e.type === 'framebufferUpdate', 10_000, true);
    expect(viewer.pixel(1, 300)).toBe(RING_COLOUR);
    await g.admin.delete(`sessions/${started.id}`);
    await viewer.waitForClose(5_000);
    await waitFor(() => fleet.rooms[0]!.rfb!.inspect().notice === null, 5_000, 'the notice taken down');
  });

  it('view only: the screen arrives, keys and clicks do not reach the room', async () => {
    const started = await startSession(g.admin, roomId, 'view');
    const viewer = await connectWsViewer(wsUrl(g.base, started.viewerUrl));
    await viewer.waitFor((e) => e.type === 'serverInit', 10_000, true);
    viewer.requestUpdate(false);
    await viewer.waitFor((e) => e.type === 'framebufferUpdate', 10_000, true);
    const before = fleet.rooms[0]!.rfb!.inspect();
    viewer.send(buildKeyEvent(true, 0x7a)); // z
    viewer.send(buildKeyEvent(false, 0x7a));
    viewer.send(buildPointerEvent(1, 40, 40));
    viewer.send(buildPointerEvent(0, 40, 40));
    // A request sent after the input: once its answer is back, the input would have been applied.
    const seen = viewer.updates;
    viewer.requestUpdate(false);
    await waitFor(() => viewer.updates > seen, 10_000, 'update after the input');
    const after = fleet.rooms[0]!.rfb!.inspect();
    expect(after.typed).toBe(before.typed);
    expect(after.clicks).toEqual(before.clicks);
    expect(await sessionOf(g.admin, started.id)).toMatchObject({ state: 'active', mode: 'view' });
    viewer.close();
    await waitFor(async () => (await sessionOf(g.admin, started.id)).endReason === 'viewer_closed', 8_000, 'viewer_closed');
  });
});
