// PGlite takes no lock on its data directory and two processes on one directory corrupt
// it, so the server holds an exclusive lock on the directory for as long as it runs.
//
// A pid alone proves nothing across PID namespaces: two containers on one volume are both
// PID 1. The lock is therefore a directory created atomically (mkdir) and kept fresh: its
// holder touches it every few seconds (proper-lockfile), and only a lock left unrefreshed
// for LOCK_STALE_MS is taken over. The holder's identity (host, boot, PID namespace, pid and
// that process's start time) is written beside it, so that a lock left by a dead process
// of this same host and namespace is taken over at once, without waiting for it to go stale.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';

/** A lock not refreshed for this long belongs to a process that is gone (or frozen): it is taken over. */
export const LOCK_STALE_MS = 30_000;
/** How often the holder refreshes its lock. */
export const LOCK_UPDATE_MS = 5_000;

export interface LockHolder {
  hostname: string;
  /** This boot of the machine's kernel (a reboot frees every lock). */
  bootId: string | null;
  /** The PID namespace the pid belongs to (`pid:[4026531836]`). */
  pidNamespace: string | null;
  pid: number;
  /** The holder's start time in clock ticks since boot: a reused pid is another process. */
  startedAt: string | null;
  lockedAt: string;
}

export interface LockOptions {
  /** The lock was lost (taken over after our refreshes stalled, or removed): stop writing. Default: throw. */
  onCompromised?: (err: Error) => void;
  /** Tests: who this process says it is (to play two containers that are both PID 1). */
  identity?: Partial<LockHolder>;
  staleMs?: number;
  updateMs?: number;
}

function readOr(file: string, fallback: string | null): string | null {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return fallback;
  }
}

function startTimeOf(pid: number): string | null {
  const stat = readOr(`/proc/${pid}/stat`, null);
  // Field 22 (starttime), counted after the command name's closing parenthesis.
  return stat ? (stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null) : null;
}

function pidNamespace(): string | null {
  try {
    return fs.readlinkSync('/proc/self/ns/pid');
  } catch {
    return null;
  }
}

function ownIdentity(override: Partial<LockHolder> = {}): LockHolder {
  const pid = override.pid ?? process.pid;
  return {
    hostname: os.hostname(),
    bootId: readOr('/proc/sys/kernel/random/boot_id', null),
    pidNamespace: pidNamespace(),
    pid,
    startedAt: startTimeOf(process.pid),
    lockedAt: new Date().toISOString(),
    ...override,
  };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when `holder` is a process of this host, boot and PID namespace that no longer runs: its lock is free now. */
function certainlyDead(holder: LockHolder, me: LockHolder): boolean {
  if (!holder.bootId || holder.bootId !== me.bootId || holder.hostname !== me.hostname) return false;
  if (!holder.pidNamespace || holder.pidNamespace !== me.pidNamespace) return false;
  if (holder.pid === me.pid && holder.startedAt === me.startedAt) return false;
  if (!processAlive(holder.pid)) return true;
  return holder.startedAt !== null && startTimeOf(holder.pid) !== holder.startedAt;
}

function readHolder(file: string): LockHolder | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}

function describe(holder: LockHolder | undefined): string {
  if (!holder) return 'another process';
  return `process ${holder.pid} on ${holder.hostname}${holder.pidNamespace ? ` (${holder.pidNamespace})` : ''}, locked at ${holder.lockedAt}`;
}

/** Takes the data directory's lock or throws naming who holds it; answers the release. */
export async function lockDataDir(dir: string, opts: LockOptions = {}): Promise<() => void> {
  fs.mkdirSync(dir, { recursive: true });
  const lockPath = path.join(dir, 'roomwarden.lock');
  const holderFile = path.join(dir, 'roomwarden.lock.holder.json');
  const me = ownIdentity(opts.identity);
  const staleMs = opts.staleMs ?? LOCK_STALE_MS;

  // The lock of a version before this one was a file with a pid: gone with the process that wrote it.
  if (fs.existsSync(lockPath) && !fs.statSync(lockPath).isDirectory()) fs.rmSync(lockPath, { force: true });
  const previous = readHolder(holderFile);
  if (fs.existsSync(lockPath) && previous && certainlyDead(previous, me)) fs.rmSync(lockPath, { recursive: true, force: true });

  try {
    await lockfile.lock(dir, {
      lockfilePath: lockPath,
      realpath: false,
      stale: staleMs,
      update: opts.updateMs ?? LOCK_UPDATE_MS,
      retries: 0,
      onCompromised:
        opts.onCompromised ??
        ((err) => {
          throw err;
        }),
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
    throw new Error(
      `Data directory ${dir} is in use by ${describe(readHolder(holderFile))}; stop it first. ` +
        `(A lock not refreshed for ${Math.round(staleMs / 1000)} s is taken over: ${lockPath})`,
    );
  }
  fs.writeFileSync(holderFile, JSON.stringify(me), { mode: 0o600 });
  let released = false;
  return () => {
    if (released) return;
    released = true;
    fs.rmSync(holderFile, { force: true });
    // Synchronous so that it also runs on the way out of a stopping process.
    try {
      lockfile.unlockSync(dir, { lockfilePath: lockPath, realpath: false });
    } catch {
      fs.rmSync(lockPath, { recursive: true, force: true });
    }
  };
}
