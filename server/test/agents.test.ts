// Agent ⇄ server over real WebSockets against a listening app: enrollment, reports,
// incidents and room status, offline and back, revocation, and bad agent input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_CLOSE, deviceAuthHeader, enrollResponseSchema, MAX_AGENT_MESSAGES_PER_10S, MAX_CONTROL_FRAME_BYTES } from '@roomwarden/protocol';
import type { AgentSessionEvent } from '../src/gateway/agent-link.ts';
import { AgentGateway } from '../src/gateway/agent-gateway.ts';
import { AgentRoomsRepository } from '../src/repositories/agent-rooms.repository.ts';
import { DevicesRepository } from '../src/repositories/devices.repository.ts';
import { IncidentsRepository } from '../src/repositories/incidents.repository.ts';
import { SignalsRepository } from '../src/repositories/signals.repository.ts';
import { createTransactor } from '../src/repositories/transactor.ts';
import { HealthService } from '../src/health/health.service.ts';
import { ApiClient } from './support/api-client.ts';
import { makeSite, unique } from './support/factories.ts';
import { ALL_OK, createToken, enroll, enrollRequest, listeningApp, TestAgent, UpgradeRefused, waitFor, type ListeningApp } from './agents-helpers.ts';

let a: ListeningApp;
beforeAll(async () => {
  a = await listeningApp();
});
afterAll(async () => a?.t.dispose());

const anon = () => new ApiClient(a.t.app, `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`);
const roomStatus = async (roomId: string): Promise<string> => (await a.admin.get(`rooms/${roomId}`)).body.status;

describe('enrollment', () => {
  it('exchanges a token for a device credential, a room and the gateway URL, audited', async () => {
    const site = await makeSite(a.admin);
    const { token, id } = await createToken(a.admin, { siteId: site.id, region: 'emea', label: 'Floor 3', maxUses: 5 });
    expect(token).toMatch(/^rwe_/);
    const res = await anon().post('agent/enroll', enrollRequest(token, { hostname: 'mtr-301', roomName: 'Room 301' }));
    expect(res.status).toBe(201);
    const body = enrollResponseSchema.parse(res.body);
    expect(body.region).toBe('emea');
    expect(body.gatewayUrl).toBe('ws://127.0.0.1:8080/api/v1/agent/connect');
    const room = await a.admin.get(`rooms/${body.roomId}`);
    expect(room.body).toMatchObject({ name: 'Room 301', siteId: site.id, region: 'emea', status: 'offline' });

    const list = await a.admin.get('enrollment-tokens');
    const listed = list.body.items.find((x: { id: string }) => x.id === id);
    expect(listed).toMatchObject({ uses: 1, remaining: 4, maxUses: 5, state: 'active', label: 'Floor 3' });
    expect(JSON.stringify(list.body)).not.toContain(token);

    const audit = await a.admin.get('audit?limit=20');
    const actions = audit.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['enrollment.token_create', 'room.create', 'device.enroll']));

    const defaults = await createToken(a.admin);
    const room2 = await anon().post('agent/enroll', enrollRequest(defaults.token, { hostname: 'plain-host' }));
    expect((await a.admin.get(`rooms/${room2.body.roomId}`)).body).toMatchObject({ name: 'plain-host', region: 'default', siteId: null });
  });

  it('each token problem has its own error, and a known machine cannot enroll twice', async () => {
    const c = anon();
    const invalid = await c.post('agent/enroll', enrollRequest('rwe_not-a-real-token-at-all'));
    expect([invalid.status, invalid.body.error.code]).toEqual([401, 'ENROLLMENT_TOKEN_INVALID']);

    const single = await createToken(a.admin);
    expect((await c.post('agent/enroll', enrollRequest(single.token))).status).toBe(201);
    const used = await c.post('agent/enroll', enrollRequest(single.token));
    expect([used.status, used.body.error.code]).toEqual([401, 'ENROLLMENT_TOKEN_USED']);

    const revoked = await createToken(a.admin);
    expect((await a.admin.delete(`enrollment-tokens/${revoked.id}`)).status).toBe(204);
    expect((await a.admin.delete(`enrollment-tokens/${revoked.id}`)).status).toBe(404);
    const r = await c.post('agent/enroll', enrollRequest(revoked.token));
    expect([r.status, r.body.error.code]).toEqual([401, 'ENROLLMENT_TOKEN_REVOKED']);
    expect((await a.admin.get(`audit?action=enrollment.token_revoke&targetId=${revoked.id}`)).body.items).toHaveLength(1);

    const expired = await createToken(a.admin);
    await a.t.database.db.updateTable('enrollment_tokens').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', expired.id).execute();
    const e = await c.post('agent/enroll', enrollRequest(expired.token));
    expect([e.status, e.body.error.code]).toEqual([401, 'ENROLLMENT_TOKEN_EXPIRED']);

    const multi = await createToken(a.admin, { maxUses: 3 });
    const machineId = unique('machine');
    expect((await c.post('agent/enroll', enrollRequest(multi.token, { machineId }))).status).toBe(201);
    const again = await c.post('agent/enroll', enrollRequest(multi.token, { machineId }));
    expect([again.status, again.body.error.code]).toEqual([409, 'DEVICE_ALREADY_ENROLLED']);

    const states = (await a.admin.get('enrollment-tokens?limit=200')).body.items as Array<{ id: string; state: string; uses: number }>;
    const stateOf = (id: string) => states.find((s) => s.id === id)?.state;
    expect([stateOf(single.id), stateOf(revoked.id), stateOf(expired.id), stateOf(multi.id)]).toEqual(['used', 'revoked', 'expired', 'active']);
    expect(states.find((s) => s.id === multi.id)?.uses).toBe(1);

    const badInput = await c.post('agent/enroll', { token: 'short' });
    expect(badInput.status).toBe(400);
    const badToken = await a.admin.post('enrollment-tokens', { maxUses: 10_001 });
    expect([badToken.status, badToken.body.error.field]).toEqual([400, 'maxUses']);
    const badSite = await a.admin.post('enrollment-tokens', { siteId: crypto.randomUUID() });
    expect([badSite.status, badSite.body.error.field]).toEqual([400, 'siteId']);
  });

  it('two concurrent enrollments on a single-use token: exactly one wins', async () => {
    const { token, id } = await createToken(a.admin);
    const results = await Promise.all([anon().post('agent/enroll', enrollRequest(token)), anon().post('agent/enroll', enrollRequest(token))]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 401]);
    expect(results.find((r) => r.status === 401)?.body.error.code).toBe('ENROLLMENT_TOKEN_USED');
    const listed = (await a.admin.get('enrollment-tokens?limit=200')).body.items.find((x: { id: string }) => x.id === id);
    expect(listed).toMatchObject({ uses: 1, remaining: 0, state: 'used' });
  });

  it('failed enrollments are rate limited per address', async () => {
    const c = new ApiClient(a.t.app, '192.0.2.77');
    let last = 0;
    for (let i = 0; i < 31; i++) last = (await c.post('agent/enroll', enrollRequest(`rwe_guess-${i}-xxxxxxxxxxxx`))).status;
    expect(last).toBe(429);
    expect((await anon().post('agent/enroll', enrollRequest('rwe_another-guess-xxxxxx'))).status).toBe(401);
  });
});

describe('reports, incidents and status', () => {
  it('hello, heartbeats and reports become signals, incidents and the room status', async () => {
    const device = await enroll(a);
    const agent = new TestAgent(a.wsUrl, device);
    const welcome = await agent.start(true);
    expect(welcome).toMatchObject({ deviceId: device.deviceId, roomId: device.roomId, heartbeatIntervalSec: 2, fullReportIntervalSec: 300 });
    await waitFor(async () => (await roomStatus(device.roomId)) === 'healthy', 8_000, 'healthy');
    agent.report(ALL_OK, true);
    agent.heartbeat();

    const info = await waitFor(async () => {
      const r = await a.admin.get(`rooms/${device.roomId}/agent`);
      return r.body.connected ? r.body : undefined;
    });
    expect(info).toMatchObject({ enrolled: true, deviceId: device.deviceId, agentVersion: '1.2.3', platform: 'sim', hostname: 'console-1', osVersion: 'SimOS 1', capabilities: { vnc: true } });
    expect(info.enrolledAt).toEqual(expect.any(String));
    expect(info.lastHeartbeatAt).toEqual(expect.any(String));

    const signals = await waitFor(async () => {
      const r = await a.admin.get(`rooms/${device.roomId}/signals`);
      return r.body.items.length === ALL_OK.length ? r.body.items : undefined;
    });
    expect(signals.find((s: { name: string }) => s.name === 'display')).toMatchObject({ state: 'ok', value: '1920x1080 HDMI-1', label: 'Display', changedAt: expect.any(String) });

    agent.report([{ name: 'camera', state: 'failed', detail: 'USB device disconnected' }, { name: 'disk', state: 'degraded', value: '92 %' }]);
    await waitFor(async () => (await roomStatus(device.roomId)) === 'unhealthy', 8_000, 'unhealthy');
    const open = (await a.admin.get(`rooms/${device.roomId}/incidents`)).body.items;
    expect(open.map((i: { ruleId: string; severity: string; category: string }) => [i.ruleId, i.severity, i.category]).sort()).toEqual([
      ['camera.failed', 'high', 'Peripherals'],
      ['disk.degraded', 'low', 'System'],
    ]);
    expect(open.find((i: { ruleId: string }) => i.ruleId === 'camera.failed')).toMatchObject({ state: 'open', detail: 'USB device disconnected', title: 'Camera not working', roomId: device.roomId });

    // A new reading alone is no state change; unknown opens nothing.
    agent.report([{ name: 'cpu', state: 'ok', value: '55 %' }, { name: 'speaker', state: 'unknown', detail: 'no audio subsystem' }]);
    agent.report([{ name: 'camera', state: 'ok', value: 'Logitech Rally' }]);
    await waitFor(async () => (await roomStatus(device.roomId)) === 'warning', 8_000, 'warning');
    const all = (await a.admin.get(`rooms/${device.roomId}/incidents?state=all`)).body.items;
    expect(all.find((i: { ruleId: string }) => i.ruleId === 'camera.failed')).toMatchObject({ state: 'resolved', resolvedAt: expect.any(String) });
    expect(all).toHaveLength(2);
    const cpu = await waitFor(async () => {
      const s = (await a.admin.get(`rooms/${device.roomId}/signals`)).body.items.find((x: { name: string }) => x.name === 'cpu');
      return s?.value === '55 %' ? s : undefined;
    });
    expect(cpu.state).toBe('ok');
    const speaker = (await a.admin.get(`rooms/${device.roomId}/signals`)).body.items.find((x: { name: string }) => x.name === 'speaker');
    expect(speaker).toMatchObject({ state: 'unknown', detail: 'no audio subsystem' });

    agent.report([{ name: 'disk', state: 'ok', value: '40 %' }]);
    await waitFor(async () => (await roomStatus(device.roomId)) === 'healthy', 8_000, 'healthy again');
    await agent.close();
  });

  it('goes offline after missed heartbeats (with an "Agent offline" incident) and comes back', async () => {
    const device = await enroll(a);
    const agent = new TestAgent(a.wsUrl, device);
    await agent.start(false, { heartbeat: false });
    await waitFor(async () => (await roomStatus(device.roomId)) === 'healthy', 8_000, 'healthy');
    // Silent, but connected: the sweep notices without any message arriving.
    expect((await agent.closed).code).toBe(1001);
    await waitFor(async () => (await roomStatus(device.roomId)) === 'offline', 8_000, 'offline');
    const offline = (await a.admin.get(`rooms/${device.roomId}/incidents`)).body.items;
    expect(offline.map((i: { ruleId: string; severity: string }) => [i.ruleId, i.severity])).toEqual([['agent.offline', 'high']]);
    const room = (await a.admin.get(`rooms/${device.roomId}`)).body;
    expect(room.lastSeenAt).toEqual(expect.any(String));

    const back = new TestAgent(a.wsUrl, device);
    await back.start();
    await waitFor(async () => (await roomStatus(device.roomId)) === 'healthy', 8_000, 'back');
    const after = (await a.admin.get(`rooms/${device.roomId}/incidents?state=all`)).body.items;
    expect(after[0]).toMatchObject({ ruleId: 'agent.offline', state: 'resolved' });
    await back.close();
  });

  it('a revoked device is disconnected with 4001 and refused when it reconnects', async () => {
    const machineId = unique('machine');
    const device = await enroll(a, { machineId });
    const agent = new TestAgent(a.wsUrl, device);
    await agent.start();
    await waitFor(async () => (await roomStatus(device.roomId)) === 'healthy', 8_000, 'healthy');
    expect((await a.admin.post(`rooms/${device.roomId}/agent/revoke`)).status).toBe(204);
    expect((await agent.closed).code).toBe(AGENT_CLOSE.DEVICE_REVOKED);
    const again = new TestAgent(a.wsUrl, device);
    await expect(again.opened).rejects.toEqual(new UpgradeRefused(403));
    await waitFor(async () => (await roomStatus(device.roomId)) === 'offline', 8_000, 'offline');
    const info = (await a.admin.get(`rooms/${device.roomId}/agent`)).body;
    expect(info).toMatchObject({ enrolled: false, revoked: true, connected: false });
    expect((await a.admin.delete(`devices/${device.deviceId}`)).status).toBe(404);
    const audit = (await a.admin.get('audit?limit=5')).body.items.map((e: { action: string }) => e.action);
    expect(audit).toContain('device.revoke');

    // Enrolling the machine again after the revocation gives it its room back, with a new device.
    const reenrolled = await enroll(a, { machineId });
    expect(reenrolled.roomId).toBe(device.roomId);
    expect(reenrolled.deviceId).not.toBe(device.deviceId);
    const next = new TestAgent(a.wsUrl, reenrolled);
    await next.start();
    expect((await a.admin.delete(`devices/${reenrolled.deviceId}`)).status).toBe(204);
    expect((await next.closed).code).toBe(AGENT_CLOSE.DEVICE_REVOKED);
  });

  it('deleting a room closes its agent with 4001', async () => {
    const device = await enroll(a);
    const agent = new TestAgent(a.wsUrl, device);
    await agent.start();
    expect((await a.admin.delete(`rooms/${device.roomId}`)).status).toBe(204);
    expect((await agent.closed).code).toBe(AGENT_CLOSE.DEVICE_REVOKED);
    await expect(new TestAgent(a.wsUrl, device).opened).rejects.toEqual(new UpgradeRefused(401));
  });

  it('after a restart, rooms last seen online go offline unless their agent returns', async () => {
    const room = (await a.admin.post('rooms', { name: unique('restarted') })).body;
    await a.t.database.db.updateTable('rooms').set({ status: 'healthy' }).where('id', '=', room.id).execute();
    const db = a.t.database.db;
    const rooms = new AgentRoomsRepository(db);
    const health = new HealthService({ signals: new SignalsRepository(db), incidents: new IncidentsRepository(db), rooms, tx: createTransactor(db), bus: a.t.bus });
    const restarted = new AgentGateway({ health, rooms, devices: new DevicesRepository(db), timings: { ...a.t.config.timings }, nodeId: 'node-restarted', log: a.t.app.log, bus: a.t.bus });
    await restarted.start();
    try {
      await waitFor(async () => (await roomStatus(room.id)) === 'offline', 15_000, 'offline after restart');
      const incidents = (await a.admin.get(`rooms/${room.id}/incidents`)).body.items;
      expect(incidents.map((i: { ruleId: string }) => i.ruleId)).toEqual(['agent.offline']);
    } finally {
      await restarted.close();
    }
  });

  it('a second connection for a device replaces the first', async () => {
    const device = await enroll(a);
    const first = new TestAgent(a.wsUrl, device);
    await first.start();
    const second = new TestAgent(a.wsUrl, device);
    await second.start();
    expect((await first.closed).code).toBe(AGENT_CLOSE.REPLACED);
    second.heartbeat();
    expect((await a.t.agentLink.presence(device.roomId)).online).toBe(true);
    await second.close();
  });
});

describe('AgentLink', () => {
  it('reports presence, delivers commands and relays session events', async () => {
    const device = await enroll(a);
    expect(await a.t.agentLink.presence(device.roomId)).toEqual({ online: false, vnc: false, nodeId: null, agentVersion: null });
    expect(await a.t.agentLink.send(device.roomId, { type: 'session.close', sessionId: crypto.randomUUID(), reason: 'x' })).toBe(false);
    const events: AgentSessionEvent[] = [];
    const off = a.t.agentLink.onSessionEvent((e) => events.push(e));
    const agent = new TestAgent(a.wsUrl, device);
    await agent.start(true);
    expect(await a.t.agentLink.presence(device.roomId)).toEqual({ online: true, vnc: true, displays: [], nodeId: a.t.config.nodeId, agentVersion: '1.2.3', actions: [] });
    const sessionId = crypto.randomUUID();
    expect(await a.t.agentLink.send(device.roomId, { type: 'session.open', sessionId, mode: 'view', relayUrl: 'ws://127.0.0.1/x?ticket=t', ticket: 't' })).toBe(true);
    expect(await agent.next('session.open')).toMatchObject({ sessionId, mode: 'view' });
    agent.send({ type: 'session.opened', sessionId });
    agent.send({ type: 'session.closed', sessionId, reason: 'viewer', bytesToViewer: 10, bytesFromViewer: 2 });
    await waitFor(() => events.length >= 2);
    await agent.close();
    await waitFor(() => events.some((e) => e.type === 'agent.disconnected'));
    expect(events).toEqual([
      { type: 'session.opened', roomId: device.roomId, sessionId },
      { type: 'session.closed', roomId: device.roomId, sessionId, reason: 'viewer', bytesToViewer: 10, bytesFromViewer: 2 },
      { type: 'agent.disconnected', roomId: device.roomId },
    ]);
    off();
  });
});

describe('bad agent input', () => {
  let good: TestAgent;
  let goodRoom: string;
  beforeAll(async () => {
    const device = await enroll(a);
    goodRoom = device.roomId;
    good = new TestAgent(a.wsUrl, device);
    await good.start();
  });
  afterAll(async () => good?.close());

  async function misbehave(act: (agent: TestAgent) => void, hello = true): Promise<number> {
    const device = await enroll(a);
    const agent = new TestAgent(a.wsUrl, device);
    if (hello) await agent.start();
    else await agent.opened;
    act(agent);
    return (await agent.closed).code;
  }

  it('closes each offender with its code and keeps serving everyone else', async () => {
    expect(await misbehave((x) => x.send('{not json'))).toBe(AGENT_CLOSE.PROTOCOL_ERROR);
    expect(await misbehave((x) => x.send({ type: 'reboot.now' }))).toBe(AGENT_CLOSE.PROTOCOL_ERROR);
    expect(await misbehave((x) => x.send({ type: 'heartbeat', at: 'yesterday' }))).toBe(AGENT_CLOSE.PROTOCOL_ERROR);
    expect(await misbehave((x) => x.heartbeat(), false)).toBe(AGENT_CLOSE.PROTOCOL_ERROR);
    expect(await misbehave((x) => x.ws.send(Buffer.from([1, 2, 3])))).toBe(AGENT_CLOSE.PROTOCOL_ERROR);
    expect(await misbehave((x) => x.send({ type: 'heartbeat', at: new Date().toISOString(), pad: 'x'.repeat(MAX_CONTROL_FRAME_BYTES) }))).toBe(1009);
    expect(await misbehave((x) => x.send('x'.repeat(2 * 1024 * 1024)))).toBe(1009);
    expect(
      await misbehave((x) => {
        for (let i = 0; i <= MAX_AGENT_MESSAGES_PER_10S + 5; i++) x.heartbeat();
      }),
    ).toBe(AGENT_CLOSE.RATE_LIMITED);
    expect(await misbehave(() => undefined, false)).toBe(AGENT_CLOSE.HELLO_TIMEOUT);

    // The well-behaved agent is still served, and so is the API.
    good.heartbeat();
    good.report([{ name: 'roomApp', state: 'failed', detail: 'Teams Rooms not running' }]);
    await waitFor(async () => (await roomStatus(goodRoom)) === 'unhealthy', 8_000, 'good agent still served');
    expect((await a.admin.get('incidents?severity=critical')).body.items.some((i: { roomId: string }) => i.roomId === goodRoom)).toBe(true);
  });

  it('refuses a wrong credential before the upgrade', async () => {
    const device = await enroll(a);
    for (const authorization of [
      deviceAuthHeader(device.deviceId, 'wrong-secret'),
      deviceAuthHeader(crypto.randomUUID(), device.deviceSecret),
      deviceAuthHeader('not-a-uuid', device.deviceSecret),
      'Bearer something',
      '',
    ]) {
      const agent = new TestAgent(a.wsUrl, device, authorization);
      await expect(agent.opened).rejects.toEqual(new UpgradeRefused(401));
    }
    expect((await new ApiClient(a.t.app).get('/api/v1/agent/connect')).status).toBeGreaterThanOrEqual(400);
  });
});
