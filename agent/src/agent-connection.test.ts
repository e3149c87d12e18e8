// The control connection against a scripted gateway (a real ws server on a free port), with a manual clock so that heartbeats, probes and backoff are exact.
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { AGENT_CLOSE, parseAgentMessage, type AgentMessage, type ServerMessage } from '@roomwarden/protocol';
import { AgentConnection, type AgentConnectionOptions } from './agent-connection.ts';
import { ManualClock } from './clock.ts';
import { SimulatedProbe } from './probes/simulated-probe.ts';
import type { NoticeDisplay } from './notice/notice-display.ts';
import type { WantedNotice } from './notice/session-notice.ts';
import type { SessionCallbacks, SessionHandler, SessionOpenCommand } from './session-handler.ts';
import { createVncSessionHandler } from './vnc/index.ts';

/** Chosen by the first gateway (port 0), then reused so that reconnect tests find it again. */
let PORT = 0;
const DEVICE = { deviceId: '2f0c8c38-0a5e-4a47-9d43-6f1f7d1f0001', deviceSecret: 'rwd_test_secret' };
const SESSION_ID = '2f0c8c38-0a5e-4a47-9d43-6f1f7d1f0099';

interface Gateway {
  wss: WebSocketServer;
  received: AgentMessage[];
  sockets: WebSocket[];
  authHeaders: string[];
}

let gateway: Gateway | undefined;
let agent: AgentConnection | undefined;

afterEach(async () => {
  agent?.stop();
  agent = undefined;
  if (gateway) {
    for (const s of gateway.sockets) s.terminate();
    await new Promise<void>((r) => gateway?.wss.close(() => r()));
    gateway = undefined;
  }
});

function startGateway(options: { refuse?: number } = {}): Promise<Gateway> {
  return new Promise((resolve) => {
    const g: Gateway = {
      received: [],
      sockets: [],
      authHeaders: [],
      wss: new WebSocketServer({
        port: PORT,
        host: '127.0.0.1',
        verifyClient: (info, cb) => {
          g.authHeaders.push(String(info.req.headers.authorization));
          if (options.refuse) cb(false, options.refuse);
          else cb(true);
        },
      }),
    };
    g.wss.on('connection', (ws) => {
      g.sockets.push(ws);
      ws.on('message', (data) => {
        const msg = parseAgentMessage(data as Buffer);
        g.received.push(msg);
        if (msg.type === 'hello') send(ws, { type: 'welcome', deviceId: DEVICE.deviceId, roomId: 'room-1', roomName: 'Oslo – Fjord 3', heartbeatIntervalSec: 30, fullReportIntervalSec: 300, serverTime: new Date().toISOString() });
      });
    });
    g.wss.on('listening', () => {
      PORT = (g.wss.address() as AddressInfo).port;
      resolve(g);
    });
  });
}

function send(ws: WebSocket, msg: ServerMessage): void {
  ws.send(JSON.stringify(msg));
}

async function waitFor<T>(fn: () => T | undefined | false, what: string, ms = 5_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function makeAgent(clock: ManualClock, probe: SimulatedProbe, extra: Partial<AgentConnectionOptions> = {}): AgentConnection {
  agent = new AgentConnection({
    gatewayUrl: `ws://127.0.0.1:${PORT}/api/v1/agent/connect`,
    ...DEVICE,
    probe,
    hostname: 'room-pc-01',
    clock,
    random: () => 0.5,
    probeIntervalMs: 5_000,
    backoff: { initialMs: 1_000, maxMs: 60_000, factor: 2, stableAfterMs: 60_000 },
    ...extra,
  });
  return agent;
}

const reports = (g: Gateway) => g.received.filter((m): m is Extract<AgentMessage, { type: 'health.report' }> => m.type === 'health.report');

describe('AgentConnection', () => {
  it('says hello with the device credential, heartbeats at the welcome interval, reports changes and full reports', async () => {
    const g = (gateway = await startGateway());
    const clock = new ManualClock();
    const probe = new SimulatedProbe({ seed: 7, failureRatePerMinute: 0, now: () => clock.now() });
    const a = makeAgent(clock, probe);
    a.start();
    const hello = await waitFor(() => g.received.find((m) => m.type === 'hello'), 'hello');
    expect(g.authHeaders[0]).toBe(`Device ${DEVICE.deviceId}:${DEVICE.deviceSecret}`);
    expect(hello).toEqual({ type: 'hello', agentVersion: expect.any(String), platform: 'sim', hostname: 'room-pc-01', osVersion: expect.any(String), capabilities: { vnc: false } });
    const full = await waitFor(() => reports(g).find((r) => r.full), 'full report');
    expect(full.buffered).toBeUndefined();
    expect(full.signals.map((s) => s.name)).toEqual(expect.arrayContaining(['camera', 'display', 'microphone', 'speaker', 'cpu', 'uptime']));
    expect(a.state).toBe('online');

    clock.advance(29_999);
    expect(g.received.filter((m) => m.type === 'heartbeat')).toHaveLength(0);
    clock.advance(1);
    await waitFor(() => g.received.filter((m) => m.type === 'heartbeat').length === 1, 'first heartbeat');
    clock.advance(30_000);
    await waitFor(() => g.received.filter((m) => m.type === 'heartbeat').length === 2, 'second heartbeat');

    // no change → nothing; a change → a report with only that signal
    const before = reports(g).length;
    clock.advance(5_000);
    await new Promise((r) => setTimeout(r, 30));
    expect(reports(g)).toHaveLength(before);
    probe.force('camera', 'failed');
    clock.advance(5_000);
    const change = await waitFor(() => reports(g).find((r, i) => i >= before && !r.full), 'change report');
    expect(change.signals).toEqual([expect.objectContaining({ name: 'camera', state: 'failed' })]);

    // a full report every fullReportIntervalSec
    const fulls = reports(g).filter((r) => r.full).length;
    clock.advance(300_000);
    await waitFor(() => reports(g).filter((r) => r.full).length === fulls + 1, 'periodic full report');
  });

  it('reconnects with backoff, buffers what it measured offline, and sends it marked buffered', async () => {
    const g = (gateway = await startGateway());
    const clock = new ManualClock();
    const probe = new SimulatedProbe({ seed: 3, failureRatePerMinute: 0, now: () => clock.now() });
    const a = makeAgent(clock, probe);
    const offline: { code: number; retryInMs: number | undefined }[] = [];
    a.on('offline', (i) => offline.push(i));
    a.start();
    await waitFor(() => reports(g).some((r) => r.full), 'first full report');
    g.sockets[0]?.close(1012, 'restarting');
    await waitFor(() => offline.length === 1, 'offline event');
    expect(offline[0]).toMatchObject({ code: 1012 });
    expect(offline[0]?.retryInMs).toBeGreaterThanOrEqual(500);
    expect(offline[0]?.retryInMs).toBeLessThanOrEqual(1_000);

    probe.force('microphone', 'failed');
    clock.advance(5); // not yet time to reconnect (750 ms with random 0.5)
    await a.probeOnce();
    probe.force('microphone', undefined);
    await a.probeOnce();
    expect(a.bufferedReports).toBe(2);

    const count = g.received.length;
    clock.advance(1_000);
    await waitFor(() => g.received.slice(count).filter((m) => m.type === 'health.report').length >= 3, 'reports after reconnect');
    const after = reports(g).slice(-3);
    expect(after[0]).toMatchObject({ buffered: true, full: false, signals: [{ name: 'microphone', state: 'failed' }] });
    expect(after[1]).toMatchObject({ buffered: true, signals: [{ name: 'microphone', state: 'ok' }] });
    expect(after[2]).toMatchObject({ full: true });
    expect(after[2]?.buffered).toBeUndefined();
    expect(a.bufferedReports).toBe(0);
  });

  it('keeps only the last reports while offline and says how many it dropped', async () => {
    const g = (gateway = await startGateway());
    const clock = new ManualClock();
    const probe = new SimulatedProbe({ seed: 3, failureRatePerMinute: 0, now: () => clock.now() });
    const a = makeAgent(clock, probe, { bufferCapacity: 5 });
    a.start();
    await waitFor(() => reports(g).some((r) => r.full), 'first full report');
    g.sockets[0]?.close(1012, 'restarting');
    await waitFor(() => a.state === 'waiting', 'waiting');
    for (let i = 0; i < 12; i++) {
      probe.force('speaker', i % 2 === 0 ? 'failed' : 'ok');
      await a.probeOnce();
    }
    expect(a.bufferedReports).toBe(5);
    clock.advance(1_000);
    await waitFor(() => reports(g).filter((r) => r.buffered).length === 5, 'buffered reports');
    const buffered = reports(g).filter((r) => r.buffered);
    expect(buffered[0]?.droppedReports).toBe(7);
    expect(buffered.slice(1).every((r) => r.droppedReports === undefined)).toBe(true);
    expect(buffered.at(-1)?.signals[0]).toMatchObject({ name: 'speaker', state: 'ok' });
  });

  it.each([
    [AGENT_CLOSE.DEVICE_REVOKED, 'revoked'],
    [AGENT_CLOSE.BAD_CREDENTIAL, 'bad_credential'],
  ] as const)('stops for good on close code %i', async (code, reason) => {
    const g = (gateway = await startGateway());
    const clock = new ManualClock();
    const a = makeAgent(clock, new SimulatedProbe({ seed: 1, failureRatePerMinute: 0, now: () => clock.now() }));
    const stopped: { reason: string; message: string }[] = [];
    a.on('stopped', (i) => stopped.push(i));
    a.start();
    await waitFor(() => a.state === 'online', 'online');
    g.sockets[0]?.close(code, 'device revoked');
    await waitFor(() => stopped.length === 1, 'stopped');
    expect(stopped[0]?.reason).toBe(reason);
    expect(stopped[0]?.message).toMatch(reason === 'revoked' ? /revoked/ : /re-enroll/);
    clock.advance(10 * 60_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(g.authHeaders).toHaveLength(1);
    expect(clock.pending).toBe(0);
  });

  it.each([
    [401, 'bad_credential'],
    [403, 'revoked'],
  ] as const)('stops when the upgrade is refused with HTTP %i', async (status, reason) => {
    const g = (gateway = await startGateway({ refuse: status }));
    const clock = new ManualClock();
    const a = makeAgent(clock, new SimulatedProbe({ seed: 1, now: () => clock.now() }));
    const stopped = new Promise<{ reason: string }>((r) => a.once('stopped', r));
    a.start();
    expect((await stopped).reason).toBe(reason);
    clock.advance(10 * 60_000);
    expect(g.authHeaders).toHaveLength(1);
  });

  it('hands session commands to the session handler and turns its callbacks into messages', async () => {
    const g = (gateway = await startGateway());
    const clock = new ManualClock();
    const opened: SessionOpenCommand[] = [];
    const closed: string[] = [];
    let cbs: SessionCallbacks | undefined;
    const handler = (callbacks: SessionCallbacks): SessionHandler => {
      cbs = callbacks;
      return {
        open: async (cmd) => {
          opened.push(cmd);
          callbacks.opened(cmd.sessionId);
        },
        close: (id, reason) => {
          closed.push(`${id}:${reason}`);
          callbacks.closed(id, reason, { toViewer: 1234, fromViewer: 56 });
        },
      };
    };
    const a = makeAgent(clock, new SimulatedProbe({ seed: 1, failureRatePerMinute: 0, now: () => clock.now() }), { sessionHandler: handler });
    a.start();
    const hello = await waitFor(() => g.received.find((m) => m.type === 'hello'), 'hello');
    expect(hello).toMatchObject({ capabilities: { vnc: true } });
    await waitFor(() => a.state === 'online', 'online');
    const ws = g.sockets[0] as WebSocket;
    send(ws, { type: 'session.open', sessionId: SESSION_ID, mode: 'view', relayUrl: 'ws://127.0.0.1:1/api/v1/sessions/x/agent?ticket=t', ticket: 't' });
    await waitFor(() => g.received.find((m) => m.type === 'session.opened'), 'session.opened');
    expect(opened[0]).toEqual({ sessionId: SESSION_ID, mode: 'view', relayUrl: 'ws://127.0.0.1:1/api/v1/sessions/x/agent?ticket=t', ticket: 't' });
    send(ws, { type: 'session.close', sessionId: SESSION_ID, reason: 'viewer_left' });
    const done = await waitFor(() => g.received.find((m) => m.type === 'session.closed'), 'session.closed');
    expect(done).toEqual({ type: 'session.closed', sessionId: SESSION_ID, reason: 'viewer_left', bytesToViewer: 1234, bytesFromViewer: 56 });
    expect(closed).toEqual([`${SESSION_ID}:viewer_left`]);
    cbs?.failed(SESSION_ID, 'vnc_unreachable', 'connection refused');
    await waitFor(() => g.received.find((m) => m.type === 'session.failed'), 'session.failed');
  });

  it('announces its displays in hello (the default first) and hands session.open its display', async () => {
    const g = (gateway = await startGateway());
    const clock = new ManualClock();
    const opened: SessionOpenCommand[] = [];
    const handler = (callbacks: SessionCallbacks): SessionHandler => ({
      open: async (cmd) => {
        opened.push(cmd);
        callbacks.opened(cmd.sessionId);
      },
      close: () => undefined,
    });
    const a = makeAgent(clock, new SimulatedProbe({ seed: 1, failureRatePerMinute: 0, now: () => clock.now() }), { sessionHandler: handler, displays: ['front', 'whiteboard'] });
    a.start();
    const hello = await waitFor(() => g.received.find((m) => m.type === 'hello'), 'hello');
    expect(hello).toMatchObject({ capabilities: { vnc: true, displays: ['front', 'whiteboard'] } });
    await waitFor(() => a.state === 'online', 'online');
    send(g.sockets[0] as WebSocket, { type: 'session.open', sessionId: SESSION_ID, mode: 'control', relayUrl: 'ws://127.0.0.1:1/x', ticket: 't', display: 'whiteboard' });
    await waitFor(() => g.received.find((m) => m.type === 'session.opened'), 'session.opened');
    expect(opened[0]).toMatchObject({ sessionId: SESSION_ID, display: 'whiteboard' });
  });

  it('fails a session for a display its VNC bridge does not have, naming those it has', async () => {
    const failures: string[] = [];
    const bridge = createVncSessionHandler(
      [
        { name: 'front', host: '127.0.0.1', port: 1 },
        { name: 'whiteboard', host: '127.0.0.1', port: 2 },
      ],
      { opened: () => undefined, closed: () => undefined, failed: (id, reason, message) => void failures.push(`${id} ${reason} ${message ?? ''}`) },
    );
    await bridge.open({ sessionId: SESSION_ID, mode: 'view', relayUrl: 'ws://127.0.0.1:1/x', ticket: 't', display: 'side' });
    expect(failures).toEqual([`${SESSION_ID} vnc_unreachable this agent has no display "side" (it bridges front, whiteboard)`]);
  });

  it('answers session.open with session.failed when it has no VNC bridge, and ignores invalid frames', async () => {
    const g = (gateway = await startGateway());
    const clock = new ManualClock();
    const a = makeAgent(clock, new SimulatedProbe({ seed: 1, failureRatePerMinute: 0, now: () => clock.now() }));
    a.start();
    await waitFor(() => a.state === 'online', 'online');
    const ws = g.sockets[0] as WebSocket;
    ws.send('{not json');
    ws.send(JSON.stringify({ type: 'reboot' }));
    send(ws, { type: 'session.open', sessionId: SESSION_ID, mode: 'control', relayUrl: 'ws://x/y', ticket: 't' });
    const failed = await waitFor(() => g.received.find((m) => m.type === 'session.failed'), 'session.failed');
    expect(failed).toMatchObject({ sessionId: SESSION_ID, reason: 'vnc_unreachable' });
    expect(a.state).toBe('online');
  });

  it('shows the in-room notice from session.open viewers, follows session.viewers, takes it down when the session ends, and says notice in hello', async () => {
    const g = (gateway = await startGateway());
    const clock = new ManualClock();
    const shown: WantedNotice[] = [];
    const notice: NoticeDisplay = { describe: 'test screen', available: () => true, show: (n) => shown.push(n), close: () => Promise.resolve() };
    let cbs: SessionCallbacks | undefined;
    const handler = (callbacks: SessionCallbacks): SessionHandler => {
      cbs = callbacks;
      return { open: async (cmd) => callbacks.opened(cmd.sessionId), close: (id, reason) => callbacks.closed(id, reason, { toViewer: 0, fromViewer: 0 }) };
    };
    const a = makeAgent(clock, new SimulatedProbe({ seed: 1, failureRatePerMinute: 0, now: () => clock.now() }), { sessionHandler: handler, notice });
    a.start();
    const hello = await waitFor(() => g.received.find((m) => m.type === 'hello'), 'hello');
    expect(hello).toMatchObject({ capabilities: { vnc: true, notice: true } });
    await waitFor(() => a.state === 'online', 'online');
    const ws = g.sockets[0] as WebSocket;
    send(ws, { type: 'session.viewers', sessionId: SESSION_ID, viewers: [{ name: 'Nobody', control: false }] }); // not live: ignored
    send(ws, { type: 'session.open', sessionId: SESSION_ID, mode: 'control', relayUrl: 'ws://127.0.0.1:1/x', ticket: 't', viewers: [{ name: 'Ada Lovelace', control: true }] });
    await waitFor(() => shown.length === 1, 'the ring');
    expect(shown[0]).toEqual({ kind: 'ring', viewers: [{ name: 'Ada Lovelace', control: true }], text: 'Remote session: Ada Lovelace (control)' });
    send(ws, { type: 'session.viewers', sessionId: SESSION_ID, viewers: [{ name: 'Ada Lovelace', control: true }, { name: 'Bob', control: false }] });
    await waitFor(() => shown.length === 2, 'the ring naming Bob');
    expect(shown[1]).toMatchObject({ text: 'Remote session: Ada Lovelace (control), Bob (watching)' });
    send(ws, { type: 'session.close', sessionId: SESSION_ID, reason: 'ended_by_user' });
    await waitFor(() => shown.length === 3, 'the ring taken down');
    expect(shown[2]).toEqual({ kind: 'none' });
    // A session that fails to start takes its ring away too.
    const other = '2f0c8c38-0a5e-4a47-9d43-6f1f7d1f0098';
    send(ws, { type: 'session.open', sessionId: other, mode: 'view', relayUrl: 'ws://127.0.0.1:1/x', ticket: 't' });
    await waitFor(() => shown.length === 4, 'the ring for the second session');
    expect(shown[3]).toEqual({ kind: 'ring', viewers: [], text: 'Remote session in progress' });
    cbs?.failed(other, 'vnc_unreachable');
    expect(shown[4]).toEqual({ kind: 'none' });
  });
});

describe('room actions on the control connection', () => {
  const ACTION_ID = '2f0c8c38-0a5e-4a47-9d43-6f1f7d1f0077';

  it('hello announces the runner’s actions; action.run runs it and answers action.result', async () => {
    gateway = await startGateway();
    const clock = new ManualClock();
    const probe = new SimulatedProbe({ seed: 7, failureRatePerMinute: 0, now: () => clock.now() });
    const ran: string[] = [];
    makeAgent(clock, probe, {
      actions: {
        available: () => ['restart-app'],
        run: async (action) => {
          ran.push(action);
          return { outcome: 'failed', exitCode: 4, output: 'first line\n', message: 'exit status 4' };
        },
      },
    }).start();
    const hello = await waitFor(() => gateway?.received.find((m) => m.type === 'hello'), 'hello');
    expect(hello).toMatchObject({ capabilities: { vnc: false, actions: ['restart-app'] } });
    await waitFor(() => agent?.state === 'online', 'online');
    send(gateway.sockets[0]!, { type: 'action.run', actionId: ACTION_ID, action: 'restart-app' });
    const result = await waitFor(() => gateway?.received.find((m) => m.type === 'action.result'), 'action.result');
    expect(result).toEqual({ type: 'action.result', actionId: ACTION_ID, action: 'restart-app', outcome: 'failed', exitCode: 4, output: 'first line\n', message: 'exit status 4' });
    expect(ran).toEqual(['restart-app']);
  });

  it('without a runner: hello announces none, and action.run is answered unavailable', async () => {
    gateway = await startGateway();
    const clock = new ManualClock();
    makeAgent(clock, new SimulatedProbe({ seed: 7, failureRatePerMinute: 0, now: () => clock.now() })).start();
    const hello = await waitFor(() => gateway?.received.find((m) => m.type === 'hello'), 'hello');
    expect(hello.type === 'hello' && hello.capabilities.actions).toBeUndefined();
    await waitFor(() => agent?.state === 'online', 'online');
    send(gateway.sockets[0]!, { type: 'action.run', actionId: ACTION_ID, action: 'restart-device' });
    const result = await waitFor(() => gateway?.received.find((m) => m.type === 'action.result'), 'action.result');
    expect(result).toMatchObject({ outcome: 'unavailable', exitCode: null, action: 'restart-device' });
  });
});
