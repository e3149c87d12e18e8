#!/usr/bin/env node
// `npm run cluster`: three Roomwarden nodes on this machine's PostgreSQL and NATS, plus a
// simulated fleet spread over them, for trying the cluster out (Settings > Cluster; kill a
// node and watch its rooms come back on the others or go offline once).
//
//   node-1  http://127.0.0.1:18601  region emea
//   node-2  http://127.0.0.1:18602  region emea
//   node-3  http://127.0.0.1:18603  region noam
//
// Database: `roomwarden_cluster` (created when missing) on ROOMWARDEN_CLUSTER_PG
// (default postgres://postgres@127.0.0.1:5432); NATS: NATS_URL (default nats://127.0.0.1:4222).
// ROOMWARDEN_CLUSTER_DB another database name; ROOMWARDEN_CLUSTER_ROOMS rooms per node (default 8);
// ROOMWARDEN_ADMIN_PASSWORD the Administrator's password of an existing database. The shared secrets key, the
// Administrator's password and the fleets' credentials are kept in ./data/cluster.
// Ctrl-C stops the fleets and the nodes (SIGTERM: each node leaves the cluster cleanly).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const pgBase = (process.env.ROOMWARDEN_CLUSTER_PG ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/+$/, '');
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const roomsPerNode = Number(process.env.ROOMWARDEN_CLUSTER_ROOMS ?? 8);
const DB_NAME = process.env.ROOMWARDEN_CLUSTER_DB ?? 'roomwarden_cluster';
const NODES = [
  { id: 'node-1', port: 18601, region: 'emea' },
  { id: 'node-2', port: 18602, region: 'emea' },
  { id: 'node-3', port: 18603, region: 'noam' },
];
const stateDir = path.join(root, 'data', 'cluster');
fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });

/** A value kept in ./data/cluster (mode 0600), made on the first run. */
function kept(name, make) {
  const file = path.join(stateDir, name);
  if (!fs.existsSync(file)) fs.writeFileSync(file, make(), { mode: 0o600 });
  return fs.readFileSync(file, 'utf8').trim();
}

const secretsKey = kept('secrets-key', () => randomBytes(32).toString('base64'));
const adminEmail = 'admin@roomwarden.local';
const adminPassword = process.env.ROOMWARDEN_ADMIN_PASSWORD ?? kept('admin-password', () => `cluster-${randomBytes(9).toString('base64url')}`);

/** The newest modification time under a directory (or of a file). */
function newestMtime(p) {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...fs.readdirSync(p).map((name) => newestMtime(path.join(p, name))));
}
const dist = path.join(root, 'web', 'dist', 'index.html');
const webSources = [path.join(root, 'web', 'src'), path.join(root, 'web', 'index.html'), path.join(root, 'protocol', 'src')].filter((p) => fs.existsSync(p));
// Built when missing or older than its sources (as `npm start` does).
if (!fs.existsSync(dist) || fs.statSync(dist).mtimeMs < Math.max(...webSources.map(newestMtime))) {
  console.log('Building the portal…');
  const r = spawnSync('npm', ['run', 'build', '-w', 'web'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// The database, created when missing.
const admin = new pg.Client({ connectionString: `${pgBase}/postgres` });
try {
  await admin.connect();
} catch (err) {
  console.error(`PostgreSQL is not reachable at ${pgBase} (ROOMWARDEN_CLUSTER_PG): ${err.message}`);
  process.exit(1);
}
const exists = await admin.query('select 1 from pg_database where datname = $1', [DB_NAME]);
if (exists.rowCount === 0) {
  await admin.query(`create database ${DB_NAME}`);
  console.log(`Created the database ${DB_NAME}.`);
}
await admin.end();
const databaseUrl = `${pgBase}/${DB_NAME}`;

const children = [];
function startNode(n) {
  const url = `http://127.0.0.1:${n.port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server', 'src', 'main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      NATS_URL: natsUrl,
      ROOMWARDEN_NODE_ID: n.id,
      ROOMWARDEN_REGION: n.region,
      ROOMWARDEN_PORT: String(n.port),
      ROOMWARDEN_HOST: '127.0.0.1',
      ROOMWARDEN_PUBLIC_URL: url,
      ROOMWARDEN_DATA_DIR: path.join(stateDir, n.id),
      ROOMWARDEN_SECRETS_KEY: secretsKey,
      ROOMWARDEN_ADMIN_EMAIL: adminEmail,
      ROOMWARDEN_ADMIN_PASSWORD: adminPassword,
      ROOMWARDEN_LOG_LEVEL: process.env.ROOMWARDEN_LOG_LEVEL ?? 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(child);
  return { ...n, url, child };
}

async function waitReady(node) {
  for (let i = 0; i < 240; i++) {
    if (node.child.exitCode !== null) throw new Error(`${node.id} exited with ${node.child.exitCode}`);
    try {
      if ((await fetch(`${node.url}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${node.id} was not ready in time`);
}

let stopping = false;
function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 3_000).unref();
  Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r))))).then(() => process.exit(code));
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopAll(0));

try {
  // The first node migrates and creates the Administrator; the others follow.
  const first = startNode(NODES[0]);
  await waitReady(first);
  const others = NODES.slice(1).map(startNode);
  await Promise.all(others.map(waitReady));
  const nodes = [first, ...others];

  // Sign in on node 1, one enrollment token per node, one simulated fleet enrolled through each.
  const login = await fetch(`${first.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: adminEmail, password: adminPassword }) });
  if (!login.ok) throw new Error(`sign-in on node-1 failed (${login.status}): the database ${DB_NAME} already has its Administrator with another password. Set ROOMWARDEN_ADMIN_PASSWORD to it, use another database (ROOMWARDEN_CLUSTER_DB), or drop ${DB_NAME} to start over.`);
  const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0];
  const { csrfToken } = await login.json();
  for (const n of nodes) {
    const res = await fetch(`${n.url}/api/v1/enrollment-tokens`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ maxUses: roomsPerNode, expiresInMinutes: 60, label: `npm run cluster (${n.id})` }),
    });
    if (res.status !== 201) throw new Error(`enrollment token on ${n.id}: ${res.status} ${await res.text()}`);
    const { token } = await res.json();
    const fleetDir = path.join(stateDir, `fleet-${n.id}`);
    fs.mkdirSync(fleetDir, { recursive: true });
    const sim = spawn(process.execPath, [path.join(root, 'sim', 'bin', 'roomwarden-sim.mjs'), '--server', n.url, '--token', token, '--rooms', String(roomsPerNode), '--vnc', '--failure-rate', '0.03', '--recovery', '90', '--seed', String(n.port), '--state-dir', fleetDir], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(sim);
  }

  process.stdout.write(
    `\n  Roomwarden cluster: ${nodes.length} nodes on ${databaseUrl} and ${natsUrl}, ${roomsPerNode} simulated rooms enrolled through each.\n` +
      nodes.map((n) => `    ${n.id}  ${n.url}  (region ${n.region})\n`).join('') +
      `    Sign in:  ${adminEmail} / ${adminPassword}  (on any node; Settings > Cluster lists them)\n` +
      `    Try:      kill -9 a node's process: it leaves Settings > Cluster; its rooms reconnect to a node of their region, or go offline once.\n` +
      `    Data:     ${stateDir} (the shared secrets key, the password, the fleets' credentials); drop the database ${DB_NAME} to start over.\n` +
      `    Ctrl-C stops everything.\n\n`,
  );
  for (const c of children) c.on('exit', (code, signal) => !stopping && console.error(`a process of the cluster exited (${code ?? signal}); the others go on`));
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  stopAll(1);
}
