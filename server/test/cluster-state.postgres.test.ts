// Issue 12, cluster-wide state: three nodes on one fresh PostgreSQL database (PostgreSQL
// only: this file is part of the api project's PostgreSQL run, see vitest.config.ts).
// Nothing a node must agree on lives in one node's memory: one-time tickets, sign-in
// failures, sign-in sessions and CSRF, the first Administrator, the audit chain.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../src/db/migrations/index.ts';
import { ApiClient, signedIn } from './support/api-client.ts';
import { FakeAgentLink } from './support/fake-agent-link.ts';
import { makeRoom, makeSite } from './support/factories.ts';
import { freePort } from './support/free-port.ts';
import { startClusterNode, type ClusterNode as StartedNode } from './support/cluster-nodes.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, freshPostgresDatabase } from './support/test-app.ts';
import { enrollRequest } from './agents-helpers.ts';
import { enableRemoteAccess, Peer, startSession, upgradeStatus, wsUrl } from './sessions-helpers.ts';

const BASE_URL = process.env.ROOMWARDEN_TEST_DATABASE_URL;
if (!BASE_URL) throw new Error('cluster-state.postgres.test.ts runs on PostgreSQL only: set ROOMWARDEN_TEST_DATABASE_URL (vitest.config.ts leaves it out otherwise)');
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// A long first backoff step: the account's next attempt is refused however slow the machine.
const THROTTLE = { perAccount: 3, perAddress: 4, windowMs: 15 * 60_000, backoffBaseMs: 10 * 60_000 };

interface ClusterNode extends StartedNode {
  link: FakeAgentLink;
}

/** A node on the shared database whose agents are a FakeAgentLink. */
async function startNode(databaseUrl: string, nodeId: string, secretsKey: Buffer): Promise<ClusterNode> {
  const link = new FakeAgentLink();
  return { ...(await startClusterNode(databaseUrl, nodeId, secretsKey, { throttle: THROTTLE, agentLink: link })), link };
}

async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text, values)).rows;
  } finally {
    await c.end();
  }
}

/** The same signed-in browser, its request reaching another node (a load balancer without sticky sessions). */
function sameBrowserOn(node: ClusterNode, from: ApiClient, ip?: string): ApiClient {
  const c = new ApiClient(node.rw.app, ip);
  c.cookie = from.cookie;
  c.csrfToken = from.csrfToken;
  return c;
}

describe('three nodes on one database (createApp)', () => {
  let db: { url: string; drop: () => Promise<void> };
  let nodes: ClusterNode[];
  let a: ClusterNode, b: ClusterNode, c: ClusterNode;

  beforeAll(async () => {
    db = await freshPostgresDatabase(BASE_URL);
    const key = randomBytes(32);
    // Started at the same moment: migrations and the first Administrator race here.
    nodes = await Promise.all(['node-a', 'node-b', 'node-c'].map((id) => startNode(db.url, id, key)));
    [a, b, c] = nodes as [ClusterNode, ClusterNode, ClusterNode];
    const created = await Promise.all(nodes.map((n) => n.rw.services.bootstrap.ensureAdministrator(ADMIN_EMAIL, ADMIN_PASSWORD)));
    expect(created.filter((r) => r.created)).toHaveLength(1);
  });
  afterAll(async () => {
    await Promise.all((nodes ?? []).map((n) => n.rw.close()));
    await db?.drop();
  });

  it('migrated once and made exactly one first Administrator', async () => {
    const ran = await query<{ name: string }>(db.url, 'select name from roomwarden_migrations order by name');
    expect(ran.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
    expect(await query(db.url, 'select email from users')).toEqual([{ email: ADMIN_EMAIL }]);
    expect(await query(db.url, "select count(*)::int as n from audit_log where action = 'user.create'")).toEqual([{ n: 1 }]);
  });

  it('a viewer ticket issued through node A is refused on B and C without being spent, redeemed once on A', async () => {
    const admin = await signedIn(a.rw.app, ADMIN_EMAIL, ADMIN_PASSWORD);
    await enableRemoteAccess(admin);
    const room = await makeRoom(admin, { remoteAccessAllowed: true });
    a.link.setOnline(room.id);
    const started = await startSession(admin, room.id);
    // The session is live on A: B and C answer SESSION_NOT_ACTIVE 409 and leave the ticket (a viewer a load balancer sent astray can still go to A).
    expect(await upgradeStatus(wsUrl(b.base, started.viewerUrl))).toBe(409);
    expect(await upgradeStatus(wsUrl(c.base, started.viewerUrl))).toBe(409);
    const viewer = new Peer(wsUrl(a.base, started.viewerUrl));
    await viewer.opened;
    // Spent by A: refused there after that.
    expect(await upgradeStatus(wsUrl(a.base, started.viewerUrl))).toBe(401);
    viewer.ws.close();
  });

  it('of every node redeeming the same tickets at once, exactly one wins each ticket', async () => {
    const sessionIds = Array.from({ length: 40 }, () => crypto.randomUUID());
    const issued = await Promise.all(sessionIds.map((id) => a.rw.sessions.tickets.issue(id, 'agent')));
    const verdicts = await Promise.all(issued.flatMap((t, i) => nodes.map((n) => n.rw.sessions.tickets.redeem(t.ticket, sessionIds[i]!, 'agent'))));
    expect(verdicts.filter((v) => v.ok)).toHaveLength(issued.length);
    expect(verdicts.filter((v) => !v.ok)).toHaveLength(issued.length * (nodes.length - 1));
    // check on another node spends nothing, redeem there spends it for all
    const t = await a.rw.sessions.tickets.issue(sessionIds[0]!, 'viewer');
    expect(await c.rw.sessions.tickets.check(t.ticket, sessionIds[0]!, 'viewer')).toEqual({ ok: true });
    expect(await b.rw.sessions.tickets.redeem(t.ticket, sessionIds[0]!, 'viewer')).toEqual({ ok: true });
    expect(await c.rw.sessions.tickets.check(t.ticket, sessionIds[0]!, 'viewer')).toEqual({ ok: false, why: 'unknown' });
  });

  it("sign-in failures count across nodes: the per-address limit trips on whichever node is hit, and an account's backoff follows it", async () => {
    const ip = '198.51.100.7';
    const attempt = (n: ClusterNode, email: string, from = ip) => new ApiClient(n.rw.app, from).request('POST', 'auth/login', { email, password: 'wrong-password' });
    // Four failures for four accounts from one address, spread over the nodes: the fourth (on C) is over the limit.
    expect((await attempt(a, 'one@x.test')).status).toBe(401);
    expect((await attempt(b, 'two@x.test')).status).toBe(401);
    expect((await attempt(a, 'three@x.test')).status).toBe(401);
    const fourth = await attempt(c, 'four@x.test');
    expect(fourth.status).toBe(429);
    expect(fourth.body.error.code).toBe('RATE_LIMITED');
    expect((await attempt(b, 'five@x.test')).status).toBe(429);
    // Another address is not limited.
    expect((await attempt(b, 'six@x.test', '198.51.100.8')).status).toBe(401);
    // One account's free failures used up over three nodes and three addresses: the next is refused on any node.
    for (const [i, n] of nodes.entries()) expect((await attempt(n, 'target@x.test', `203.0.113.${i + 1}`)).status).toBe(401);
    const refused = await attempt(a, 'target@x.test', '203.0.113.9');
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
  });

  it('failed enrollments count across nodes: the 30 failures an address may make, spread over three nodes, then 429 on any', async () => {
    const ip = '198.51.100.77';
    const enroll = (n: ClusterNode) => new ApiClient(n.rw.app, ip).post('agent/enroll', enrollRequest('not-an-enrollment-token'));
    for (let i = 0; i < 30; i++) expect((await enroll(nodes[i % 3]!)).status).toBe(401);
    for (const n of nodes) expect((await enroll(n)).status).toBe(429);
    expect((await new ApiClient(a.rw.app, '198.51.100.78').post('agent/enroll', enrollRequest('not-an-enrollment-token'))).status).toBe(401);
  });

  it('a sign-in session and its CSRF token from node A work on B and C; signing out on B ends it on C', async () => {
    const onA = await signedIn(a.rw.app, ADMIN_EMAIL, ADMIN_PASSWORD, '192.0.2.10');
    const onB = sameBrowserOn(b, onA, '192.0.2.10');
    expect((await onB.get('me')).body.user.email).toBe(ADMIN_EMAIL);
    expect((await onB.post('sites', { name: 'made on B' })).status).toBe(201);
    const onC = sameBrowserOn(c, onA, '192.0.2.10');
    const noToken = await onC.request('POST', 'sites', { name: 'no token' }, { csrf: false });
    expect(noToken.status).toBe(403);
    expect(noToken.body.error.code).toBe('CSRF_TOKEN_INVALID');
    const wrongToken = sameBrowserOn(c, onA, '192.0.2.10');
    wrongToken.csrfToken = 'not-the-token';
    expect((await wrongToken.post('sites', { name: 'wrong token' })).status).toBe(403);
    expect((await onC.post('sites', { name: 'made on C' })).status).toBe(201);
    expect((await onB.post('auth/logout')).status).toBeLessThan(300);
    expect((await onC.get('me')).status).toBe(401);
    expect((await sameBrowserOn(a, onA, '192.0.2.10').get('me')).status).toBe(401);
  });

  it('one audit chain written by every node: 300 audited changes at once, no entry lost, the chain intact on every node', async () => {
    const admins = await Promise.all(nodes.map((n, i) => signedIn(n.rw.app, ADMIN_EMAIL, ADMIN_PASSWORD, `192.0.2.${20 + i}`)));
    const before = (await query<{ n: number }>(db.url, 'select count(*)::int as n from audit_log'))[0]!.n;
    const perNode = 100;
    const made = await Promise.all(admins.flatMap((admin, i) => Array.from({ length: perNode }, (_, k) => makeSite(admin, `chain ${i}-${k}`))));
    expect(made).toHaveLength(perNode * nodes.length);
    const rows = await query<{ target_id: string }>(db.url, "select target_id from audit_log where action = 'site.create' and target_id = any($1::text[])", [made.map((s) => s.id)]);
    expect(rows.map((r) => r.target_id).sort()).toEqual(made.map((s) => s.id).sort());
    const all = await query<{ seq: string }>(db.url, 'select seq from audit_log order by seq');
    expect(all.length).toBeGreaterThanOrEqual(before + perNode * nodes.length);
    expect(all.map((r) => Number(r.seq))).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
    for (const admin of admins) {
      const verify = await admin.get('audit/verify');
      expect(verify.status).toBe(200);
      expect(verify.body).toEqual({ ok: true, checked: all.length, firstBadSeq: null });
    }
  });
});

describe('three processes started at the same moment on a fresh database', () => {
  let db: { url: string; drop: () => Promise<void> };
  beforeAll(async () => {
    db = await freshPostgresDatabase(BASE_URL);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('migrate once and make exactly one first Administrator', async () => {
    const key = randomBytes(32).toString('base64');
    const ports = await Promise.all([freePort(), freePort(), freePort()]);
    const children = ports.map((port, i) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          DATABASE_URL: db.url,
          NATS_URL: '',
          ROOMWARDEN_PORT: String(port),
          ROOMWARDEN_HOST: '127.0.0.1',
          ROOMWARDEN_PUBLIC_URL: `http://127.0.0.1:${port}`,
          ROOMWARDEN_NODE_ID: `proc-${i}`,
          ROOMWARDEN_SECRETS_KEY: key,
          ROOMWARDEN_ADMIN_EMAIL: 'first@cluster.test',
          ROOMWARDEN_ADMIN_PASSWORD: '',
          ROOMWARDEN_LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
      return { child, port, output: () => output };
    });
    try {
      await Promise.all(children.map((p) => waitReady(p.port, p.child, p.output)));
      // Exactly one of them printed the generated password of the first Administrator.
      expect(children.filter((p) => p.output().includes('Roomwarden first start')).map((p) => p.port)).toHaveLength(1);
      const ran = await query<{ name: string }>(db.url, 'select name from roomwarden_migrations order by name');
      expect(ran.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
      expect(await query(db.url, 'select email from users')).toEqual([{ email: 'first@cluster.test' }]);
      expect(await query(db.url, "select count(*)::int as n from audit_log where action = 'user.create'")).toEqual([{ n: 1 }]);
    } finally {
      await Promise.all(children.map((p) => stopChild(p.child)));
    }
  }, 180_000);
});

async function waitReady(port: number, child: ReturnType<typeof spawn>, output: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`node on ${port} exited with ${child.exitCode}:\n${output()}`);
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`node on ${port} was not ready in time:\n${output()}`);
}

async function stopChild(child: ReturnType<typeof spawn>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}
