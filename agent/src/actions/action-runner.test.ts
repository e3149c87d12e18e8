// The action runner with real child processes (harmless shell commands only).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_ACTION_OUTPUT_CHARS } from '@roomwarden/protocol';
import { ActionRunner, FirstLines } from './action-runner.ts';

const posix = process.platform !== 'win32';

describe.runIf(posix)('ActionRunner', () => {
  it('runs the configured command: exit 0 is succeeded, with stdout and stderr', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rw-action-')), 'ran');
    const runner = new ActionRunner({ commands: { 'restart-app': `sh -c 'echo restarting; echo warn >&2; echo done > ${file}'` } });
    expect(runner.available()).toEqual(['restart-app']);
    const result = await runner.run('restart-app');
    expect(result).toEqual({ outcome: 'succeeded', exitCode: 0, output: expect.stringContaining('restarting\n') });
    expect(result.output).toContain('warn\n');
    expect(fs.readFileSync(file, 'utf8')).toBe('done\n');
  });

  it('another exit status is failed, with the status', async () => {
    const result = await new ActionRunner({ commands: { 'restart-device': "sh -c 'echo nope; exit 7'" } }).run('restart-device');
    expect(result).toEqual({ outcome: 'failed', exitCode: 7, output: 'nope\n' });
  });

  it('keeps only the first lines of a long output, and marks the cut', async () => {
    const result = await new ActionRunner({ commands: { 'restart-app': "sh -c 'i=0; while [ $i -lt 3000 ]; do echo line-$i; i=$((i+1)); done'" } }).run('restart-app');
    expect(result.outcome).toBe('succeeded');
    expect(result.output.length).toBeLessThanOrEqual(MAX_ACTION_OUTPUT_CHARS);
    expect(result.output.startsWith('line-0\nline-1\n')).toBe(true);
    expect(result.output.endsWith('\n[output cut]')).toBe(true);
    expect(result.output).not.toContain('line-2999');
    // Cut at a line's end: every kept line is whole.
    for (const l of result.output.split('\n').slice(0, -1)) expect(l).toMatch(/^line-\d+$/);
  });

  it('a command past its time limit is killed with its children and ends as timed_out', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-action-'));
    const late = path.join(dir, 'late');
    const runner = new ActionRunner({ commands: { 'restart-app': `sh -c 'echo started; sleep 5; echo late > ${late}'` }, timeoutMs: 300 });
    const result = await runner.run('restart-app');
    expect(result).toMatchObject({ outcome: 'timed_out', exitCode: null, output: 'started\n', message: expect.stringContaining('did not finish') });
    await new Promise((r) => setTimeout(r, 200));
    expect(fs.existsSync(late)).toBe(false);
  });

  it('one run at a time per action; no command is unavailable', async () => {
    const runner = new ActionRunner({ commands: { 'restart-app': "sh -c 'sleep 0.3'", 'restart-device': 'true' } });
    const first = runner.run('restart-app');
    expect(await runner.run('restart-app')).toMatchObject({ outcome: 'failed', message: expect.stringContaining('already running') });
    expect(await runner.run('restart-device')).toMatchObject({ outcome: 'succeeded', exitCode: 0 });
    expect(await first).toMatchObject({ outcome: 'succeeded' });
    expect(await new ActionRunner({ commands: {} }).run('restart-device')).toMatchObject({ outcome: 'unavailable', exitCode: null });
  });

  it('a command the shell cannot find fails with its exit status (127)', async () => {
    const result = await new ActionRunner({ commands: { 'restart-app': 'roomwarden-no-such-command-xyz' } }).run('restart-app');
    expect(result.outcome).toBe('failed');
    expect(result.exitCode).toBe(127);
    expect(result.output).toContain('not found');
  });
});

describe('FirstLines', () => {
  it('keeps everything under the limit, chunk after chunk', () => {
    const f = new FirstLines(100);
    f.add('a\n');
    f.add('b\n');
    expect(f.text).toBe('a\nb\n');
  });
  it('a single line longer than the limit is cut inside it', () => {
    const f = new FirstLines(50);
    f.add('x'.repeat(200));
    expect(f.text.length).toBeLessThanOrEqual(50);
    expect(f.text.endsWith('[output cut]')).toBe(true);
    f.add('more');
    expect(f.text.length).toBeLessThanOrEqual(50);
  });
});
