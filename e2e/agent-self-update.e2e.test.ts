// Issue 15, "Self-update" end to end on Linux: the agent executable built as version A
// (an old one) runs alone in its directory against a server that serves version B (the
// build in agent/dist). First the download is tampered with on the server's disk after the
// server announced its SHA-256: the agent refuses it, keeps running A, and says why in its
// status and on the room's agent view. Then the byte is put back and an administrator
// presses "Update agent": the agent downloads B, checks it, replaces its own executable,
// execs it in place (same process) and comes back as B.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgentExecutables } from '../agent/build/build-executables.ts';
import { E2eApi } from './support/api.ts';
import { AGENT_DIST, agentAlone, builtAgent, type AloneAgent } from './support/agent-executables.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { startProcess, waitUntil, type Started } from './support/x11-vnc.ts';

process.env.ROOMWARDEN_E2E_PORTS ??= '18900-18999';

const run = promisify(execFile);
const VERSION_A = '0.0.1-e2e';

interface AgentView {
  agentVersion: string;
  connected: boolean;
  lastUpdate: { state: string; fromVersion: string; targetVersion: string; message?: string } | null;
}

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('self-update: an agent built as A, a server serving B', () => {
  let work = '';
  let served = '';
  let versionB = '';
  let server: RunningServer | undefined;
  let api: E2eApi;
  let alone: AloneAgent | undefined;
  let agent: Started | undefined;
  let roomId = '';
  let config = '';

  const diagnostics = () => `${server?.output() ?? ''}\n--- agent ---\n${agent?.output() ?? ''}`;
  const view = () => api.call<AgentView>('GET', `/rooms/${roomId}/agent`);

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'roomwarden-update-e2e-'));
    // B: what agent/dist holds, in a directory of its own (this test tampers with it).
    served = path.join(work, 'served');
    fs.mkdirSync(served);
    const manifest = JSON.parse(fs.readFileSync(path.join(AGENT_DIST, 'roomwarden-agent.json'), 'utf8')) as { version: string; files: Array<{ platform: string; file: string }> };
    versionB = manifest.version;
    fs.copyFileSync(builtAgent('linux-x64'), path.join(served, 'roomwarden-agent-linux-x64'));
    fs.writeFileSync(path.join(served, 'roomwarden-agent.json'), JSON.stringify({ ...manifest, files: manifest.files.filter((f) => f.platform === 'linux-x64') }));
    // A: the same sources stamped with an older version.
    const builtA = path.join(work, 'a');
    await buildAgentExecutables({ version: VERSION_A, outDir: builtA, platforms: ['linux-x64'], log: () => undefined });

    server = await startServer({ env: { ROOMWARDEN_AGENT_DIST_DIR: served } });
    api = await E2eApi.signIn(server.url, server.adminEmail, server.adminPassword);
    const token = await api.call<{ token: string }>('POST', '/enrollment-tokens', { label: 'self-update e2e' });

    alone = agentAlone('linux-x64', path.join(builtA, 'roomwarden-agent-linux-x64'));
    config = path.join(alone.dir, 'agent.json');
    const enrolled = await run(alone.exe, ['enroll', '--server', server.url, '--token', token.token, '--config', config, '--room-name', 'Self-update 3.01'], { env: alone.env });
    expect(enrolled.stdout).toContain('Enrolled');
    roomId = (JSON.parse(fs.readFileSync(config, 'utf8')) as { roomId: string }).roomId;
  });

  afterAll(async () => {
    await agent?.stop();
    await server?.stop();
    alone?.remove();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('refuses a download that does not match the announced SHA-256, keeps running A, and says why', async () => {
    // Tampered after the server hashed it (at start): one byte in the middle, same size and mtime.
    const file = path.join(served, 'roomwarden-agent-linux-x64');
    const st = fs.statSync(file);
    const fd = fs.openSync(file, 'r+');
    const at = Math.floor(st.size / 2);
    const byte = Buffer.alloc(1);
    fs.readSync(fd, byte, 0, 1, at);
    fs.writeSync(fd, Buffer.from([byte[0]! ^ 0xff]), 0, 1, at);
    fs.closeSync(fd);
    fs.utimesSync(file, st.atime, st.mtime);

    agent = startProcess('agent A', alone!.exe, ['run', '--config', config, '--probe-interval', '5'], { cwd: alone!.dir, env: alone!.env, group: true });
    await waitUntil(async () => (await view()).lastUpdate?.state === 'failed', 90_000, 'the update refused').catch((err: unknown) => {
      throw new Error(`${(err as Error).message}\n${diagnostics()}`);
    });
    const v = await view();
    expect(v).toMatchObject({ agentVersion: VERSION_A, connected: true, lastUpdate: { state: 'failed', fromVersion: VERSION_A, targetVersion: versionB } });
    expect(v.lastUpdate?.message).toMatch(/SHA-256 is [0-9a-f]{64}, not [0-9a-f]{64}.*refused/);
    expect(agent.child.exitCode).toBeNull();
    const outdated = await api.call<{ version: string; items: Array<{ roomId: string; agentVersion: string }> }>('GET', '/agent/outdated');
    expect(outdated).toMatchObject({ version: versionB, items: [{ roomId, agentVersion: VERSION_A }] });
    const status = await run(alone!.exe, ['status', '--config', config], { env: alone!.env });
    expect(status.stdout).toContain(`version:   ${VERSION_A}`);
    expect(status.stdout).toMatch(new RegExp(`update: +FAILED .*${VERSION_A} -> ${versionB}: the download's SHA-256`));
    expect(fs.readdirSync(alone!.dir).sort()).not.toContain('roomwarden-agent.download');
    // the byte back (the next download is B as built)
    const fix = fs.openSync(file, 'r+');
    fs.writeSync(fix, byte, 0, 1, at);
    fs.closeSync(fix);
    expect(sha256(file)).toBe(sha256(builtAgent('linux-x64')));
  });

  it('"Update agent": downloads B, checks it, swaps its own executable, restarts in place and comes back as B', async () => {
    const pid = agent!.child.pid;
    const asked = Date.now();
    const r = await api.call<{ version: string }>('POST', `/rooms/${roomId}/agent/update`);
    expect(r.version).toBe(versionB);
    await waitUntil(async () => {
      const v = await view();
      return v.connected && v.agentVersion === versionB;
    }, 120_000, `the agent back as ${versionB}`).catch((err: unknown) => {
      throw new Error(`${(err as Error).message}\n${diagnostics()}`);
    });
    // A figure for the record (the closing note), not an assertion.
    console.info(`"Update agent" -> agent back online as ${versionB}: ${Date.now() - asked} ms`);
    const v = await view();
    expect(v.lastUpdate).toMatchObject({ state: 'updated', fromVersion: VERSION_A, targetVersion: versionB });
    // exec in place: the same process, now running B's executable from the same path.
    expect(agent!.child.exitCode).toBeNull();
    expect(agent!.child.pid).toBe(pid);
    expect(sha256(alone!.exe)).toBe(sha256(builtAgent('linux-x64')));
    expect((await run(alone!.exe, ['--version'], { env: alone!.env })).stdout.trim()).toBe(versionB);
    const status = await run(alone!.exe, ['status', '--config', config], { env: alone!.env });
    expect(status.stdout).toMatch(new RegExp(`update: +updated from ${VERSION_A} to ${versionB}`));
    const outdated = await api.call<{ items: unknown[] }>('GET', '/agent/outdated');
    expect(outdated.items).toEqual([]);
  });
});
