import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentRelease, AgentUpdateStatus } from '@roomwarden/protocol';
import { silentLogger } from '../agent-connection.ts';
import { SelfUpdater, type SelfUpdaterOptions } from './self-update.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A stand-in "executable": a shell script that prints a version. */
const script = (version: string) => `#!/bin/sh\necho ${version}\n`;
const sha = (t: string) => createHash('sha256').update(t).digest('hex');

function setup(overrides: Partial<SelfUpdaterOptions> = {}, served = script('0.2.0')) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-update-'));
  dirs.push(dir);
  const exe = path.join(dir, 'roomwarden-agent');
  fs.writeFileSync(exe, script('0.1.0'), { mode: 0o755 });
  const statuses: AgentUpdateStatus[] = [];
  const fetched: string[] = [];
  const restarted: string[] = [];
  const updater = new SelfUpdater({
    currentVersion: '0.1.0',
    platform: 'linux-x64',
    executable: exe,
    markerFile: path.join(dir, 'agent.update.json'),
    log: silentLogger,
    windows: false,
    fetch: async (url) => {
      fetched.push(url);
      return new Response(served, { status: 200 });
    },
    onStatus: (s) => statuses.push(s),
    restart: async (e) => void restarted.push(e),
    ...overrides,
  });
  return { dir, exe, updater, statuses, fetched, restarted };
}

const release = (body: string, version = '0.2.0'): AgentRelease => ({ version, platform: 'linux-x64', sha256: sha(body), size: Buffer.byteLength(body), path: '/api/v1/agent/releases/linux-x64' });
const AUTO = { automatic: true, forced: false };

describe('SelfUpdater', () => {
  it('installs a newer build: downloads from the connected node, checks it, swaps it in, restarts, and reports it after the restart', async () => {
    const t = setup();
    await t.updater.consider(release(script('0.2.0')), 'http://node-1:8080', AUTO);
    expect(t.fetched).toEqual(['http://node-1:8080/api/v1/agent/releases/linux-x64']);
    expect(fs.readFileSync(t.exe, 'utf8')).toBe(script('0.2.0'));
    expect(t.restarted).toEqual([t.exe]);
    // the new process starts, as 0.2.0
    const after = new SelfUpdater({
      currentVersion: '0.2.0',
      platform: 'linux-x64',
      executable: t.exe,
      markerFile: path.join(t.dir, 'agent.update.json'),
      log: silentLogger,
      onStatus: (s) => t.statuses.push(s),
      restart: async () => undefined,
    });
    await after.resume();
    expect(t.statuses.at(-1)).toMatchObject({ state: 'updated', fromVersion: '0.1.0', targetVersion: '0.2.0' });
  });

  it('refuses a download whose SHA-256 differs, keeps the running executable, and does not retry it automatically', async () => {
    const t = setup({}, script('0.2.0') + '# tampered\n');
    const r = { ...release(script('0.2.0')), size: Buffer.byteLength(script('0.2.0') + '# tampered\n') };
    await t.updater.consider(r, 'http://s', AUTO);
    expect(t.statuses).toMatchObject([{ state: 'failed', fromVersion: '0.1.0', targetVersion: '0.2.0', message: expect.stringMatching(/SHA-256 .* refused/) as unknown }]);
    expect(fs.readFileSync(t.exe, 'utf8')).toBe(script('0.1.0'));
    expect(fs.existsSync(`${t.exe}.download`)).toBe(false);
    expect(t.restarted).toEqual([]);
    await t.updater.consider(r, 'http://s', AUTO);
    expect(t.fetched).toHaveLength(1);
    // an administrator's "Update agent" retries at once
    await t.updater.consider(r, 'http://s', { automatic: false, forced: true });
    expect(t.fetched).toHaveLength(2);
  });

  it('refuses a build that does not print the version it was announced as', async () => {
    const t = setup({}, script('0.1.5'));
    await t.updater.consider(release(script('0.1.5')), 'http://s', AUTO);
    expect(t.statuses[0]?.message).toMatch(/printed 0.1.5 for --version, not 0.2.0/);
    expect(fs.readFileSync(t.exe, 'utf8')).toBe(script('0.1.0'));
  });

  it('refuses a download of another size than announced', async () => {
    const t = setup();
    await t.updater.consider({ ...release(script('0.2.0')), size: 3 }, 'http://s', AUTO);
    expect(t.statuses[0]?.message).toMatch(/larger than the 3 bytes announced/);
  });

  it('does nothing for an older or equal build, with updates held back (manual), or from a checkout', async () => {
    const t = setup();
    await t.updater.consider(release(script('0.1.0'), '0.1.0'), 'http://s', AUTO);
    await t.updater.consider(release(script('0.0.9'), '0.0.9'), 'http://s', AUTO);
    await t.updater.consider(release(script('0.2.0')), 'http://s', { automatic: false, forced: false });
    const checkout = setup({ executable: undefined });
    await checkout.updater.consider(release(script('0.2.0')), 'http://s', AUTO);
    expect([...t.fetched, ...checkout.fetched]).toEqual([]);
  });

  it('on Windows renames the running executable away and the new one in; resume removes the old one', async () => {
    const t = setup({ windows: true });
    await t.updater.consider(release(script('0.2.0')), 'http://s', AUTO);
    expect(fs.readFileSync(t.exe, 'utf8')).toBe(script('0.2.0'));
    expect(fs.readFileSync(`${t.exe}.old`, 'utf8')).toBe(script('0.1.0'));
    await t.updater.resume();
    expect(fs.existsSync(`${t.exe}.old`)).toBe(false);
  });
});
