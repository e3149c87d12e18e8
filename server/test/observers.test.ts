// One controller at a time, and observers (DESIGN Remote session 7), over the REST API and
// real WebSockets: a second control start is refused with SESSION_IN_PROGRESS (also when two
// race), anyone with Remote access View joins a live session as an observer on a pair of
// their own (one-time tickets, input dropped, the controller's passes), a slow observer is
// dropped while the controller keeps flowing, and joins and leaves are audited.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFramebufferUpdateRequest, buildKeyEvent, buildPointerEvent, buildProtocolVersion, noPermissions } from '@roomwarden/protocol';
import { waitFor } from './agents-helpers.ts';
import { makeRoom, userWithRole } from './support/factories.ts';
import { Peer, auditEntriesFor, connectBoth, enableRemoteAccess, roomAndUser, sessionOf, sessionsApp, startSession, upgradeStatus, wsUrl, type SessionsApp } from './sessions-helpers.ts';

let s: SessionsApp;
beforeAll(async () => {
  s = await sessionsApp({ sessionObserverStallMs: 300 });
  await enableRemoteAccess(s.admin);
});
afterAll(async () => s?.t.dispose());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const handshake = Buffer.concat([buildProtocolVersion(), Buffer.from([1]), Buffer.from([1])]);
const fbur = buildFramebufferUpdateRequest({ incremental: true, x: 0, y: 0, width: 640, height: 480 });

interface Joined {
  observerId: string;
  sessionId: string;
  viewerUrl: string;
  ticketExpiresAt: string;
}

async function join(client: Parameters<typeof startSession>[0], sessionId: string): Promise<Joined> {
  const res = await client.post(`sessions/${sessionId}/observers`);
  if (res.status !== 201) throw new Error(`join: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Joined;
}

/** The observer's two sockets: their viewer, and the agent's extra data connection for them. */
async function connectObserver(joined: Joined) {
  const agent = new Peer(s.link.observeFor(joined.observerId).relayUrl);
  await agent.opened;
  const viewer = new Peer(wsUrl(s.base, joined.viewerUrl));
  await viewer.opened;
  return { agent, viewer };
}

/** A live control session in a fresh room, its controller's sockets, and a second user with View on the room. */
async function liveControlSession() {
  const { room, client, user } = await roomAndUser(s, 'modify');
  const started = await startSession(client, room.id, 'control');
  const controller = await connectBoth(s, started);
  await waitFor(async () => (await sessionOf(client, started.id)).state === 'active', 8_000, 'active');
  const watcher = await userWithRole(s.t.app, s.admin, { permissions: { remoteAccess: 'view' }, roomIds: [room.id] });
  return { room, client, user, started, controller, watcher };
}

describe('one controller at a time', () => {
  it('refuses a second control start with SESSION_IN_PROGRESS naming who is connected; view starts still work; free again once it ends', async () => {
    const { room, client, user } = await roomAndUser(s, 'modify');
    const first = await startSession(client, room.id, 'control');
    const second = await userWithRole(s.t.app, s.admin, { permissions: { remoteAccess: 'modify' }, roomIds: [room.id] });
    const refused = await second.client.post(`rooms/${room.id}/sessions`, { mode: 'control' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('SESSION_IN_PROGRESS');
    expect(refused.body.error.message).toContain(user.email);
    expect(refused.body.error.details).toEqual({ sessionId: first.id, userLabel: expect.stringContaining(user.email), mode: 'control' });
    // the same user, too: one controller per room
    expect((await client.post(`rooms/${room.id}/sessions`, { mode: 'control' })).body.error.code).toBe('SESSION_IN_PROGRESS');
    // who is connected is on the room's live sessions before anyone clicks
    const live = await second.client.get(`rooms/${room.id}/sessions?state=live`);
    expect(live.body.items).toEqual([expect.objectContaining({ id: first.id, mode: 'control', userLabel: expect.stringContaining(user.email), observers: [] })]);
    // a view session is no controller
    expect((await second.client.post(`rooms/${room.id}/sessions`, { mode: 'view' })).status).toBe(201);
    // the refusals wrote no session.start
    expect((await auditEntriesFor(s.admin, 'session.start', first.id))).toHaveLength(1);
    expect((await client.delete(`sessions/${first.id}`)).status).toBe(200);
    expect((await second.client.post(`rooms/${room.id}/sessions`, { mode: 'control' })).status).toBe(201);
  });

  it('lets exactly one of two concurrent control starts win (the database decides)', async () => {
    const room = await makeRoom(s.admin, { remoteAccessAllowed: true });
    s.link.setOnline(room.id);
    const racers = await Promise.all([0, 1, 2, 3].map(() => userWithRole(s.t.app, s.admin, { permissions: { remoteAccess: 'modify' }, roomIds: [room.id] })));
    const answers = await Promise.all(racers.map((r) => r.client.post(`rooms/${room.id}/sessions`, { mode: 'control' })));
    const won = answers.filter((a) => a.status === 201);
    const lost = answers.filter((a) => a.status !== 201);
    expect(won).toHaveLength(1);
    expect(lost.map((a) => [a.status, a.body.error.code])).toEqual([
      [409, 'SESSION_IN_PROGRESS'],
      [409, 'SESSION_IN_PROGRESS'],
      [409, 'SESSION_IN_PROGRESS'],
    ]);
    for (const a of lost) expect(a.body.error.details.sessionId).toBe(won[0]!.body.id);
    const starts = await s.admin.get(`audit?action=session.start&limit=50`);
    expect(starts.body.items.filter((e: { details: { roomId: string } }) => e.details.roomId === room.id)).toHaveLength(1);
  });
});

describe('observers', () => {
  it('join with a one-time ticket of their own, see the stream, and their input never reaches the room while the controller’s does', async () => {
    const { started, controller, watcher, client } = await liveControlSession();
    const joined = await join(watcher.client, started.id);
    expect(joined).toEqual({ observerId: expect.any(String), sessionId: started.id, viewerUrl: expect.stringContaining(`/api/v1/sessions/${started.id}/viewer?ticket=`), ticketExpiresAt: expect.any(String) });
    const observe = s.link.observeFor(joined.observerId);
    expect(observe).toMatchObject({ type: 'session.observe', sessionId: started.id, observerId: joined.observerId });
    expect(observe.relayUrl).toContain(`/api/v1/sessions/${started.id}/agent?ticket=`);
    // the agent's notice names everyone
    const viewers = await waitFor(() => s.link.viewersFor(started.id).at(-1), 4_000, 'session.viewers');
    expect(viewers.viewers).toEqual([
      { name: expect.stringContaining('@'), control: true },
      { name: expect.stringContaining(watcher.user.email), control: false },
    ]);

    const observer = await connectObserver(joined);
    // the ticket worked once
    expect(await upgradeStatus(wsUrl(s.base, joined.viewerUrl))).toBe(401);

    // the screen reaches both, each on its own stream
    const screen = Buffer.from('RFB 003.008\n');
    controller.agent.send(screen);
    observer.agent.send(screen);
    await waitFor(() => controller.viewer.received === screen.length && observer.viewer.received === screen.length, 8_000, 'screen to both');

    // the observer's input is dropped; its update requests pass
    observer.viewer.send(handshake);
    observer.viewer.send(Buffer.concat([fbur, buildKeyEvent(true, 0x61), buildPointerEvent(1, 10, 10), fbur]));
    const expected = Buffer.concat([handshake, fbur, fbur]);
    await waitFor(() => observer.agent.received === expected.length, 8_000, 'observer bytes');
    // the controller's input reaches the room
    const key = buildKeyEvent(true, 0x62);
    controller.viewer.send(key);
    await waitFor(() => controller.agent.received === key.length, 8_000, 'controller key');
    await sleep(100);
    expect(observer.agent.bytes().equals(expected)).toBe(true);
    expect(controller.agent.bytes().equals(key)).toBe(true);

    // listed on the session, for the controller and the observer
    const view = await sessionOf(client, started.id);
    expect(view.observers).toEqual([{ id: joined.observerId, userId: watcher.user.id, userLabel: expect.stringContaining(watcher.user.email), joinedAt: expect.any(String), leftAt: null, leaveReason: null }]);
    const joins = await auditEntriesFor(s.admin, 'session.observer.join', started.id);
    expect(joins).toHaveLength(1);
    expect(joins[0]!.details).toMatchObject({ observerId: joined.observerId, observerUserId: watcher.user.id, mode: 'control' });

    // the observer closes: the leave is audited, the session goes on, the notice follows
    observer.viewer.ws.close();
    const left = await waitFor(async () => (await sessionOf(client, started.id)).observers[0].leftAt, 8_000, 'observer left');
    expect(left).toEqual(expect.any(String));
    expect((await sessionOf(client, started.id)).observers[0].leaveReason).toBe('observer_closed');
    await observer.agent.closed;
    expect((await sessionOf(client, started.id)).state).toBe('active');
    const leaves = await auditEntriesFor(s.admin, 'session.observer.leave', started.id);
    expect(leaves.map((e) => e.details)).toEqual([expect.objectContaining({ reason: 'observer_closed', observerId: joined.observerId, bytesToViewer: screen.length, bytesFromViewer: handshake.length + fbur.length * 2 + 8 + 6 })]);
    await waitFor(() => s.link.viewersFor(started.id).at(-1)?.viewers.length === 1, 4_000, 'session.viewers after the leave');

    // a second observer is still with us when the session ends: session.end lists both
    const again = await join(watcher.client, started.id);
    const second = await connectObserver(again);
    expect((await client.delete(`sessions/${started.id}`)).status).toBe(200);
    await second.viewer.closed;
    const [end] = await auditEntriesFor(s.admin, 'session.end', started.id);
    expect(end!.details.observers).toEqual([
      expect.objectContaining({ observerId: joined.observerId, userId: watcher.user.id, leftAt: expect.any(String) }),
      expect.objectContaining({ observerId: again.observerId, userId: watcher.user.id, leftAt: expect.any(String) }),
    ]);
    const secondLeave = (await auditEntriesFor(s.admin, 'session.observer.leave', started.id)).find((e) => e.details.observerId === again.observerId);
    expect(secondLeave?.details.reason).toBe('session_ended');
  });

  it('drops a slow observer (observer_too_slow) while the controller keeps flowing', async () => {
    const { started, controller, watcher, client } = await liveControlSession();
    const joined = await join(watcher.client, started.id);
    const observer = await connectObserver(joined);
    // The observer's viewer reads nothing from now on.
    (observer.viewer.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const stalledAt = Date.now();
    const chunk = Buffer.alloc(64 * 1024, 7);
    let sentToObserver = 0;
    let controllerSent = 0;
    const deadline = Date.now() + 15_000;
    while (observer.agent.ws.readyState === observer.agent.ws.OPEN && Date.now() < deadline) {
      if (observer.agent.ws.bufferedAmount < 2 * 1024 * 1024) {
        observer.agent.send(chunk);
        sentToObserver += chunk.length;
      }
      controller.agent.send(chunk);
      controllerSent += chunk.length;
      await waitFor(() => controller.viewer.received >= controllerSent - 4 * chunk.length, 8_000, 'controller keeps up');
      await sleep(2);
    }
    const leave = await waitFor(async () => (await auditEntriesFor(s.admin, 'session.observer.leave', started.id))[0], 8_000, 'slow observer dropped');
    expect(leave.details).toMatchObject({ reason: 'observer_too_slow', observerId: joined.observerId });
    expect(sentToObserver).toBeGreaterThan(1024 * 1024);
    // Figures for the record, not assertions: how long a stalled observer lasted, and what the controller got meanwhile.
    console.info(`slow observer dropped ${Date.now() - stalledAt} ms after it stopped reading (stall limit 300 ms); controller relayed ${(controllerSent / 1048576).toFixed(1)} MiB meanwhile, observer's agent sent ${(sentToObserver / 1048576).toFixed(1)} MiB`);
    // the controller's stream went on at its pace, and goes on after the drop
    const more = Buffer.alloc(256 * 1024, 9);
    controller.agent.send(more);
    await waitFor(() => controller.viewer.received === controllerSent + more.length, 8_000, 'controller after the drop');
    const view = await sessionOf(client, started.id);
    expect(view.state).toBe('active');
    expect(view.observers[0]).toMatchObject({ id: joined.observerId, leaveReason: 'observer_too_slow' });
  });

  it('refuses a session that is not live, one the caller cannot see, and callers without View on its room', async () => {
    const { room, client, started, controller, watcher } = await liveControlSession();
    // no remote access at all: refused at the route
    const { client: noRemote } = await userWithRole(s.t.app, s.admin, { permissions: { rooms: 'view' }, roomIds: [room.id] });
    const none = await noRemote.post(`sessions/${started.id}/observers`);
    expect([none.status, none.body.error.code]).toEqual([403, 'FORBIDDEN']);
    // Remote access on another room: this session does not exist for them
    const elsewhere = await makeRoom(s.admin);
    const { client: other } = await userWithRole(s.t.app, s.admin, { permissions: { remoteAccess: 'modify' }, roomIds: [elsewhere.id] });
    expect((await other.post(`sessions/${started.id}/observers`)).status).toBe(404);
    expect((await watcher.client.post(`sessions/${randomUUID()}/observers`)).status).toBe(404);
    // remote access turned off
    await s.admin.put('settings/general', { remoteAccessEnabled: false });
    await controller.viewer.closed;
    await enableRemoteAccess(s.admin);
    // the session has ended
    const endedJoin = await watcher.client.post(`sessions/${started.id}/observers`);
    expect([endedJoin.status, endedJoin.body.error.code]).toEqual([409, 'SESSION_NOT_ACTIVE']);
    const disabled = await startSession(client, room.id, 'control');
    await s.admin.put('settings/general', { remoteAccessEnabled: false });
    const off = await watcher.client.post(`sessions/${disabled.id}/observers`);
    expect([off.status, off.body.error.code]).toEqual([409, 'REMOTE_ACCESS_DISABLED']);
    await enableRemoteAccess(s.admin);
  });

  it('refuses an observer without View on the room, a join the agent cannot take, and more than 8 at once', async () => {
    const { started, watcher } = await liveControlSession();
    // A user who can see the session (their own) but holds View on another room only.
    const { room: own, client: ownerClient, user: owner, roleId } = await roomAndUser(s, 'modify');
    const elsewhere = await makeRoom(s.admin);
    await s.admin.post('roles', { name: `obs-elsewhere-${owner.id}`, permissions: { ...noPermissions(), remoteAccess: 'view' }, assignments: [{ groupIds: [], userIds: [owner.id], scope: { allRooms: false, siteIds: [], roomIds: [elsewhere.id] } }] });
    const mine = await startSession(ownerClient, own.id, 'control');
    expect((await s.admin.delete(`roles/${roleId}`)).status).toBe(204);
    const notPermitted = await ownerClient.post(`sessions/${mine.id}/observers`);
    expect([notPermitted.status, notPermitted.body.error.code]).toEqual([403, 'REMOTE_ACCESS_NOT_PERMITTED']);

    // The agent went away between the check and the send: refused, and the observer is gone (audited).
    s.link.deliver = false;
    const offline = await watcher.client.post(`sessions/${started.id}/observers`);
    s.link.deliver = true;
    expect([offline.status, offline.body.error.code]).toEqual([409, 'AGENT_OFFLINE']);
    const leaves = await auditEntriesFor(s.admin, 'session.observer.leave', started.id);
    expect(leaves.map((e) => e.details.reason)).toEqual(['agent_unreachable']);

    // At most 8 observers at once.
    for (let i = 0; i < 8; i++) await join(watcher.client, started.id);
    const ninth = await watcher.client.post(`sessions/${started.id}/observers`);
    expect([ninth.status, ninth.body.error.code]).toEqual([409, 'CONFLICT']);
    expect((await sessionOf(s.admin, started.id)).observers.filter((o: { leftAt: string | null }) => o.leftAt === null)).toHaveLength(8);
  });

  it('drops an observer who loses View (the re-check), and the session goes on', async () => {
    const { started, watcher, client } = await liveControlSession();
    const joined = await join(watcher.client, started.id);
    const observer = await connectObserver(joined);
    expect((await s.admin.delete(`roles/${watcher.roleId}`)).status).toBe(204);
    await observer.viewer.closed;
    const leave = await waitFor(async () => (await auditEntriesFor(s.admin, 'session.observer.leave', started.id))[0], 8_000, 'observer dropped');
    expect(leave.details.reason).toBe('permission_withdrawn');
    expect((await sessionOf(client, started.id)).state).toBe('active');
  });
});
