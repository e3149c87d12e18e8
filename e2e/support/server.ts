// Starts the real Roomwarden server (as `npm start` would run it, from source with tsx)
// on a free port, with a temporary data directory and a known Administrator; waits for
// /readyz; stops it (SIGTERM) and removes the data directory. It builds nothing: the
// portal must already be built (npm run build).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The e2e port range; override with ROOMWARDEN_E2E_PORTS=FROM-TO. */
function portRange(): [number, number] {
  const m = /^(\d+)-(\d+)$/.exec(process.env.ROOMWARDEN_E2E_PORTS ?? '');
  return m ? [Number(m[1]), Number(m[2])] : [18700, 18799];
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  const [from, to] = portRange();
  const start = from + Math.floor(Math.random() * (to - from + 1));
  for (let i = 0; i <= to - from; i++) {
    const port = from + ((start - from + i) % (to - from + 1));
    if (await portFree(port)) return port;
  }
  throw new Error(`No free TCP port in ${from}-${to}`);
}

export interface RunningServer {
  url: string;
  port: number;
  adminEmail: string;
  adminPassword: string;
  dataDir: string;
  /** Everything the server printed, for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited with ${child.exitCode} before it was ready:\n${output()}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) return;
      last = `readyz answered ${res.status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The server was not ready within ${timeoutMs} ms (${last}):\n${output()}`);
}

export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const webIndex = path.join(REPO_ROOT, 'web/dist/index.html');
  if (!fs.existsSync(webIndex)) throw new Error(`The portal is not built (${webIndex} is missing): run "npm run build" first`);
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'roomwarden-e2e-'));
  const adminEmail = 'admin@e2e.test';
  const adminPassword = 'e2e-Admin-password-1';
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      ROOMWARDEN_PORT: String(port),
      ROOMWARDEN_HOST: '127.0.0.1',
      ROOMWARDEN_PUBLIC_URL: url,
      ROOMWARDEN_DATA_DIR: dataDir,
      ROOMWARDEN_ADMIN_EMAIL: adminEmail,
      ROOMWARDEN_ADMIN_PASSWORD: adminPassword,
      ROOMWARDEN_LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      NATS_URL: '',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const output = () => log;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitReady(url, child, opts.readyTimeoutMs ?? 90_000, output);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, port, adminEmail, adminPassword, dataDir, output, stop };
}
