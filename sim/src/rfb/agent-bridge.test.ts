// The agent's VNC bridge against the simulator's RFB server over real sockets; a tiny
// WebSocket server stands in for the relay, and the test is the viewer on its far side.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { buildKeyEvent, buildPointerEvent } from '@roomwarden/protocol';
import { createVncSessionHandler } from '@roomwarden/agent';
import type { SessionCallbacks, SessionHandler } from '@roomwarden/agent';
import { COLOURS } from './console-screen.ts';
import { startRfbServer } from './rfb-server.ts';
import type { RfbServer } from './rfb-server.ts';
import { RfbViewer } from './rfb-viewer.ts';

const SESSION = '3f0c1d2e-4b5a-4c6d-8e7f-001122334455';
let vnc: RfbServer;
let relay: WebSocketServer;
let relayPort: number;
let agentSockets: Array<{ ws: WebSocket; url: string }>;
let waitingForAgent: Array<(s: { ws: WebSocket; url: string }) => void>;

type Outcome = { opened: number; failed?: { reason: string; message?: string }; closed?: { reason: string; bytes: { toViewer: number; fromViewer: number } } };
function recorder(): { callbacks: SessionCallbacks; outcome: Outcome; settled: () => Promise<void>; ended: () => Promise<void> } {
  const outcome: Outcome = { opened: 0 };
  const listeners: Array<() => void> = [];
  const notify = () => listeners.splice(0).forEach((l) => l());
  const until = (pred: () => boolean) => new Promise<void>((resolve) => (pred() ? resolve() : listeners.push(function check() { if (pred()) resolve(); else listeners.push(check); })));
  return {
    outcome,
    callbacks: {
      opened: () => ((outcome.opened += 1), notify()),
      failed: (_id, reason, message) => ((outcome.failed = { reason, ...(message ? { message } : {}) }), notify()),
      closed: (_id, reason, bytes) => ((outcome.closed = { reason, bytes }), notify()),
    },
    settled: () => until(() => outcome.opened > 0 || outcome.failed !== undefined),
    ended: () => until(() => outcome.closed !== undefined || outcome.failed !== undefined),
  };
}

function nextAgentSocket(): Promise<{ ws: WebSocket; url: string }> {
  const s = agentSockets.shift();
  return s ? Promise.resolve(s) : new Promise((resolve) => waitingForAgent.push(resolve));
}

/** The test as the viewer on the relay's side of the agent's data WebSocket. */
function viewerOn(ws: WebSocket, password?: string): RfbViewer {
  const v = new RfbViewer(
    (b) => ws.send(b),
    () => ws.close(1000, 'viewer left'),
    password === undefined ? {} : { password },
  );
  ws.on('message', (data: Buffer) => v.receive(data));
  ws.on('close', () => v.onClosed());
  return v;
}

beforeEach(async () => {
  vnc = await startRfbServer({ port: 0, password: 'room-secret', roomName: 'Board Room', width: 400, height: 300 });
  agentSockets = [];
  waitingForAgent = [];
  relay = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => relay.once('listening', () => resolve()));
  relayPort = (relay.address() as AddressInfo).port;
  relay.on('connection', (ws, req) => {
    const s = { ws, url: req.url ?? '' };
    const waiter = waitingForAgent.shift();
    if (waiter) waiter(s);
    else agentSockets.push(s);
  });
});
afterEach(async () => {
  for (const c of relay.clients) c.terminate();
  await new Promise<void>((resolve) => relay.close(() => resolve()));
  await vnc.close();
});

function open(handler: SessionHandler, mode: 'control' | 'view' = 'control') {
  return handler.open({ sessionId: SESSION, mode, relayUrl: `ws://127.0.0.1:${relayPort}/api/v1/sessions/${SESSION}/agent`, ticket: 'agent-ticket-1' });
}
const isUpdate = (e: { type: string }) => e.type === 'framebufferUpdate';

describe('agent VNC bridge', () => {
  it('authenticates to the VNC server, offers None to the viewer and splices both ways', async () => {
    const r = recorder();
    const handler = createVncSessionHandler({ host: '127.0.0.1', port: vnc.port, password: 'room-secret' }, r.callbacks);
    await open(handler);
    const agent = await nextAgentSocket();
    expect(agent.url).toContain('ticket=agent-ticket-1');
    const viewer = viewerOn(agent.ws); // no password: the bridge must offer None
    await viewer.waitFor((e) => e.type === 'serverInit', 5000, true);
    await r.settled();
    expect(r.outcome.opened).toBe(1);
    expect(viewer.init).toMatchObject({ width: 400, height: 300, name: 'Board Room' });
    viewer.requestUpdate(false);
    await viewer.waitFor(isUpdate);
    expect(viewer.pixel(1, 1)).toBe(COLOURS.titleBar);

    viewer.send(buildPointerEvent(1, 150, 120));
    viewer.send(buildPointerEvent(0, 150, 120));
    viewer.send(buildKeyEvent(true, 0x6b)); // k
    for (let i = 0; i < 20 && viewer.pixel(150, 120) !== COLOURS.click; i++) {
      viewer.requestUpdate(true);
      await viewer.waitFor(isUpdate, 3000);
    }
    expect(viewer.pixel(150, 120)).toBe(COLOURS.click);
    expect(vnc.inspect().typed).toBe('k');

    viewer.close();
    await r.ended();
    expect(r.outcome.closed?.reason).toBe('viewer_closed');
    expect(r.outcome.closed?.bytes.toViewer).toBeGreaterThan(400 * 300 * 4);
    expect(r.outcome.closed?.bytes.fromViewer).toBeGreaterThan(12 + 1 + 1 + 6 + 6 + 8);
  });

  it('bridges an observer on a connection of its own (shared, view-only) beside the controller, closed with the session', async () => {
    const r = recorder();
    const handler = createVncSessionHandler({ host: '127.0.0.1', port: vnc.port, password: 'room-secret' }, r.callbacks);
    await open(handler, 'control');
    const controller = viewerOn((await nextAgentSocket()).ws);
    await controller.waitFor((e) => e.type === 'serverInit', 5000, true);
    await r.settled();
    handler.observe?.({ sessionId: SESSION, observerId: '9a0c1d2e-4b5a-4c6d-8e7f-001122334466', relayUrl: `ws://127.0.0.1:${relayPort}/api/v1/sessions/${SESSION}/agent`, ticket: 'observer-ticket-1' });
    const observerSocket = await nextAgentSocket();
    expect(observerSocket.url).toContain('ticket=observer-ticket-1');
    const observer = viewerOn(observerSocket.ws);
    await observer.waitFor((e) => e.type === 'serverInit', 5000, true);
    // shared: the observer's connection did not disconnect the controller's
    for (let i = 0; i < 40 && vnc.inspect().viewers !== 2; i++) await new Promise((res) => setTimeout(res, 50));
    expect(vnc.inspect().viewers).toBe(2);
    observer.send(buildPointerEvent(1, 60, 60));
    observer.send(buildKeyEvent(true, 0x6f)); // o
    observer.requestUpdate(false);
    await observer.waitFor(isUpdate);
    expect(observer.pixel(1, 1)).toBe(COLOURS.titleBar);
    controller.send(buildKeyEvent(true, 0x6b)); // k
    controller.requestUpdate(false);
    await controller.waitFor(isUpdate);
    for (let i = 0; i < 20 && vnc.inspect().typed !== 'k'; i++) await new Promise((res) => setTimeout(res, 50));
    expect(vnc.inspect()).toMatchObject({ typed: 'k', clicks: [] });
    expect(r.outcome.opened).toBe(1); // an observer reports nothing over the control connection
    handler.close(SESSION, 'ended_by_user');
    await observer.waitForClose();
    await r.ended();
  });

  it('drops input in a view-only session but keeps the picture flowing', async () => {
    const r = recorder();
    const handler = createVncSessionHandler({ host: '127.0.0.1', port: vnc.port, password: 'room-secret' }, r.callbacks);
    await open(handler, 'view');
    const viewer = viewerOn((await nextAgentSocket()).ws);
    await viewer.waitFor((e) => e.type === 'serverInit', 5000, true);
    viewer.send(buildPointerEvent(1, 50, 50));
    viewer.send(buildKeyEvent(true, 0x61));
    viewer.requestUpdate(false);
    await viewer.waitFor(isUpdate);
    viewer.requestUpdate(true);
    await viewer.waitFor(isUpdate, 3000); // the clock ticks
    expect(vnc.inspect()).toMatchObject({ typed: '', pointer: null, clicks: [] });
    handler.close(SESSION, 'ended_by_admin');
    await r.ended();
    expect(r.outcome.closed?.reason).toBe('ended_by_admin');
    await viewer.waitForClose();
  });

  it('tells the viewer and fails with vnc_auth_failed when the password is refused', async () => {
    const r = recorder();
    const handler = createVncSessionHandler({ host: '127.0.0.1', port: vnc.port, password: 'not-it' }, r.callbacks);
    await open(handler);
    const viewer = viewerOn((await nextAgentSocket()).ws);
    const e = await viewer.waitFor((x) => x.type === 'securityFailure', 5000, true);
    expect(e).toMatchObject({ reason: expect.stringMatching(/^The room's VNC server refused the password/) });
    await r.ended();
    expect(r.outcome).toMatchObject({ opened: 0, failed: { reason: 'vnc_auth_failed', message: expect.stringMatching(/refused the password/) } });
    expect(r.outcome.closed).toBeUndefined();
  });

  it('fails with vnc_unreachable when the VNC server is down', async () => {
    const free = createServer();
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', () => resolve()));
    const deadPort = (free.address() as AddressInfo).port;
    await new Promise<void>((resolve) => free.close(() => resolve()));
    const r = recorder();
    const handler = createVncSessionHandler({ host: '127.0.0.1', port: deadPort, password: 'room-secret' }, r.callbacks);
    await open(handler);
    const viewer = viewerOn((await nextAgentSocket()).ws);
    const e = await viewer.waitFor((x) => x.type === 'securityFailure', 5000, true);
    expect(e).toMatchObject({ reason: expect.stringMatching(/not reachable/) });
    await r.ended();
    expect(r.outcome.failed).toMatchObject({ reason: 'vnc_unreachable', message: expect.stringMatching(new RegExp(`127\\.0\\.0\\.1:${deadPort} is not reachable \\(ECONNREFUSED\\)`)) });
  });

  it('fails with relay_unreachable when the relay cannot be reached', async () => {
    const r = recorder();
    const handler = createVncSessionHandler({ host: '127.0.0.1', port: vnc.port, password: 'room-secret' }, r.callbacks);
    await handler.open({ sessionId: SESSION, mode: 'control', relayUrl: `ws://127.0.0.1:1/api/v1/sessions/${SESSION}/agent?ticket=t`, ticket: 't' });
    await r.ended();
    expect(r.outcome.failed?.reason).toBe('relay_unreachable');
  });

  it('fails with vnc_auth_failed when the server wants a password and the agent has none', async () => {
    const r = recorder();
    const handler = createVncSessionHandler({ host: '127.0.0.1', port: vnc.port }, r.callbacks);
    await open(handler);
    viewerOn((await nextAgentSocket()).ws);
    await r.ended();
    expect(r.outcome.failed).toMatchObject({ reason: 'vnc_auth_failed', message: expect.stringMatching(/--vnc-password-file/) });
  });

  it('refuses a second open of the same session as busy', async () => {
    const r = recorder();
    const handler = createVncSessionHandler({ host: '127.0.0.1', port: vnc.port, password: 'room-secret' }, r.callbacks);
    await open(handler);
    await open(handler);
    expect(r.outcome.failed?.reason).toBe('busy');
    handler.close(SESSION, 'test_done');
    await r.ended();
  });
});
