// Process and API plumbing for the relay benchmark: child processes (server, room side,
// websockify), an API client with cookie + CSRF, small timing helpers.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export const ROOT = new URL('../../', import.meta.url).pathname;

export interface Child {
  proc: ChildProcess;
  /** Resolves with the first stdout line that parses as JSON with `ready: true`. */
  ready: Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

export function startChild(name: string, cmd: string, args: string[], env: Record<string, string> = {}, quiet = false): Child {
  const proc = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      if (line.startsWith('{')) {
        try {
          const v = JSON.parse(line) as Record<string, unknown>;
          if (v.ready) resolve(v);
        } catch (err) {
          if (!quiet) process.stderr.write(`[${name}] unparsable line (${String(err)}): ${line}\n`);
        }
      } else if (!quiet) process.stderr.write(`[${name}] ${line}\n`);
    });
    proc.on('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
  });
  ready.catch(() => undefined);
  createInterface({ input: proc.stderr! }).on('line', (line) => {
    if (!quiet) process.stderr.write(`[${name}] ${line}\n`);
  });
  return {
    proc,
    ready,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
        setTimeout(() => proc.kill('SIGKILL'), 5000).unref();
      }),
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

export class Api {
  private cookie = '';
  private csrf = '';
  constructor(readonly base: string) {}

  async login(email: string, password: string): Promise<void> {
    const res = await fetch(`${this.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
    this.cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    this.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.base}/api/v1${path}`, {
      method,
      headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

export function stats(values: number[]): { n: number; p50: number; p95: number; p99: number; max: number } {
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]! : Number.NaN);
  return { n: s.length, p50: at(50), p95: at(95), p99: at(99), max: s.at(-1) ?? Number.NaN };
}

export const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 1)} ms`;

/**
 * CPU seconds (user + system) used so far by a process, and optionally by its children
 * (websockify and socat fork one per connection): the live ones, and those that have
 * exited and been waited for (the parent's cutime + cstime), so a connection that closed
 * before the reading still counts.
 */
export function cpuSeconds(pid: number, withChildren = false): number {
  const read = (p: number, waitedFor = false): number => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime + stime (+ cutime + cstime), in clock ticks (USER_HZ = 100)
      const own = Number(fields[11]) + Number(fields[12]);
      return (waitedFor ? own + Number(fields[13]) + Number(fields[14]) : own) / 100;
    } catch {
      return 0; // the process has exited: its time is no longer readable
    }
  };
  let total = read(pid, withChildren);
  if (withChildren) {
    try {
      for (const child of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean)) total += read(Number(child));
    } catch {
      // no children file: nothing to add
    }
  }
  return total;
}
