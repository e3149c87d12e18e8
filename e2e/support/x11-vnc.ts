// A real remote desktop for the browser tests: Xvfb on a free display of the e2e range,
// a full-screen X window with a known picture (xlogo on red), and x11vnc serving it on
// localhost with VNC password authentication. Plus the pointer's position (xdotool) and
// small process helpers that the tests use to stop everything they start.
import { execFile, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './server.ts';

const run = promisify(execFile);

/** A process we started, with its last output kept for failure messages. */
export interface Started {
  name: string;
  child: ChildProcess;
  output: () => string;
  /** SIGTERM (to its process group when it leads one), SIGKILL after a grace period. */
  stop: () => Promise<void>;
}

export function startProcess(name: string, command: string, args: string[], opts: SpawnOptions & { group?: boolean } = {}): Started {
  const { group = false, ...spawnOpts } = opts;
  const child = spawn(command, args, { ...spawnOpts, detached: group, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('error', (err) => keep(Buffer.from(`\n[${name}: ${err.message}]\n`)));
  const signal = (sig: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      if (group) process.kill(-child.pid, sig);
      else child.kill(sig);
    } catch (err) {
      // ESRCH: it is already gone, which is what we want.
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
      if (group) signal('SIGKILL'); // anything left in its group
      return;
    }
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    signal('SIGTERM');
    const timer = setTimeout(() => signal('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    if (group) signal('SIGKILL');
  };
  return { name, child, output: () => log, stop };
}

/** Something to stop at the end, by name (for the failure message); undefined when it never started. */
export type StopStep = [name: string, stop: (() => Promise<void> | void) | undefined];

/** Runs every step in order, each on its own; throws at the end naming those that failed. */
export async function stopAll(steps: StopStep[]): Promise<void> {
  const errors: string[] = [];
  for (const [name, stop] of steps) {
    try {
      await stop?.();
    } catch (err) {
      errors.push(`${name}: ${(err as Error).message}`);
    }
  }
  if (errors.length) throw new Error(`cleanup failed: ${errors.join('; ')}`);
}

export async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}

function tcpOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host: '127.0.0.1' });
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

/** X displays of the e2e range; override with ROOMWARDEN_E2E_DISPLAYS=FROM-TO. */
function displayRange(): [number, number] {
  const m = /^(\d+)-(\d+)$/.exec(process.env.ROOMWARDEN_E2E_DISPLAYS ?? '');
  return m ? [Number(m[1]), Number(m[2])] : [91, 99];
}

export interface VncDesktop {
  /** e.g. ":91" */
  display: string;
  vncPort: number;
  /** Plain-text password file for the agent (--vnc-password-file), mode 0600. */
  passwordFile: string;
  width: number;
  height: number;
  /** The pointer's position on the X display. */
  pointer: () => Promise<{ x: number; y: number }>;
  output: () => string;
  stop: () => Promise<void>;
}

export interface DesktopOptions {
  width?: number;
  height?: number;
  /** The background colour of the full-screen window (the "known picture"). */
  background?: string;
  password?: string;
}

/**
 * Xvfb + a full-screen xlogo window + x11vnc with a password. Painting the root window
 * does not show in Xvfb's framebuffer here; a window does, hence xlogo.
 */
export async function startVncDesktop(opts: DesktopOptions = {}): Promise<VncDesktop> {
  const width = opts.width ?? 1280;
  const height = opts.height ?? 720;
  const password = opts.password ?? 'e2e-vnc1';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roomwarden-vnc-'));
  const started: Started[] = [];
  const stopAll = async () => {
    for (const p of [...started].reverse()) await p.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const output = () => started.map((p) => `--- ${p.name} ---\n${p.output()}`).join('\n');

  try {
    // The agent reads the password in plain text; x11vnc reads its own obfuscated file.
    const passwordFile = path.join(dir, 'vnc-password');
    fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    const rfbauth = path.join(dir, 'x11vnc.passwd');
    await run('x11vnc', ['-storepasswd', password, rfbauth]);

    // A free display: no lock file and no socket.
    const [from, to] = displayRange();
    let display = '';
    for (let n = from; n <= to && !display; n++) {
      if (!fs.existsSync(`/tmp/.X${n}-lock`) && !fs.existsSync(`/tmp/.X11-unix/X${n}`)) display = `:${n}`;
    }
    if (!display) throw new Error(`No free X display in :${from}-:${to}`);
    const xvfb = startProcess('Xvfb', 'Xvfb', [display, '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp']);
    started.push(xvfb);
    const env = { ...process.env, DISPLAY: display };
    await waitUntil(
      async () => {
        if (xvfb.child.exitCode !== null) throw new Error(`Xvfb exited: ${xvfb.output()}`);
        try {
          await run('xdotool', ['getmouselocation'], { env });
          return true;
        } catch {
          return false;
        }
      },
      15_000,
      `Xvfb on ${display}`,
    );

    started.push(startProcess('xlogo', 'xlogo', ['-geometry', `${width}x${height}+0+0`, '-bg', opts.background ?? '#ff0000'], { env }));

    const vncPort = await freePort();
    const x11vnc = startProcess('x11vnc', 'x11vnc', ['-display', display, '-rfbport', String(vncPort), '-localhost', '-rfbauth', rfbauth, '-forever', '-shared', '-noxdamage', '-nopw', '-quiet'], { env });
    started.push(x11vnc);
    await waitUntil(
      async () => {
        if (x11vnc.child.exitCode !== null) throw new Error(`x11vnc exited: ${x11vnc.output()}`);
        return tcpOpen(vncPort);
      },
      20_000,
      `x11vnc on port ${vncPort}`,
    );

    const pointer = async () => {
      const { stdout } = await run('xdotool', ['getmouselocation'], { env });
      const m = /x:(-?\d+) y:(-?\d+)/.exec(stdout);
      if (!m) throw new Error(`xdotool getmouselocation said: ${stdout}`);
      return { x: Number(m[1]), y: Number(m[2]) };
    };
    return { display, vncPort, passwordFile, width, height, pointer, output, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
