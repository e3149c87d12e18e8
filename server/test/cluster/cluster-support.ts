// What the cluster tests run on: a fresh PostgreSQL database, a NATS server of the test's
// own on a free port (so it can be stopped and started), real server processes (node-entry.ts)
// and a small fetch client with the sign-in cookie, CSRF token and an SSE reader.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort } from '../support/free-port.ts';
import { readSseBlocks } from '../support/sse-blocks.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const PG_BASE = process.env.ROOMWARDEN_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const ADMIN = { email: 'admin@cluster.test', password: 'cluster-Admin-password-1' };
export const NATS_SERVER = process.env.ROOMWARDEN_NATS_SERVER ?? '/usr/sbin/nats-server';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastErr: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      lastErr = err;
    }
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}${lastErr ? ` (${String(lastErr)})` : ''}`);
}

export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `rw_cluster_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_BASE });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_BASE);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_BASE });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export async function query<T extends pg.QueryResultRow>(dbUrl: string, text: string, values: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  try {
    return (await c.query<T>(text, values)).rows;
  } finally {
    await c.end();
  }
}

/** A nats-server of the test's own: stop() and start() again on the same port. */
export class TestNats {
  #child: ChildProcess | undefined;
  private constructor(readonly port: number) {}

  static async start(): Promise<TestNats> {
    const n = new TestNats(await freePort());
    await n.start();
    return n;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.#child = spawn(NATS_SERVER, ['-a', '127.0.0.1', '-p', String(this.port)], { stdio: 'ignore' });
    await waitFor('nats-server listening', async () => {
      const net = await import('node:net');
      return new Promise<boolean>((resolve) => {
        const s = net.connect({ host: '127.0.0.1', port: this.port });
        s.once('connect', () => (s.destroy(), resolve(true)));
        s.once('error', () => resolve(false));
      });
    });
  }

  async stop(): Promise<void> {
    const c = this.#child;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    c.kill('SIGKILL');
    await exited;
  }
}

export interface Node {
  id: string;
  url: string;
  port: number;
  child: ChildProcess;
  output: () => string;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

export const TEST_TIMINGS = { heartbeatIntervalSec: 1, offlineAfterMissedHeartbeats: 3, agentSweepMs: 200, lastSeenFlushMs: 500, clusterHeartbeatMs: 500, clusterSweepMs: 500, sseKeepAliveMs: 2_000 };

/** `port`: a node restarted on its own port keeps its public URL (a rolling restart); default a free one. */
export async function startNode(opts: { id: string; region: string; databaseUrl: string; natsUrl: string; secretsKey: string; port?: number }): Promise<Node> {
  const port = opts.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `rw-cluster-${opts.id}-`));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/test/cluster/node-entry.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ROOMWARDEN_PORT: String(port),
      ROOMWARDEN_HOST: '127.0.0.1',
      ROOMWARDEN_PUBLIC_URL: url,
      ROOMWARDEN_DATA_DIR: dataDir,
      ROOMWARDEN_NODE_ID: opts.id,
      ROOMWARDEN_REGION: opts.region,
      ROOMWARDEN_ADMIN_EMAIL: ADMIN.email,
      ROOMWARDEN_ADMIN_PASSWORD: ADMIN.password,
      ROOMWARDEN_SECRETS_KEY: opts.secretsKey,
      ROOMWARDEN_LOG_LEVEL: 'warn',
      ROOMWARDEN_WEB_DIR: path.join(dataDir, 'no-web'),
      DATABASE_URL: opts.databaseUrl,
      NATS_URL: opts.natsUrl,
      ROOMWARDEN_TEST_TIMINGS: JSON.stringify(TEST_TIMINGS),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk: Buffer) => (log = (log + chunk.toString('utf8')).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const node: Node = { id: opts.id, url, port, child, output: () => log, kill9: () => end('SIGKILL'), stop: () => end('SIGTERM') };
  try {
    await waitFor(`node ${opts.id} ready`, async () => {
      if (child.exitCode !== null) throw new Error(`node ${opts.id} exited ${child.exitCode}: ${log}`);
      return (await fetch(`${url}/readyz`)).ok;
    }, 90_000);
  } catch (err) {
    await node.kill9();
    throw new Error(`${String(err)}\n${log}`);
  }
  return node;
}

export interface ThreeNodes {
  nats: TestNats;
  db: { url: string; drop: () => Promise<void> };
  a: Node;
  b: Node;
  c: Node;
  /** Stops the nodes, then NATS, then drops the database. */
  stop(): Promise<void>;
}

/** A fresh database, a NATS of the test's own and three nodes on them: A first (it migrates it), then B and C together. */
export async function startThreeNodes(regions: readonly [string, string, string] = ['emea', 'emea', 'emea']): Promise<ThreeNodes> {
  const nats = await TestNats.start();
  const db = await freshDatabase();
  const common = { databaseUrl: db.url, natsUrl: nats.url, secretsKey: randomBytes(32).toString('base64') };
  const a = await startNode({ id: 'node-a', region: regions[0], ...common });
  const [b, c] = await Promise.all([startNode({ id: 'node-b', region: regions[1], ...common }), startNode({ id: 'node-c', region: regions[2], ...common })]);
  return {
    nats,
    db,
    a,
    b,
    c,
    stop: async () => {
      await Promise.all([a, b, c].map((n) => n.stop()));
      await nats.stop();
      await db.drop();
    },
  };
}

/** A signed-in user (the administrator by default) on one node (its cookie works on every node: sign-ins live in PostgreSQL). */
export class HttpClient {
  private constructor(
    readonly base: string,
    readonly cookie: string,
    readonly csrf: string,
  ) {}

  static async signIn(base: string, credentials: { email: string; password: string } = ADMIN): Promise<HttpClient> {
    const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(credentials) });
    if (res.status !== 200) throw new Error(`login on ${base}: ${res.status} ${await res.text()}`);
    const cookie = (res.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    const body = (await res.json()) as { csrfToken: string };
    return new HttpClient(base, cookie, body.csrfToken);
  }

  on(base: string): HttpClient {
    return new HttpClient(base, this.cookie, this.csrf);
  }

  async get(p: string): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.base}/api/v1/${p}`, { headers: { cookie: this.cookie } });
    return { status: res.status, body: res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text() };
  }

  async post(p: string, body: unknown, method = 'POST'): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.base}/api/v1/${p}`, { method, headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: res.status === 204 ? undefined : await res.json() };
  }

  /** DELETE (204 has no body). */
  async delete(p: string): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.base}/api/v1/${p}`, { method: 'DELETE', headers: { cookie: this.cookie, 'x-csrf-token': this.csrf } });
    return { status: res.status, body: res.status === 204 ? undefined : await res.json() };
  }
}

export interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Reads GET /events in the background. */
export class SseStream {
  readonly events: SseEvent[] = [];
  readonly #abort = new AbortController();
  readonly ready: Promise<number>;

  constructor(client: HttpClient) {
    this.ready = (async () => {
      const res = await fetch(`${client.base}/api/v1/events`, { headers: { cookie: client.cookie }, signal: this.#abort.signal });
      if (res.ok && res.body) void this.#read(res.body);
      return res.status;
    })();
  }

  async #read(body: ReadableStream<Uint8Array>): Promise<void> {
    await readSseBlocks(body, this.#abort.signal, (b) => {
      if (b.event) this.events.push({ event: b.event, data: JSON.parse(b.data ?? '{}') as Record<string, unknown> });
    });
  }

  close(): void {
    this.#abort.abort();
  }
}
