// Agent builds served by the server (issue 15): the list, the public download and install
// scripts, welcome's offer to an older agent (automatic, or held back in manual mode),
// "Update agent" for one room, the update status an agent reports, the outdated list.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/api-client.ts';
import { enroll, listeningApp, TestAgent, waitFor, type ListeningApp } from './agents-helpers.ts';

const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-releases-'));
const LINUX = 'pretend linux build';
const sha = (t: string) => createHash('sha256').update(t).digest('hex');
fs.writeFileSync(path.join(dist, 'roomwarden-agent-linux-x64'), LINUX);
fs.writeFileSync(path.join(dist, 'roomwarden-agent.json'), JSON.stringify({ version: '9.9.0', files: [{ platform: 'linux-x64', file: 'roomwarden-agent-linux-x64' }] }));
process.env.ROOMWARDEN_AGENT_DIST_DIR = dist;

let a: ListeningApp;
beforeAll(async () => {
  a = await listeningApp();
});
afterAll(async () => {
  await a?.t.dispose();
  fs.rmSync(dist, { recursive: true, force: true });
});

async function linuxAgent(version: string): Promise<{ agent: TestAgent; roomId: string; welcome: Awaited<ReturnType<TestAgent['start']>> }> {
  const device = await enroll(a, { platform: 'linux' });
  const agent = new TestAgent(a.wsUrl, device);
  await agent.opened;
  agent.send({ type: 'hello', agentVersion: version, platform: 'linux', hostname: 'console', capabilities: { vnc: false } });
  return { agent, roomId: device.roomId, welcome: await agent.next('welcome') };
}

describe('agent releases', () => {
  it('lists the builds with size, SHA-256 and URL, the install lines and the firewall list', async () => {
    const res = await a.admin.get('agent/releases');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      version: '9.9.0',
      items: [{ platform: 'linux-x64', file: 'roomwarden-agent-linux-x64', size: LINUX.length, sha256: sha(LINUX), url: 'http://127.0.0.1:8080/api/v1/agent/releases/linux-x64' }],
      updates: { mode: 'automatic' },
      install: { linux: 'curl -fsSL http://127.0.0.1:8080/api/v1/agent/install.sh | sudo sh -s -- --token {token}' },
      firewall: [{ region: 'default', urls: ['http://127.0.0.1:8080'] }],
    });
  });

  it('serves the executable and the scripts without sign-in; an unknown or missing platform is a 404 in the error shape', async () => {
    const anon = new ApiClient(a.t.app);
    const file = await fetch(`${a.base}/api/v1/agent/releases/linux-x64`);
    expect(file.status).toBe(200);
    expect(file.headers.get('x-content-sha256')).toBe(sha(LINUX));
    expect(await file.text()).toBe(LINUX);
    expect((await anon.get('agent/releases/win-x64')).body.error.code).toBe('NOT_FOUND');
    expect((await anon.get('agent/releases/mac-arm64')).status).toBe(400);
    const sh = await fetch(`${a.base}/api/v1/agent/install.sh`);
    expect(await sh.text()).toContain(`SHA256='${sha(LINUX)}'`);
    expect((await fetch(`${a.base}/api/v1/agent/install.ps1`)).status).toBe(200);
    expect((await anon.get('agent/releases')).status).toBe(401);
  });

  it('welcome offers the build for the agent\'s platform; manual mode holds automatic updates back; Update agent pushes it', async () => {
    const older = await linuxAgent('1.0.0');
    expect(older.welcome).toMatchObject({ agentRelease: { version: '9.9.0', platform: 'linux-x64', sha256: sha(LINUX), size: LINUX.length, path: '/api/v1/agent/releases/linux-x64' }, autoUpdate: true });
    expect((await a.admin.put('settings/agent-updates', { mode: 'manual' })).body).toEqual({ mode: 'manual' });
    const held = await linuxAgent('1.0.0');
    expect(held.welcome).toMatchObject({ autoUpdate: false });
    const outdated = await a.admin.get('agent/outdated');
    expect(outdated.body.items.map((i: { roomId: string }) => i.roomId)).toEqual(expect.arrayContaining([older.roomId, held.roomId]));

    const pushed = await a.admin.post(`rooms/${held.roomId}/agent/update`);
    expect(pushed.status).toBe(202);
    expect(await held.agent.next('agent.update')).toMatchObject({ release: { version: '9.9.0', sha256: sha(LINUX) } });

    held.agent.send({ type: 'update.status', status: { state: 'failed', fromVersion: '1.0.0', targetVersion: '9.9.0', message: 'the download broke off', at: new Date().toISOString() } });
    const view = await waitFor(async () => {
      const r = await a.admin.get(`rooms/${held.roomId}/agent`);
      return r.body.lastUpdate ? r.body : undefined;
    });
    expect(view.lastUpdate).toMatchObject({ state: 'failed', message: 'the download broke off' });
    const audit = await a.admin.get('audit?action=settings.agent_updates.update');
    expect(audit.body.items.length).toBe(1);
    await a.admin.put('settings/agent-updates', { mode: 'automatic' });
    await Promise.all([older.agent.close(), held.agent.close()]);
  });

  it('Update agent refuses an offline agent and one that already runs the build', async () => {
    const current = await linuxAgent('9.9.0');
    expect((await a.admin.post(`rooms/${current.roomId}/agent/update`)).body.error.code).toBe('CONFLICT');
    await current.agent.close();
    await waitFor(async () => ((await a.admin.get(`rooms/${current.roomId}/agent`)).body.connected === false ? true : undefined));
    expect((await a.admin.post(`rooms/${current.roomId}/agent/update`)).body.error.code).toBe('AGENT_OFFLINE');
  });
});
