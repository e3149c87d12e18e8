// `npm run cluster`: three Roomwarden nodes on this machine's PostgreSQL and NATS, as a
// cluster runs for real (one DATABASE_URL, one NATS_URL, one secrets key, a public URL per
// node), with a simulated fleet spread over the nodes. Node 1 runs in this process, nodes 2
// and 3 as child processes (kill one with `kill -9` to see its rooms move to the others).
//
//   DATABASE_URL   default postgres://postgres@127.0.0.1:5432/roomwarden_cluster (created if missing)
//   NATS_URL       default nats://127.0.0.1:4222
//   ROOMWARDEN_CLUSTER_ROOMS  simulated rooms per node (default 6)
//
// Its state (secrets key, admin password, the fleet's credentials) is kept in ./data/cluster.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { configOrExit, runServer, systemCaller } from '@roomwarden/server';
import { startFleet, type Fleet } from '@roomwarden/sim';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dataDir = path.resolve(process.env.ROOMWARDEN_DATA_DIR ?? path.join(root, 'data', 'cluster'));
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/roomwarden_cluster';
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const roomsPerNode = Number(process.env.ROOMWARDEN_CLUSTER_ROOMS ?? 6);
const NODES = [
  { id: 'node-1', region: 'emea', port: 18601 },
  { id: 'node-2', region: 'emea', port: 18602 },
  { id: 'node-3', region: 'noam', port: 18603 },
];
const urlOf = (port: number) => `http://127.0.0.1:${port}`;

/** A value kept in the data directory, made once. */
function kept(name: string, make: () => string): string {
  const file = path.join(dataDir, name);
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const value = make();
  fs.writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return value;
}

async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name ${name}: use lowercase letters, digits and _`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
}

fs.mkdirSync(dataDir, { recursive: true });
await ensureDatabase(databaseUrl);
const shared = {
  DATABASE_URL: databaseUrl,
  NATS_URL: natsUrl,
  ROOMWARDEN_SECRETS_KEY: kept('secrets.key', () => randomBytes(32).toString('base64')),
  ROOMWARDEN_ADMIN_PASSWORD: kept('admin-password', () => randomBytes(12).toString('base64url')),
  ROOMWARDEN_REGION_URLS: `emea=${urlOf(NODES[0]!.port)},noam=${urlOf(NODES[2]!.port)}`,
  ROOMWARDEN_LOG_LEVEL: process.env.ROOMWARDEN_LOG_LEVEL ?? 'warn',
};
const envOf = (n: (typeof NODES)[number]) => ({
  ...process.env,
  ...shared,
  ROOMWARDEN_NODE_ID: n.id,
  ROOMWARDEN_REGION: n.region,
  ROOMWARDEN_PORT: String(n.port),
  ROOMWARDEN_HOST: '127.0.0.1',
  ROOMWARDEN_PUBLIC_URL: urlOf(n.port),
  ROOMWARDEN_DATA_DIR: path.join(dataDir, n.id),
});

async function ready(url: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > end) throw new Error(`${url} did not become ready`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

// Node 1 first (it migrates the database and makes the Administrator), then the others.
const first = await runServer(configOrExit(envOf(NODES[0]!)));
const children: ChildProcess[] = NODES.slice(1).map((n) => {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server', 'src', 'main.ts')], { cwd: root, env: envOf(n), stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => process.stderr.write(`  ${n.id} exited (${signal ?? code})\n`));
  return child;
});
await Promise.all(NODES.map((n) => ready(urlOf(n.port))));

const system = systemCaller('cluster-demo');
const fleets: Fleet[] = [];
for (const n of NODES) {
  const token = await first.rw.services.enrollment.createToken(system, { maxUses: roomsPerNode, expiresInMinutes: 10, label: `cluster demo fleet on ${n.id}`, region: n.region });
  const stateDir = path.join(dataDir, 'fleet', n.id);
  fs.mkdirSync(stateDir, { recursive: true });
  fleets.push(await startFleet({ server: urlOf(n.port), token: token.token, rooms: roomsPerNode, vnc: true, failureRate: 0.02, recoverySec: 90, stateDir, seed: NODES.indexOf(n) + 1 }));
}

const stopAll = async () => {
  await Promise.allSettled(fleets.map((f) => f.stop()));
  for (const c of children) c.kill('SIGTERM');
};
first.onShutdown(stopAll);

process.stdout.write(
  `\n  Roomwarden cluster: ${NODES.length} nodes on ${databaseUrl.replace(/\/\/[^@]*@/, '//')} and ${natsUrl}, ${roomsPerNode * NODES.length} simulated rooms.\n` +
    NODES.map((n, i) => `    ${n.id} (${n.region}): ${urlOf(n.port)}${i > 0 ? `  pid ${children[i - 1]!.pid}` : '  (this process)'}\n`).join('') +
    `    Sign in:  ${first.admin.email} / ${shared.ROOMWARDEN_ADMIN_PASSWORD} (kept in ${path.join(dataDir, 'admin-password')})\n` +
    `    Try:      Settings > Cluster; kill -9 the pid of node-2 and watch its rooms come back on the others.\n\n`,
);
