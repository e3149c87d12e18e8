// Helpers for the remote-session tests: a listening app (on a port of this suite's
// range) whose agents are a FakeAgentLink, a room with an online agent, a user with a
// remote-access role, and WebSocket clients for the viewer and the agent's data side.
import { freePort } from './support/free-port.ts';
import WebSocket from 'ws';
import { DEFAULT_TIMINGS, type Config } from '../src/config.ts';
import { signedIn, type ApiClient } from './support/api-client.ts';
import { FakeAgentLink } from './support/fake-agent-link.ts';
import { makeRoom, userWithRole, type RoleSpec } from './support/factories.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestApp, type TestApp } from './support/test-app.ts';

export const CONTACT = 'noc@test.local';

export interface SessionsApp {
  t: TestApp;
  admin: ApiClient;
  /** The fake agent link, or undefined when the app uses its real gateway. */
  link: FakeAgentLink;
  base: string;
}

export const sessionTimings = (timings: Partial<Config['timings']>): Config['timings'] => ({
  ...DEFAULT_TIMINGS,
  sessionMinuteMs: 400,
  sessionSweepMs: 50,
  sessionRecheckMs: 200,
  ...timings,
});

export async function sessionsApp(timings: Partial<Config['timings']> = {}, opts: { realGateway?: boolean } = {}): Promise<SessionsApp> {
  const link = new FakeAgentLink();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const t = await createTestApp({ publicUrl: base, timings: sessionTimings(timings) }, opts.realGateway ? {} : { agentLink: link });
  await t.app.listen({ port, host: '127.0.0.1' });
  const admin = await signedIn(t.app, ADMIN_EMAIL, ADMIN_PASSWORD);
  return { t, admin, link, base };
}

export async function enableRemoteAccess(admin: ApiClient, patch: Record<string, unknown> = {}): Promise<void> {
  const res = await admin.put('settings/general', { remoteAccessEnabled: true, remoteAccessContactEmail: CONTACT, sessionIdleTimeoutMinutes: 240, sessionMaxMinutes: 720, ...patch });
  if (res.status !== 200) throw new Error(`settings: ${res.status} ${JSON.stringify(res.body)}`);
}

/** A room whose (fake) agent is online with VNC, and a signed-in user holding `level` remote access on it. */
export async function roomAndUser(s: SessionsApp, level: 'view' | 'modify' = 'modify', spec: RoleSpec = {}) {
  const room = await makeRoom(s.admin, { remoteAccessAllowed: true });
  s.link.setOnline(room.id);
  const u = await userWithRole(s.t.app, s.admin, { permissions: { remoteAccess: level }, roomIds: [room.id], ...spec });
  return { room, ...u };
}

export async function startSession(client: ApiClient, roomId: string, mode: 'control' | 'view' = 'control') {
  const res = await client.post(`rooms/${roomId}/sessions`, { mode });
  if (res.status !== 201) throw new Error(`start session: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; roomId: string; mode: string; state: string; startedAt: string; viewerUrl: string; ticketExpiresAt: string };
}

/** A WebSocket client that keeps every binary frame it receives. */
export class Peer {
  readonly ws: WebSocket;
  readonly chunks: Buffer[] = [];
  readonly opened: Promise<void>;
  readonly closed: Promise<{ code: number; reason: string }>;
  received = 0;

  constructor(url: string, headers: Record<string, string> = {}) {
    this.ws = new WebSocket(url, { headers });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      this.ws.once('error', reject);
    });
    this.opened.catch(() => undefined);
    this.closed = new Promise((resolve) => this.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    this.ws.on('message', (data: Buffer) => {
      this.chunks.push(data);
      this.received += data.length;
    });
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }

  send(data: Uint8Array): void {
    this.ws.send(data, { binary: true });
  }

  get isClosed(): boolean {
    return this.ws.readyState === WebSocket.CLOSED;
  }
}

/** The status with which the server refuses an upgrade (or 101 if it accepted it). */
export async function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  const ws = new WebSocket(url, { headers });
  return new Promise((resolve) => {
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('open', () => {
      resolve(101);
      ws.close();
    });
    ws.once('error', () => resolve(0));
  });
}

export const wsUrl = (base: string, path: string): string => `${base.replace(/^http/, 'ws')}${path}`;

/** Connects the viewer (from the start answer) and the agent data side (from the session.open the agent got). */
export async function connectBoth(s: SessionsApp, started: { id: string; viewerUrl: string }, order: 'agent-first' | 'viewer-first' = 'agent-first') {
  const open = s.link.openFor(started.id);
  let agent: Peer;
  let viewer: Peer;
  if (order === 'agent-first') {
    agent = new Peer(open.relayUrl);
    await agent.opened;
    viewer = new Peer(wsUrl(s.base, started.viewerUrl));
    await viewer.opened;
  } else {
    viewer = new Peer(wsUrl(s.base, started.viewerUrl));
    await viewer.opened;
    agent = new Peer(open.relayUrl);
    await agent.opened;
  }
  return { agent, viewer };
}

export async function auditEntriesFor(admin: ApiClient, action: string, sessionId: string) {
  const res = await admin.get(`audit?action=${action}&targetId=${sessionId}&limit=50`);
  if (res.status !== 200) throw new Error(`audit: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.items as Array<{ action: string; actorLabel: string; details: Record<string, unknown> }>;
}

export async function sessionOf(client: ApiClient, id: string) {
  return (await client.get(`sessions/${id}`)).body as Record<string, any>;
}
