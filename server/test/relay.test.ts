// The session relay over real WebSockets: a viewer client and a client playing the
// agent's data connection (and, at the end, a scripted agent on the real gateway).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildClientCutText,
  buildFramebufferUpdateRequest,
  buildKeyEvent,
  buildPointerEvent,
  buildProtocolVersion,
  buildSetEncodings,
  noPermissions,
} from '@roomwarden/protocol';
import type { BusEvent } from '../src/bus/event-bus.ts';
import { HIGH_WATER } from '../src/sessions/session-relay.ts';
import { TestAgent, enroll, waitFor } from './agents-helpers.ts';
import { userWithRole } from './support/factories.ts';
import {
  Peer,
  auditEntriesFor,
  connectBoth,
  enableRemoteAccess,
  roomAndUser,
  sessionOf,
  sessionsApp,
  startSession,
  upgradeStatus,
  wsUrl,
  type SessionsApp,
} from './sessions-helpers.ts';

let s: SessionsApp;
const events: Array<BusEvent & { session?: { id: string; state: string } }> = [];
beforeAll(async () => {
  s = await sessionsApp({ sessionMinuteMs: 1_000, sessionTicketTtlMs: 3_000, sessionPairTimeoutMs: 3_000, sessionPendingTimeoutMs: 20_000 });
  s.t.bus.subscribe((e) => {
    if (e.type.startsWith('session.')) events.push(e as BusEvent & { session?: { id: string; state: string } });
  });
  await enableRemoteAccess(s.admin);
});
afterAll(async () => s?.t.dispose());

const ended = (id: string, what = 'session end') => waitFor(async () => ((await sessionOf(s.admin, id)).state === 'ended' ? sessionOf(s.admin, id) : undefined), 10_000, what);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('piping', () => {
  it('pipes bytes both ways, counts them, marks the session active, and ends when the viewer closes', async () => {
    const { room, client } = await roomAndUser(s, 'modify');
    const started = await startSession(client, room.id, 'control');
    const { agent, viewer } = await connectBoth(s, started);
    await waitFor(async () => (await sessionOf(client, started.id)).state === 'active', 8_000, 'active');

    const toViewer = [Buffer.from('RFB 003.008\n'), Buffer.alloc(70_000, 7), Buffer.from([1, 2, 3])];
    const fromViewer = [Buffer.from('RFB 003.008\n'), Buffer.from([1, 1]), buildPointerEvent(0, 5, 5)];
    toViewer.forEach((b) => agent.send(b));
    fromViewer.forEach((b) => viewer.send(b));
    const nTo = toViewer.reduce((n, b) => n + b.length, 0);
    const nFrom = fromViewer.reduce((n, b) => n + b.length, 0);
    await waitFor(() => viewer.received === nTo && agent.received === nFrom, 8_000, 'bytes');
    expect(viewer.bytes().equals(Buffer.concat(toViewer))).toBe(true);
    expect(agent.bytes().equals(Buffer.concat(fromViewer))).toBe(true);
    const live = await sessionOf(client, started.id);
    expect(live).toMatchObject({ state: 'active', bytesToViewer: nTo, bytesFromViewer: nFrom });
    expect(live.connectedAt).toEqual(expect.any(String));

    viewer.ws.close();
    expect((await agent.closed).reason).toBe('viewer_closed');
    expect(await ended(started.id)).toMatchObject({ endReason: 'viewer_closed', bytesToViewer: nTo, bytesFromViewer: nFrom });
    const ends = await auditEntriesFor(s.admin, 'session.end', started.id);
    expect(ends).toHaveLength(1);
    expect(ends[0]!.details).toMatchObject({ reason: 'viewer_closed', bytesToViewer: nTo, bytesFromViewer: nFrom, mode: 'control' });
    const mine = events.filter((e) => e.session?.id === started.id);
    expect(mine.map((e) => [e.type, e.session?.state])).toEqual([
      ['session.started', 'pending'],
      ['session.updated', 'active'],
      ['session.ended', 'ended'],
    ]);
    expect(mine[0]).toMatchObject({ roomId: room.id, siteId: room.siteId });
    const metrics = String((await s.admin.get('/metrics')).body);
    const figure = (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(metrics)?.[1]);
    expect(figure('roomwarden_relay_bytes_total\\{direction="to_viewer"\\}')).toBeGreaterThanOrEqual(nTo);
    expect(figure('roomwarden_remote_sessions_ended_total')).toBeGreaterThanOrEqual(1);
  });

  it('either side may come first; what the viewer sent early reaches the agent', async () => {
    const { room, client } = await roomAndUser(s, 'modify');
    const started = await startSession(client, room.id, 'control');
    const viewer = new Peer(wsUrl(s.base, started.viewerUrl));
    await viewer.opened;
    viewer.send(Buffer.from('early bytes'));
    await sleep(100);
    const agent = new Peer(s.link.openFor(started.id).relayUrl);
    await agent.opened;
    await waitFor(() => agent.received === 11, 8_000, 'early bytes');
    expect(agent.bytes().toString()).toBe('early bytes');
    agent.ws.close();
    await viewer.closed;
  });

  it('ending a session whose agent came but whose viewer has not yet is a clean end, not an error', async () => {
    const { room, client } = await roomAndUser(s, 'modify');
    const started = await startSession(client, room.id, 'control');
    const agent = new Peer(s.link.openFor(started.id).relayUrl);
    await agent.opened;
    const res = await client.delete(`sessions/${started.id}`);
    expect(res.status).toBe(200);
    await agent.closed;
    expect((await ended(started.id)).endReason).toBe('ended_by_user');
  });

  it('a viewer whose agent never comes ends the session, and is told why', async () => {
    const { room, client } = await roomAndUser(s, 'modify');
    const started = await startSession(client, room.id, 'control');
    const viewer = new Peer(wsUrl(s.base, started.viewerUrl));
    await viewer.opened;
    expect((await viewer.closed).reason).toBe('agent_never_connected');
    expect((await ended(started.id)).endReason).toBe('agent_never_connected');
    // told in RFB terms too (noVNC shows a security failure with the reason)
    const said = viewer.bytes();
    expect([said.subarray(0, 12).toString(), said[12], said.readUInt32BE(13), said.subarray(17).toString()]).toEqual([
      'RFB 003.008\n',
      0,
      'Session ended: agent_never_connected'.length,
      'Session ended: agent_never_connected',
    ]);
  });
});

describe('tickets and the viewer cookie', () => {
  it('a ticket works once, only for its session and side, only before it expires', async () => {
    const { room, client } = await roomAndUser(s, 'modify');
    const one = await startSession(client, room.id, 'control');
    const two = await startSession(client, room.id, 'view'); // one controller at a time: the others are view sessions
    const ticketOf = (url: string) => url.split('ticket=')[1]!;
    // another session's path: refused, and the ticket is used up by the attempt
    expect(await upgradeStatus(wsUrl(s.base, `/api/v1/sessions/${two.id}/viewer?ticket=${ticketOf(one.viewerUrl)}`))).toBe(401);
    expect(await upgradeStatus(wsUrl(s.base, one.viewerUrl))).toBe(401);
    // the agent's ticket does not open the viewer side
    expect(await upgradeStatus(wsUrl(s.base, `/api/v1/sessions/${two.id}/viewer?ticket=${s.link.openFor(two.id).ticket}`))).toBe(401);
    expect(await upgradeStatus(wsUrl(s.base, `/api/v1/sessions/${two.id}/viewer`))).toBe(400);
    // used once: the second use is refused
    const viewer = new Peer(wsUrl(s.base, two.viewerUrl));
    await viewer.opened;
    expect(await upgradeStatus(wsUrl(s.base, two.viewerUrl))).toBe(401);
    viewer.ws.close();
    // expired (the test app's tickets live 3 s)
    const three = await startSession(client, room.id, 'view');
    await sleep(3_100);
    expect(await upgradeStatus(wsUrl(s.base, three.viewerUrl))).toBe(401);
    expect(await upgradeStatus(s.link.openFor(three.id).relayUrl)).toBe(401);
  });

  it("refuses a viewer carrying another user's portal cookie, and accepts the owner's", async () => {
    const { room, client } = await roomAndUser(s, 'modify');
    const { client: stranger } = await userWithRole(s.t.app, s.admin, { permissions: { remoteAccess: 'modify' }, roomIds: [room.id] });
    const first = await startSession(client, room.id, 'control');
    expect(await upgradeStatus(wsUrl(s.base, first.viewerUrl), { cookie: stranger.cookie! })).toBe(403);
    const second = await startSession(client, room.id, 'view'); // one controller at a time
    const viewer = new Peer(wsUrl(s.base, second.viewerUrl), { cookie: client.cookie! });
    await viewer.opened;
    viewer.ws.close();
  });

  it("a refusal for another user's cookie does not spend the ticket: its owner still gets in", async () => {
    const { room, client } = await roomAndUser(s, 'modify');
    const { client: stranger } = await userWithRole(s.t.app, s.admin, { permissions: { remoteAccess: 'modify' }, roomIds: [room.id] });
    const started = await startSession(client, room.id, 'control');
    expect(await upgradeStatus(wsUrl(s.base, started.viewerUrl), { cookie: stranger.cookie! })).toBe(403);
    const viewer = new Peer(wsUrl(s.base, started.viewerUrl), { cookie: client.cookie! });
    await viewer.opened;
    viewer.ws.close();
  });
});

describe('view-only sessions', () => {
  it('pass the handshake, requests and stripped encodings; drop keys, pointer and clipboard; close on an unknown message', async () => {
    const { room, client } = await roomAndUser(s, 'view');
    const started = await startSession(client, room.id, 'view');
    const { agent, viewer } = await connectBoth(s, started);
    const handshake = Buffer.concat([buildProtocolVersion(), Buffer.from([1]), Buffer.from([1])]);
    const fbur = buildFramebufferUpdateRequest({ incremental: true, x: 0, y: 0, width: 640, height: 480 });
    const cut = buildClientCutText('secret clipboard');
    const frames = [
      handshake,
      buildSetEncodings([0, 1, -223, -316, -1063131698]), // ExtendedMouseButtons and Extended Clipboard are stripped
      Buffer.concat([fbur, buildKeyEvent(true, 0x61), buildPointerEvent(1, 10, 10)]),
      cut.subarray(0, 5),
      cut.subarray(5),
      fbur.subarray(0, 4),
      fbur.subarray(4),
    ];
    frames.forEach((f) => viewer.send(f));
    const expected = Buffer.concat([handshake, buildSetEncodings([0, 1, -223]), fbur, fbur]);
    await waitFor(() => agent.received === expected.length, 8_000, 'filtered bytes');
    await sleep(100);
    expect(agent.bytes().equals(expected)).toBe(true);
    expect((await sessionOf(client, started.id)).bytesFromViewer).toBe(frames.reduce((n, f) => n + f.length, 0));

    viewer.send(Buffer.from([99, 0, 0, 0]));
    const end = await ended(started.id);
    expect(end).toMatchObject({ endReason: 'viewer_protocol_error' });
    expect(end.endMessage).toContain('unknown client message type 99');
    await Promise.all([viewer.closed, agent.closed]);
    expect(agent.received).toBe(expected.length);
  });
});

describe('backpressure', () => {
  it('pauses the agent side while the viewer does not read, keeps the server buffer bounded, and resumes', async () => {
    const { room, client } = await roomAndUser(s, 'modify');
    const started = await startSession(client, room.id, 'control');
    const { agent, viewer } = await connectBoth(s, started);
    await waitFor(async () => (await sessionOf(client, started.id)).state === 'active', 8_000, 'active');
    viewer.ws.pause(); // a viewer that stops reading
    const chunk = Buffer.alloc(64 * 1024, 0x5a);
    let sent = 0;
    const stats = () => s.t.sessions.relayStats(started.id)!;
    for (let i = 0; i < 1024 && !stats().agentPaused; i++) {
      agent.send(chunk);
      sent += chunk.length;
      if (i % 8 === 7) await sleep(5);
    }
    await waitFor(() => stats().agentPaused, 8_000, 'agent side paused');
    const atPause = stats().bytesToViewer;
    // keep pushing 8 MiB: the agent's bytes now wait in the sockets, not in the server's memory
    for (let i = 0; i < 128; i++) {
      agent.send(chunk);
      sent += chunk.length;
    }
    await sleep(300);
    const held = stats();
    expect(held.agentPaused).toBe(true);
    expect(held.viewerBufferedAmount).toBeLessThanOrEqual(HIGH_WATER + 1024 * 1024);
    expect(held.bytesToViewer).toBeLessThan(sent);
    expect(held.bytesToViewer - atPause).toBeLessThanOrEqual(1024 * 1024 + chunk.length); // at most what was already read

    viewer.ws.resume();
    await waitFor(() => viewer.received === sent, 20_000, 'every byte delivered');
    expect(stats().agentPaused).toBe(false);
    expect((await sessionOf(client, started.id)).bytesToViewer).toBe(sent);
    viewer.ws.close();
    await ended(started.id);
  });
});

describe('ends seen by the relay', () => {
  it("the agent's data side closing with a reason; the agent's failure after its last bytes", async () => {
    const { room, client } = await roomAndUser(s, 'modify');
    const a = await startSession(client, room.id, 'control');
    const first = await connectBoth(s, a);
    first.agent.ws.close(4001, 'vnc_unreachable');
    expect((await first.viewer.closed).reason).toBe('vnc_unreachable');
    expect((await ended(a.id)).endReason).toBe('vnc_unreachable');

    const b = await startSession(client, room.id, 'control');
    const second = await connectBoth(s, b);
    const failure = Buffer.from([0, 0, 0, 1, 0, 0, 0, 6, ...Buffer.from('denied')]);
    second.agent.send(failure);
    s.link.emit({ type: 'session.failed', roomId: room.id, sessionId: b.id, reason: 'vnc_auth_failed', message: 'VNC authentication failed' });
    setTimeout(() => second.agent.ws.close(), 100);
    await second.viewer.closed;
    expect(second.viewer.bytes().equals(failure)).toBe(true);
    expect(await ended(b.id)).toMatchObject({ endReason: 'vnc_auth_failed', endMessage: 'VNC authentication failed' });
    expect(await auditEntriesFor(s.admin, 'session.end', b.id)).toHaveLength(1);
  });

  it('idle timeout: input keeps a session alive, update requests alone do not', async () => {
    await enableRemoteAccess(s.admin, { sessionIdleTimeoutMinutes: 2 }); // one test "minute" = 1 s: input every 100 ms leaves a wide margin on a busy machine
    const { room, client } = await roomAndUser(s, 'modify');
    const started = await startSession(client, room.id, 'control');
    await enableRemoteAccess(s.admin);
    const { agent, viewer } = await connectBoth(s, started);
    for (let i = 0; i < 25; i++) {
      viewer.send(buildPointerEvent(0, i, i));
      await sleep(100);
    }
    expect((await sessionOf(client, started.id)).state).toBe('active');
    const fbur = buildFramebufferUpdateRequest({ incremental: true, x: 0, y: 0, width: 10, height: 10 });
    const timer = setInterval(() => viewer.ws.readyState === viewer.ws.OPEN && viewer.send(fbur), 100);
    try {
      expect((await ended(started.id)).endReason).toBe('idle_timeout');
    } finally {
      clearInterval(timer);
    }
    await agent.closed;
  });

  it('maximum length', async () => {
    await enableRemoteAccess(s.admin, { sessionMaxMinutes: 5 }); // 5 s in the test
    const { room, client } = await roomAndUser(s, 'modify');
    const started = await startSession(client, room.id, 'control');
    await enableRemoteAccess(s.admin);
    expect(new Date((await sessionOf(client, started.id)).expiresAt).getTime() - new Date(started.startedAt).getTime()).toBe(5_000);
    const { viewer } = await connectBoth(s, started);
    expect((await viewer.closed).reason).toBe('max_duration');
    expect((await ended(started.id)).endReason).toBe('max_duration');
  });

  it('remote access turned off closes both sides of every live session', async () => {
    const { room, client } = await roomAndUser(s, 'modify');
    const started = await startSession(client, room.id, 'control');
    const { agent, viewer } = await connectBoth(s, started);
    await waitFor(async () => (await sessionOf(client, started.id)).state === 'active', 8_000, 'active');
    await s.admin.put('settings/general', { remoteAccessEnabled: false });
    expect(await sessionOf(client, started.id)).toMatchObject({ state: 'ended', endReason: 'remote_access_disabled' });
    expect((await viewer.closed).reason).toBe('remote_access_disabled');
    await agent.closed;
    expect(s.link.closesFor(started.id)).toEqual([{ type: 'session.close', sessionId: started.id, reason: 'remote_access_disabled' }]);
    await enableRemoteAccess(s.admin);
  });

  it("the user's permission withdrawn closes the viewer", async () => {
    const { room, client, roleId } = await roomAndUser(s, 'modify');
    const started = await startSession(client, room.id, 'control');
    const { viewer } = await connectBoth(s, started);
    await s.admin.patch(`roles/${roleId}`, { permissions: { ...noPermissions(), remoteAccess: 'view' } });
    expect((await viewer.closed).reason).toBe('permission_withdrawn');
    expect((await ended(started.id)).endReason).toBe('permission_withdrawn');
  });
});

describe('several nodes', () => {
  it('a session another node ended (and audited) is closed here without a second entry', async () => {
    const { room, client } = await roomAndUser(s, 'modify');
    const started = await startSession(client, room.id, 'control');
    const { agent, viewer } = await connectBoth(s, started);
    await s.t.database.db
      .updateTable('remote_sessions')
      .set({ state: 'ended', end_reason: 'ended_by_administrator', ended_at: new Date() })
      .where('id', '=', started.id)
      .execute();
    expect((await viewer.closed).reason).toBe('ended_by_administrator');
    await agent.closed;
    expect(s.t.sessions.isLive(started.id)).toBe(false);
    expect(await auditEntriesFor(s.admin, 'session.end', started.id)).toEqual([]);
  });
});

describe('through the real agent gateway', () => {
  let g: SessionsApp;
  beforeAll(async () => {
    g = await sessionsApp({}, { realGateway: true });
    await enableRemoteAccess(g.admin);
  });
  afterAll(async () => g?.t.dispose());

  it('session.open reaches the agent, bytes flow, and the agent ends the session over its control connection', async () => {
    const device = await enroll({ t: g.t, admin: g.admin, base: g.base, wsUrl: wsUrl(g.base, '/api/v1/agent/connect') });
    const control = new TestAgent(wsUrl(g.base, '/api/v1/agent/connect'), device);
    await control.start(true);
    const started = await startSession(g.admin, device.roomId, 'view');
    const open = await control.next('session.open');
    expect(open).toMatchObject({ sessionId: started.id, mode: 'view' });
    const agent = new Peer(open.relayUrl);
    await agent.opened;
    const viewer = new Peer(wsUrl(g.base, started.viewerUrl));
    await viewer.opened;
    control.send({ type: 'session.opened', sessionId: started.id });
    agent.send(buildProtocolVersion());
    await waitFor(() => viewer.received === 12, 8_000, 'version');
    viewer.send(buildProtocolVersion());
    await waitFor(() => agent.received === 12, 8_000, 'version back');
    control.send({ type: 'session.closed', sessionId: started.id, reason: 'vnc_closed', bytesToViewer: 12, bytesFromViewer: 12 });
    expect((await viewer.closed).reason).toBe('vnc_closed');
    const done = await waitFor(async () => ((await sessionOf(g.admin, started.id)).state === 'ended' ? sessionOf(g.admin, started.id) : undefined), 8_000, 'ended');
    expect(done).toMatchObject({ endReason: 'vnc_closed', bytesToViewer: 12, bytesFromViewer: 12 });

    // the agent's control connection going away ends its room's sessions
    const second = await startSession(g.admin, device.roomId, 'control');
    await control.next('session.open');
    await control.close();
    const gone = await waitFor(async () => ((await sessionOf(g.admin, second.id)).state === 'ended' ? sessionOf(g.admin, second.id) : undefined), 8_000, 'ended');
    expect(gone.endReason).toBe('agent_disconnected');
  });
});
