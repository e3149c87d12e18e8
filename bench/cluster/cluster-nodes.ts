// The cluster under test: its PostgreSQL database, what it keeps between runs (the shared
// secrets key, the Administrator's password, the fleet's credentials) and its node processes
// (bench/agents/server-main.ts: the real createApp in cluster mode).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, startServer, type ServerProcess } from '../agents/harness.ts';

export interface NodeSpec {
  id: string;
  region: string;
  port: number;
}

export interface ClusterNode extends ServerProcess {
  spec: NodeSpec;
  dataDir: string;
}

export interface ClusterPlace {
  databaseUrl: string;
  stateDir: string;
  secretsKey: string;
  adminPassword: string;
  /** True when the database and the fleet's credentials come from an earlier run. */
  reused: boolean;
  /** Drops the database and the kept state unless the run keeps them. */
  cleanUp(): void;
}

function psql(pgAdmin: string, sqlText: string): string {
  return execFileSync('psql', [`${pgAdmin}/postgres`, '-v', 'ON_ERROR_STOP=1', '-Atqc', sqlText], { stdio: 'pipe', encoding: 'utf8' }).trim();
}

/**
 * The database `name` on `pgAdmin` and the state directory beside it. With `keep`, an existing
 * pair is reused (the fleet then reconnects without enrolling again) and both stay after the
 * run; without it, both are made fresh and removed at the end.
 */
export function preparePlace(pgAdmin: string, name: string, keep: boolean): ClusterPlace {
  const stateDir = path.join(repoRoot, 'data', name);
  const exists = psql(pgAdmin, `select count(*) from pg_database where datname = '${name}'`) === '1';
  const reused = keep && exists && fs.existsSync(path.join(stateDir, 'secrets-key'));
  if (!reused) {
    if (exists) psql(pgAdmin, `drop database ${name} with (force)`);
    fs.rmSync(stateDir, { recursive: true, force: true });
    psql(pgAdmin, `create database ${name}`);
    fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(path.join(stateDir, 'secrets-key'), randomBytes(32).toString('base64'), { mode: 0o600 });
    fs.writeFileSync(path.join(stateDir, 'admin-password'), `bench-${randomBytes(9).toString('base64url')}`, { mode: 0o600 });
  }
  return {
    databaseUrl: `${pgAdmin}/${name}`,
    stateDir,
    secretsKey: fs.readFileSync(path.join(stateDir, 'secrets-key'), 'utf8').trim(),
    adminPassword: fs.readFileSync(path.join(stateDir, 'admin-password'), 'utf8').trim(),
    reused,
    cleanUp: () => {
      if (keep) return;
      psql(pgAdmin, `drop database if exists ${name} with (force)`);
      fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

export async function startClusterNode(place: ClusterPlace, natsUrl: string, spec: NodeSpec): Promise<ClusterNode> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `rw-bench-${spec.id}-`));
  const server = await startServer(
    {
      DATABASE_URL: place.databaseUrl,
      NATS_URL: natsUrl,
      ROOMWARDEN_NODE_ID: spec.id,
      ROOMWARDEN_REGION: spec.region,
      ROOMWARDEN_SECRETS_KEY: place.secretsKey,
      ROOMWARDEN_ADMIN_PASSWORD: place.adminPassword,
      ROOMWARDEN_DATA_DIR: dataDir,
    },
    spec.port,
  );
  const stop = server.stop;
  return {
    ...server,
    spec,
    dataDir,
    stop: async () => {
      await stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** kill -9: the node vanishes without leaving the cluster. */
export async function killNode(node: ClusterNode): Promise<void> {
  if (node.child.exitCode !== null || node.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => node.child.once('exit', () => resolve()));
  node.child.kill('SIGKILL');
  await exited;
  fs.rmSync(node.dataDir, { recursive: true, force: true });
}
