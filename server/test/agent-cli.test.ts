// The real agent (library, CLI and fleet simulator) against a real server over real
// WebSockets: enroll, report, incidents, offline and back, revoke.
import { freePort } from './support/free-port.ts';
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentConnection, enroll, LinuxProbe, SimulatedProbe } from '@roomwarden/agent';
import { main as agentCli } from '../../agent/src/cli/main.ts';
import { startFleet } from '@roomwarden/sim';
import { DEFAULT_TIMINGS } from '../src/config.ts';
import { signedIn, type ApiClient } from './support/api-client.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestApp, type TestApp } from './support/test-app.ts';

let PORT = 0;
let BASE = '';
let t: TestApp;
let admin: ApiClient;
let token: string;
let dir: string;

async function until<T>(fn: () => Promise<T | undefined | false>, what: string, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const roomStatus = async (roomId: string) => (await admin.get(`rooms/${roomId}`)).body.status as string;
async function signals(roomId: string): Promise<{ name: string; state: string; value?: string | null }[]> {
  const body = (await admin.get(`rooms/${roomId}/signals`)).body;
  return Array.isArray(body) ? body : (body.items ?? body.signals ?? []);
}
async function incidents(roomId: string): Promise<{ signal: string; state: string }[]> {
  return (await admin.get(`rooms/${roomId}/incidents`)).body.items ?? [];
}

beforeAll(async () => {
  PORT = await freePort();
  BASE = `http://127.0.0.1:${PORT}`;
  t = await createTestApp({
    publicUrl: BASE,
    timings: { ...DEFAULT_TIMINGS, heartbeatIntervalSec: 1, agentSweepMs: 100, lastSeenFlushMs: 200, helloTimeoutMs: 2_000 },
  });
  await t.app.listen({ port: PORT, host: '127.0.0.1' });
  admin = await signedIn(t.app, ADMIN_EMAIL, ADMIN_PASSWORD);
  const res = await admin.post('enrollment-tokens', { maxUses: 50 });
  expect(res.status).toBe(201);
  token = res.body.token;
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rw-agent-cli-'));
});

afterAll(async () => {
  await t?.dispose();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe('roomwarden-agent on this Linux machine', () => {
  it('enrolls with the CLI, runs, and reports real signals; status says it is online', async () => {
    const config = path.join(dir, 'linux', 'agent.json');
    const out: string[] = [];
    const io = { out: (s: string) => void out.push(s), err: (s: string) => void out.push(s) };
    expect(await agentCli(['enroll', '--server', BASE, '--token', token, '--config', config, '--room-name', 'Lab – Linux console'], io)).toBe(0);
    expect((await fs.stat(config)).mode & 0o777).toBe(0o600);
    const creds = JSON.parse(await fs.readFile(config, 'utf8'));
    expect(creds).toMatchObject({ server: BASE, gatewayUrl: `ws://127.0.0.1:${PORT}/api/v1/agent/connect`, region: 'default' });

    // the same machine again: a clear refusal
    const again: string[] = [];
    expect(await agentCli(['enroll', '--server', BASE, '--token', token, '--config', path.join(dir, 'other.json')], { out: (s) => void again.push(s), err: (s) => void again.push(s) })).toBe(1);
    expect(again.join('')).toMatch(/already enrolled/);

    const child = spawn(process.execPath, ['agent/bin/roomwarden-agent.mjs', 'run', '--config', config, '--probe-interval', '2'], { cwd: path.resolve(import.meta.dirname, '../..'), stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      const got = await until(async () => {
        const s = await signals(creds.roomId);
        return s.some((x) => x.name === 'osVersion') && s;
      }, 'real signals', 30_000);
      const by = Object.fromEntries(got.map((s) => [s.name, s]));
      for (const name of ['cpu', 'memory', 'disk', 'uptime', 'osVersion', 'network']) expect(by[name]?.state, name).not.toBe('unknown');
      expect(by.osVersion?.value).toBe((await new LinuxProbe().osVersion()) ?? 'unreadable');
      expect(['display', 'camera', 'microphone', 'speaker'].every((n) => by[n])).toBe(true);
      expect(await roomStatus(creds.roomId)).not.toBe('offline');
      const agentInfo = (await admin.get(`rooms/${creds.roomId}/agent`)).body;
      expect(JSON.stringify(agentInfo)).toContain('linux');

      const apiToken = (await admin.post('tokens', { name: 'agent status' })).body.token as string;
      const status: string[] = [];
      expect(await agentCli(['status', '--config', config, '--api-token', apiToken], { out: (s) => void status.push(s), err: (s) => void status.push(s) })).toBe(0);
      expect(status.join('')).toMatch(/enrolled:\s+yes/);
      expect(status.join('')).toMatch(/agent:\s+running \(pid \d+\), online/);
      expect(status.join('')).toMatch(/online:\s+yes/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(log).toContain('connected');
  });
});

describe('agent library against the server', () => {
  it('reports a failure as an incident, recovers, goes offline when it stops and comes back', async () => {
    const { credentials } = await enroll({ server: BASE, token, platform: 'sim', hostname: 'sim-a', machineId: 'test-machine-a', roomName: 'Oslo – Fjord 3' });
    const probe = new SimulatedProbe({ seed: 5, failureRatePerMinute: 0 });
    const start = () => {
      const a = new AgentConnection({ ...credentials, probe, hostname: 'sim-a', probeIntervalMs: 200 });
      a.start();
      return a;
    };
    let agent = start();
    await until(async () => (await roomStatus(credentials.roomId)) === 'healthy', 'healthy');

    probe.force('camera', 'failed');
    await until(async () => (await roomStatus(credentials.roomId)) !== 'healthy', 'status change');
    await until(async () => (await incidents(credentials.roomId)).some((i) => i.signal === 'camera' && i.state === 'open'), 'camera incident');
    probe.force('camera', undefined);
    await until(async () => (await roomStatus(credentials.roomId)) === 'healthy', 'recovery');
    await until(async () => (await incidents(credentials.roomId)).every((i) => i.state !== 'open'), 'incident resolved');

    agent.stop();
    await until(async () => (await roomStatus(credentials.roomId)) === 'offline', 'offline after missed heartbeats');
    agent = start();
    await until(async () => (await roomStatus(credentials.roomId)) === 'healthy', 'back online');
    agent.stop();
  });

  it('stops retrying when its device is revoked, and says so', async () => {
    const { credentials } = await enroll({ server: BASE, token, platform: 'sim', hostname: 'sim-b', machineId: 'test-machine-b' });
    const agent = new AgentConnection({ ...credentials, probe: new SimulatedProbe({ seed: 6, failureRatePerMinute: 0 }), hostname: 'sim-b', backoff: { initialMs: 50, maxMs: 200, factor: 2, stableAfterMs: 60_000 } });
    const stopped = new Promise<{ reason: string; message: string }>((r) => agent.once('stopped', r));
    agent.start();
    await until(async () => agent.state === 'online', 'online');
    expect((await admin.post(`rooms/${credentials.roomId}/agent/revoke`)).status).toBe(204);
    const info = await stopped;
    expect(info.reason).toBe('revoked');
    expect(info.message).toMatch(/revoked/);
    const connects = agent.stats.connects;
    await new Promise((r) => setTimeout(r, 500));
    expect(agent.stats.connects).toBe(connects);
    // a new connection with the revoked credential is refused at the upgrade
    const again = new AgentConnection({ ...credentials, probe: new SimulatedProbe({ seed: 6 }), hostname: 'sim-b' });
    const refused = new Promise<{ reason: string }>((r) => again.once('stopped', r));
    again.start();
    expect((await refused).reason).toBe('revoked');
  });

  it('runs a simulated fleet: every room enrolls with its own name and comes online', async () => {
    const fleet = await startFleet({ server: BASE, token, rooms: 3, failureRate: 0, seed: 11 });
    try {
      expect(fleet.rooms.map((r) => r.name)).toEqual(['Oslo – Fjord 1', 'Bergen – Fjord 1', 'Stockholm – Fjord 1']);
      await until(async () => fleet.stats().online === 3 && fleet, 'fleet online');
      for (const room of fleet.rooms) {
        await until(async () => (await roomStatus(room.credentials.roomId)) === 'healthy', `${room.name} healthy`);
        expect((await admin.get(`rooms/${room.credentials.roomId}`)).body.name).toBe(room.name);
      }
    } finally {
      await fleet.stop();
    }
  });

  it('with --vnc each simulated room has a desktop and offers remote sessions', async () => {
    const vncPort = await freePort();
    const fleet = await startFleet({ server: BASE, token, rooms: 1, failureRate: 0, seed: 12, vnc: true, vncPortBase: vncPort });
    try {
      const room = fleet.rooms[0];
      expect(room?.rfb?.port).toBe(vncPort);
      await until(async () => JSON.stringify((await admin.get(`rooms/${room?.credentials.roomId}/agent`)).body).includes('"vnc":true'), 'vnc capability');
    } finally {
      await fleet.stop();
    }
  });
});
