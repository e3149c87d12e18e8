// The PGlite data directory's lock (issue 11): exclusive whatever the pids say. Two
// containers on one volume are both PID 1 in their own PID namespaces; the second must be
// refused. A lock left by a process that is gone is still taken over.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockDataDir } from '../src/db/data-dir-lock.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-lock-'));
  dirs.push(d);
  return d;
}

const canUnshare = process.platform === 'linux' && spawnSync('unshare', ['--pid', '--fork', '--mount-proc', 'true']).status === 0;

/** Starts lock-holder.ts in a PID namespace of its own (it is PID 1 there) and answers its first line. */
function holderInOwnPidNamespace(dir: string): Promise<{ pid: number; locked: boolean; error?: string }> {
  const child = spawn('unshare', ['--pid', '--fork', '--mount-proc', process.execPath, '--import', 'tsx', 'server/test/support/lock-holder.ts', dir], { cwd: ROOT });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!));
    });
    child.on('exit', (code) => reject(new Error(`lock holder exited (${code}) before answering: ${out}`)));
  });
}

describe('the data directory lock', () => {
  it.skipIf(!canUnshare)('two processes that are both PID 1 (two PID namespaces): the second is refused', async () => {
    const dir = tempDir();
    const first = await holderInOwnPidNamespace(dir);
    expect(first).toEqual({ pid: 1, locked: true });
    const second = await holderInOwnPidNamespace(dir);
    expect(second.pid).toBe(1);
    expect(second.locked).toBe(false);
    expect(second.error).toMatch(/is in use by process 1 on .*pid:\[/);
  }, 60_000);

  it('the same with the holders simulated: same pid, different namespaces', async () => {
    const dir = tempDir();
    const release = await lockDataDir(dir, { identity: { pid: 1, pidNamespace: 'pid:[1001]' } });
    await expect(lockDataDir(dir, { identity: { pid: 1, pidNamespace: 'pid:[1002]' } })).rejects.toThrow(/is in use by process 1/);
    release();
    const again = await lockDataDir(dir, { identity: { pid: 1, pidNamespace: 'pid:[1002]' } });
    again();
  });

  it('a second lock in the same process is refused too', async () => {
    const dir = tempDir();
    const release = await lockDataDir(dir);
    await expect(lockDataDir(dir)).rejects.toThrow(/in use/);
    release();
  });

  it('a lock left by a dead process of this namespace is taken over at once', async () => {
    const dir = tempDir();
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = Number(gone.stdout.toString());
    // Taken by "that process", never released (as after kill -9).
    await lockDataDir(dir, { identity: { pid: deadPid, startedAt: '1' }, onCompromised: () => undefined, updateMs: 60_000 });
    const started = Date.now();
    const release = await lockDataDir(dir);
    expect(Date.now() - started).toBeLessThan(2_000);
    release();
  });

  it('a lock from another namespace is taken over once it is no longer refreshed; while fresh it is not', async () => {
    const dir = tempDir();
    await lockDataDir(dir, { identity: { pid: 1, pidNamespace: 'pid:[2001]' }, onCompromised: () => undefined, updateMs: 60_000, staleMs: 60_000 });
    await expect(lockDataDir(dir, { identity: { pid: 1, pidNamespace: 'pid:[2002]' } })).rejects.toThrow(/in use/);
    // Its holder stopped refreshing it 40 s ago (the lock goes stale after 30 s).
    const past = new Date(Date.now() - 40_000);
    fs.utimesSync(path.join(dir, 'roomwarden.lock'), past, past);
    const release = await lockDataDir(dir, { identity: { pid: 1, pidNamespace: 'pid:[2002]' } });
    release();
  });

  it('the lock file of an earlier version (a file with a pid) is replaced', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'roomwarden.lock'), '1');
    const release = await lockDataDir(dir);
    expect(fs.statSync(path.join(dir, 'roomwarden.lock')).isDirectory()).toBe(true);
    release();
    expect(fs.existsSync(path.join(dir, 'roomwarden.lock'))).toBe(false);
  });
});

describe('openDatabase holds the lock while PGlite has the directory open', () => {
  it('a second open is refused; after close the directory opens again', async () => {
    const { openDatabase } = await import('../src/db/database.ts');
    const dir = tempDir();
    const first = await openDatabase({ dataDir: dir });
    await expect(openDatabase({ dataDir: dir })).rejects.toThrow(/in use/);
    await first.close();
    const again = await openDatabase({ dataDir: dir });
    await again.close();
  }, 120_000);
});
