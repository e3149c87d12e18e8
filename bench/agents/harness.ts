// Child processes of the benchmark: the server under test and the agent clients.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClientCommand, ClientReply } from './client.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  base: string;
  /** Full garbage collection in the server, then a short settle. */
  gc(): Promise<void>;
  stop(): Promise<void>;
}

export async function startServer(env: Record<string, string>, port: number): Promise<ServerProcess> {
  const child = fork(path.join(here, 'server-main.ts'), [], {
    cwd: repoRoot,
    // BENCH_SERVER_NODE_ARGS: more Node.js flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
    execArgv: ['--import', 'tsx', '--expose-gc', ...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean)],
    env: { ...process.env, ...env, ROOMWARDEN_PORT: String(port), ROOMWARDEN_HOST: '127.0.0.1', ROOMWARDEN_PUBLIC_URL: `http://127.0.0.1:${port}`, ROOMWARDEN_LOG_LEVEL: 'error', NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not start within 180 s')), 180_000);
    child.once('message', () => {
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}`));
    });
  });
  return {
    child,
    pid: child.pid as number,
    base: `http://127.0.0.1:${port}`,
    gc: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          setTimeout(resolve, 2_000);
        };
        const timer = setTimeout(() => {
          child.off('message', done);
          resolve();
        }, 10_000);
        child.once('message', done);
        child.send({ type: 'gc' });
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 20_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** One agent client process; commands run one at a time. */
export class AgentClient {
  private readonly child: ChildProcess;
  private chain: Promise<unknown> = Promise.resolve();
  private pending = 0;

  /** `env`: the client's options (BENCH_STATE_DIR, BENCH_ENROLL_CONCURRENCY, BENCH_RAMP_PER_SEC; see client.ts). */
  constructor(server: string, token: string, seed: number, env: Record<string, string> = {}) {
    this.child = fork(path.join(here, 'client.ts'), [], {
      cwd: repoRoot,
      execArgv: ['--import', 'tsx', '--max-old-space-size=2048'],
      env: { ...process.env, ...env, BENCH_SERVER: server, BENCH_TOKEN: token, BENCH_SEED: String(seed), NODE_NO_WARNINGS: '1' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
  }

  get pid(): number {
    return this.child.pid as number;
  }

  request<T extends ClientReply['type']>(cmd: ClientCommand, expect: T, timeoutMs = 600_000): Promise<Extract<ClientReply, { type: T }>> {
    const run = () =>
      new Promise<Extract<ClientReply, { type: T }>>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`client: no answer to ${cmd.type} in ${timeoutMs} ms`)), timeoutMs);
        const onMessage = (msg: unknown) => {
          const r = msg as ClientReply;
          if (r.type !== expect && r.type !== 'error') return;
          clearTimeout(timer);
          this.child.off('message', onMessage);
          if (r.type === 'error') reject(new Error(`client: ${r.message}`));
          else resolve(r as Extract<ClientReply, { type: T }>);
        };
        this.child.on('message', onMessage);
        this.child.send(cmd);
      });
    this.pending++;
    const p = this.chain.then(run, run).finally(() => this.pending--);
    this.chain = p.catch(() => undefined);
    return p;
  }

  /** A clean stop, or kill -9 when a request is still running (a stop would wait behind it). */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    if (this.pending > 0) {
      this.child.kill('SIGKILL');
      return;
    }
    await this.request({ type: 'stop' }, 'stopped', 60_000).catch(() => this.child.kill('SIGKILL'));
  }
}
