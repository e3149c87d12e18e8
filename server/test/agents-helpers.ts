// Helpers for the agent, incident and live-event tests: a listening app with short agent
// timings, enrollment, and a scripted agent over a real WebSocket (the `ws` package).
import WebSocket from 'ws';
import { deviceAuthHeader, type EnrollResponse, type ServerMessage, type Signal } from '@roomwarden/protocol';
import { DEFAULT_TIMINGS, type Config } from '../src/config.ts';
import { ApiClient, signedIn } from './support/api-client.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestApp, type TestApp } from './support/test-app.ts';
import { makeSite, unique } from './support/factories.ts';

export interface ListeningApp {
  t: TestApp;
  admin: ApiClient;
  /** http://127.0.0.1:<port> */
  base: string;
  wsUrl: string;
}

export async function listeningApp(timings: Partial<Config['timings']> = {}): Promise<ListeningApp> {
  const t = await createTestApp({
    timings: { ...DEFAULT_TIMINGS, heartbeatIntervalSec: 2, agentSweepMs: 100, lastSeenFlushMs: 200, helloTimeoutMs: 2_000, sseKeepAliveMs: 15_000, sseGrantsRefreshMs: 0, ...timings },
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  if (!address || typeof address === 'string') throw new Error('not listening');
  const base = `http://127.0.0.1:${address.port}`;
  return { t, admin: await signedIn(t.app, ADMIN_EMAIL, ADMIN_PASSWORD), base, wsUrl: `${base.replace(/^http/, 'ws')}/api/v1/agent/connect` };
}

export async function createToken(admin: ApiClient, body: Record<string, unknown> = {}): Promise<{ id: string; token: string }> {
  const res = await admin.post('enrollment-tokens', body);
  if (res.status !== 201) throw new Error(`token: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export function enrollRequest(token: string, fields: Partial<{ hostname: string; machineId: string; roomName: string; platform: string }> = {}) {
  return { token, hostname: fields.hostname ?? unique('host'), platform: fields.platform ?? 'sim', agentVersion: '1.0.0', machineId: fields.machineId ?? unique('machine'), ...(fields.roomName ? { roomName: fields.roomName } : {}) };
}

export async function enroll(app: ListeningApp, fields: Parameters<typeof enrollRequest>[1] & { siteId?: string } = {}): Promise<EnrollResponse> {
  const { token } = await createToken(app.admin, fields.siteId ? { siteId: fields.siteId } : {});
  const res = await new ApiClient(app.t.app).post('agent/enroll', enrollRequest(token, fields));
  if (res.status !== 201) throw new Error(`enroll: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export interface Closed {
  code: number;
  reason: string;
}

/** One agent's control connection, scripted by the test. */
export class TestAgent {
  readonly messages: ServerMessage[] = [];
  readonly closed: Promise<Closed>;
  readonly opened: Promise<void>;
  readonly ws: WebSocket;
  #waiters: Array<() => void> = [];

  constructor(
    url: string,
    readonly device: { deviceId: string; deviceSecret: string; roomId?: string },
    authorization = deviceAuthHeader(device.deviceId, device.deviceSecret),
  ) {
    const ws = new WebSocket(url, { headers: { authorization } });
    this.ws = ws;
    this.opened = new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) => reject(new UpgradeRefused(res.statusCode ?? 0)));
      ws.once('error', reject);
    });
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)) as ServerMessage);
      for (const w of this.#waiters.splice(0)) w();
    });
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  async next<T extends ServerMessage['type']>(type: T, timeoutMs = 5_000): Promise<Extract<ServerMessage, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find((m) => m.type === type);
      if (found) {
        this.messages.splice(this.messages.indexOf(found), 1);
        return found as Extract<ServerMessage, { type: T }>;
      }
      if (Date.now() > deadline) throw new Error(`no ${type} message`);
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  /** Connects, says hello, waits for welcome, and (unless told otherwise) heartbeats every 300 ms. */
  async start(vnc = false, opts: { heartbeat?: boolean } = {}): Promise<Extract<ServerMessage, { type: 'welcome' }>> {
    await this.opened;
    this.send({ type: 'hello', agentVersion: '1.2.3', platform: 'sim', hostname: 'console-1', osVersion: 'SimOS 1', capabilities: { vnc } });
    const welcome = await this.next('welcome');
    if (opts.heartbeat ?? true) {
      const timer = setInterval(() => {
        if (this.ws.readyState === WebSocket.OPEN) this.heartbeat();
      }, 300);
      this.ws.once('close', () => clearInterval(timer));
    }
    return welcome;
  }

  heartbeat(): void {
    this.send({ type: 'heartbeat', at: new Date().toISOString() });
  }

  report(signals: Signal[], full = false): void {
    this.send({ type: 'health.report', full, measuredAt: new Date().toISOString(), signals });
  }

  close(): Promise<Closed> {
    this.ws.close();
    return this.closed;
  }
}

export class UpgradeRefused extends Error {
  constructor(readonly status: number) {
    super(`upgrade refused with ${status}`);
  }
}

/** Polls until `check` returns a truthy value. */
export async function waitFor<T>(check: () => Promise<T> | T, timeoutMs = 8_000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await check();
    if (last) return last as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const ALL_OK: Signal[] = [
  { name: 'display', state: 'ok', value: '1920x1080 HDMI-1' },
  { name: 'camera', state: 'ok', value: 'Logitech Rally' },
  { name: 'microphone', state: 'ok' },
  { name: 'speaker', state: 'ok' },
  { name: 'network', state: 'ok', value: 'eth0 1 Gb/s' },
  { name: 'roomApp', state: 'ok' },
  { name: 'cpu', state: 'ok', value: '12 %' },
];

/** Two rooms in two sites, each with a connected test agent (scope tests: one in, one out). */
export async function twoConnectedRooms(app: ListeningApp): Promise<{ siteA: string; siteB: string; roomA: string; roomB: string; agentA: TestAgent; agentB: TestAgent }> {
  const siteA = (await makeSite(app.admin)).id;
  const siteB = (await makeSite(app.admin)).id;
  const devA = await enroll(app, { siteId: siteA });
  const devB = await enroll(app, { siteId: siteB });
  const agentA = new TestAgent(app.wsUrl, devA);
  const agentB = new TestAgent(app.wsUrl, devB);
  await agentA.start();
  await agentB.start();
  return { siteA, siteB, roomA: devA.roomId, roomB: devB.roomId, agentA, agentB };
}
