// Room actions (DESIGN "Remote session" 11): POST /rooms/:id/actions asks the room's agent
// (here the FakeAgentLink) to run an action; its action.result ends the action, audited and
// listed newest first; the checks (permission, agent online, the agent has a command for
// the action), the timeout, a disconnect, and the restart a session asks for at its end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomActionView, RoomAgentView } from '@roomwarden/protocol';
import { enroll, listeningApp, TestAgent, waitFor, type ListeningApp } from './agents-helpers.ts';
import type { ApiClient } from './support/api-client.ts';
import { makeRoom, userWithRole } from './support/factories.ts';
import { enableRemoteAccess, sessionsApp, type SessionsApp } from './sessions-helpers.ts';

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function auditFor(admin: ApiClient, action: string, roomId: string) {
  const res = await admin.get(`audit?action=${action}&targetId=${roomId}&limit=50`);
  expect(res.status).toBe(200);
  return res.body.items as Array<{ action: string; actorLabel: string; details: Record<string, unknown> }>;
}

const actionsOf = async (client: ApiClient, roomId: string): Promise<RoomActionView[]> => (await client.get(`rooms/${roomId}/actions`)).body.items as RoomActionView[];

async function doneAction(client: ApiClient, roomId: string, id: string): Promise<RoomActionView> {
  return until(`action ${id} done`, async () => (await actionsOf(client, roomId)).find((a) => a.id === id && a.state === 'done'));
}

/** A room whose fake agent is online with both actions, and a user with roomActions `level` on it. */
async function roomWithAgent(s: SessionsApp, level: 'view' | 'modify' = 'modify', actions: Array<'restart-device' | 'restart-app'> = ['restart-device', 'restart-app']) {
  const room = await makeRoom(s.admin, { remoteAccessAllowed: true });
  s.link.setOnline(room.id, true, actions);
  const u = await userWithRole(s.t.app, s.admin, { permissions: { roomActions: level, remoteAccess: 'modify' }, roomIds: [room.id] });
  return { room, ...u };
}

describe('room actions', () => {
  let s: SessionsApp;
  beforeAll(async () => {
    s = await sessionsApp();
  });
  afterAll(async () => s?.t.dispose());

  it('runs an action: 202 pending, action.run sent, the result ends it, audited and listed', async () => {
    const { room, client, user } = await roomWithAgent(s);
    const res = await client.post(`rooms/${room.id}/actions`, { action: 'restart-app' });
    expect(res.status).toBe(202);
    const pending = res.body as RoomActionView;
    expect(pending).toMatchObject({ roomId: room.id, action: 'restart-app', state: 'pending', outcome: null, sessionId: null });
    expect(pending.requestedBy).toContain(user.email);
    expect(s.link.actionRunsFor(room.id)).toEqual([{ type: 'action.run', actionId: pending.id, action: 'restart-app' }]);

    s.link.emitActionResult({ type: 'action.result', roomId: room.id, actionId: pending.id, action: 'restart-app', outcome: 'succeeded', exitCode: 0, output: 'Teams restarted\n' });
    const done = await doneAction(client, room.id, pending.id);
    expect(done).toMatchObject({ outcome: 'succeeded', exitCode: 0, output: 'Teams restarted\n', message: null });
    expect(done.finishedAt).not.toBeNull();

    const [request] = await auditFor(s.admin, 'room.action.request', room.id);
    expect(request!.actorLabel).toBe(user.email);
    expect(request!.details).toMatchObject({ actionId: pending.id, action: 'restart-app', roomId: room.id });
    const [result] = await auditFor(s.admin, 'room.action.result', room.id);
    expect(result!.details).toMatchObject({ actionId: pending.id, outcome: 'succeeded', exitCode: 0, output: 'Teams restarted\n' });
    expect((await s.admin.get('audit/verify')).body.ok).toBe(true);
  });

  it('lists newest first with cursor pagination; a second result for the same action changes nothing', async () => {
    const { room, client } = await roomWithAgent(s);
    const ids: string[] = [];
    for (const action of ['restart-app', 'restart-device', 'restart-app'] as const) {
      const res = await client.post(`rooms/${room.id}/actions`, { action });
      expect(res.status).toBe(202);
      ids.push(res.body.id);
      s.link.emitActionResult({ type: 'action.result', roomId: room.id, actionId: res.body.id, action, outcome: 'failed', exitCode: 3, output: 'no' });
      await doneAction(client, room.id, res.body.id);
    }
    s.link.emitActionResult({ type: 'action.result', roomId: room.id, actionId: ids[0]!, action: 'restart-app', outcome: 'succeeded', exitCode: 0, output: 'late' });
    const first = await client.get(`rooms/${room.id}/actions?limit=2`);
    expect(first.body.items.map((a: RoomActionView) => a.id)).toEqual([ids[2], ids[1]]);
    const second = await client.get(`rooms/${room.id}/actions?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((a: RoomActionView) => a.id)).toEqual([ids[0]]);
    expect(second.body.nextCursor).toBeNull();
    expect(second.body.items[0]).toMatchObject({ outcome: 'failed', exitCode: 3, output: 'no' });
    expect(await auditFor(s.admin, 'room.action.result', room.id)).toHaveLength(3);
    expect((await client.get(`rooms/${room.id}/actions?cursor=nope`)).body.error.code).toBe('INVALID_CURSOR');
  });

  it('a result from another room’s agent does not end the action', async () => {
    const { room, client } = await roomWithAgent(s);
    const other = await roomWithAgent(s);
    const res = await client.post(`rooms/${room.id}/actions`, { action: 'restart-app' });
    s.link.emitActionResult({ type: 'action.result', roomId: other.room.id, actionId: res.body.id, action: 'restart-app', outcome: 'succeeded', exitCode: 0, output: '' });
    await new Promise((r) => setTimeout(r, 100));
    expect((await actionsOf(client, room.id))[0]).toMatchObject({ id: res.body.id, state: 'pending' });
  });

  it('AGENT_OFFLINE when the agent is away, ROOM_ACTION_UNAVAILABLE when it has no command, CONFLICT while the same action runs', async () => {
    const { room, client } = await roomWithAgent(s, 'modify', ['restart-device']);
    const unavailable = await client.post(`rooms/${room.id}/actions`, { action: 'restart-app' });
    expect(unavailable.status).toBe(409);
    expect(unavailable.body.error.code).toBe('ROOM_ACTION_UNAVAILABLE');
    expect((await client.post(`rooms/${room.id}/actions`, { action: 'restart-device' })).status).toBe(202);
    const busy = await client.post(`rooms/${room.id}/actions`, { action: 'restart-device' });
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('CONFLICT');
    s.link.setOffline(room.id);
    const offline = await client.post(`rooms/${room.id}/actions`, { action: 'restart-device' });
    expect(offline.status).toBe(409);
    expect(offline.body.error.code).toBe('AGENT_OFFLINE');
    const bad = await client.post(`rooms/${room.id}/actions`, { action: 'format-disk' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('the area: Administrator holds it (Modify), Reader View; a role written without it (an older client) has None', async () => {
    const roles = (await s.admin.get('roles?limit=200')).body.items as Array<{ builtInKind: string | null; permissions: Record<string, string> }>;
    expect(roles.find((r) => r.builtInKind === 'administrator')?.permissions.roomActions).toBe('modify');
    expect(roles.find((r) => r.builtInKind === 'reader')?.permissions.roomActions).toBe('view');
    const older = await s.admin.post('roles', {
      name: `older client ${Date.now()}`,
      permissions: { rooms: 'view', incidents: 'none', remoteAccess: 'none', settings: 'none', roles: 'none', directory: 'none', enrollment: 'none', audit: 'none' },
    });
    expect(older.status).toBe(201);
    expect(older.body.permissions.roomActions).toBe('none');
    const bad = await s.admin.post('roles', { name: `bad ${Date.now()}`, permissions: { rooms: 'view', incidents: 'none', remoteAccess: 'none', settings: 'none', roles: 'none', directory: 'none', enrollment: 'none', audit: 'none', roomActions: 'admin' } });
    expect(bad.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'permissions.roomActions' });
  });

  it('View on roomActions lists but may not run; no roomActions on the room is a 403; another room is a 404', async () => {
    const { room, client } = await roomWithAgent(s, 'view');
    expect((await client.get(`rooms/${room.id}/actions`)).status).toBe(200);
    const run = await client.post(`rooms/${room.id}/actions`, { action: 'restart-app' });
    expect(run.status).toBe(403);
    expect(run.body.error.code).toBe('FORBIDDEN');
    const sessionsOnly = await userWithRole(s.t.app, s.admin, { permissions: { remoteAccess: 'modify' }, roomIds: [room.id] });
    expect((await sessionsOnly.client.get(`rooms/${room.id}/actions`)).status).toBe(403);
    const elsewhere = await makeRoom(s.admin, {});
    expect((await client.get(`rooms/${elsewhere.id}/actions`)).status).toBe(404);
    expect(s.link.actionRunsFor(room.id)).toEqual([]);
  });

  it('an agent that disconnects: a pending restart-device ends as succeeded (it is restarting), restart-app as failed', async () => {
    const { room, client } = await roomWithAgent(s);
    const device = (await client.post(`rooms/${room.id}/actions`, { action: 'restart-device' })).body as RoomActionView;
    const app = (await client.post(`rooms/${room.id}/actions`, { action: 'restart-app' })).body as RoomActionView;
    s.link.setOffline(room.id);
    s.link.emit({ type: 'agent.disconnected', roomId: room.id });
    expect(await doneAction(client, room.id, device.id)).toMatchObject({ outcome: 'succeeded', exitCode: null, message: expect.stringContaining('restarting') });
    expect(await doneAction(client, room.id, app.id)).toMatchObject({ outcome: 'failed', message: expect.stringContaining('disconnected') });
    expect(await auditFor(s.admin, 'room.action.result', room.id)).toHaveLength(2);
  });

  describe('restart the device when this session ends', () => {
    it('a start with restartDeviceOnEnd runs restart-device when the session ends, linked to it and audited', async () => {
      await enableRemoteAccess(s.admin);
      const { room, client } = await roomWithAgent(s);
      const start = await client.post(`rooms/${room.id}/sessions`, { mode: 'control', restartDeviceOnEnd: true });
      expect(start.status).toBe(201);
      expect(s.link.actionRunsFor(room.id)).toEqual([]);
      const [startEntry] = (await s.admin.get(`audit?action=session.start&targetId=${start.body.id}&limit=5`)).body.items;
      expect(startEntry.details.restartDeviceOnEnd).toBe(true);
      expect((await client.delete(`sessions/${start.body.id}`)).status).toBe(200);
      const run = await until('action.run', async () => s.link.actionRunsFor(room.id)[0]);
      expect(run.action).toBe('restart-device');
      const [listed] = await actionsOf(client, room.id);
      expect(listed).toMatchObject({ id: run.actionId, action: 'restart-device', sessionId: start.body.id, state: 'pending' });
      const [request] = await auditFor(s.admin, 'room.action.request', room.id);
      expect(request!.details).toMatchObject({ sessionId: start.body.id, action: 'restart-device' });
      expect(request!.actorLabel).toContain('session end');
    });

    it('a start without the flag restarts nothing', async () => {
      await enableRemoteAccess(s.admin);
      const { room, client } = await roomWithAgent(s);
      const start = await client.post(`rooms/${room.id}/sessions`, { mode: 'control' });
      expect((await client.delete(`sessions/${start.body.id}`)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 100));
      expect(s.link.actionRunsFor(room.id)).toEqual([]);
      expect(await actionsOf(client, room.id)).toEqual([]);
    });

    it('needs roomActions Modify on the room (FORBIDDEN), and restart-device on its agent (ROOM_ACTION_UNAVAILABLE)', async () => {
      await enableRemoteAccess(s.admin);
      const viewer = await roomWithAgent(s, 'view');
      const forbidden = await viewer.client.post(`rooms/${viewer.room.id}/sessions`, { mode: 'control', restartDeviceOnEnd: true });
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.error.code).toBe('FORBIDDEN');
      const noCommand = await roomWithAgent(s, 'modify', ['restart-app']);
      const unavailable = await noCommand.client.post(`rooms/${noCommand.room.id}/sessions`, { mode: 'control', restartDeviceOnEnd: true });
      expect(unavailable.status).toBe(409);
      expect(unavailable.body.error.code).toBe('ROOM_ACTION_UNAVAILABLE');
      expect((await s.admin.get(`rooms/${noCommand.room.id}/sessions`)).body.items).toEqual([]);
    });

    it('a session the server ends because it stops restarts nothing: listed as not run, with why', async () => {
      await enableRemoteAccess(s.admin);
      const { room, client } = await roomWithAgent(s);
      const start = await client.post(`rooms/${room.id}/sessions`, { mode: 'control', restartDeviceOnEnd: true });
      await s.t.sessions.end(start.body.id, 'server_shutdown');
      const listed = await until('the action done', async () => (await actionsOf(client, room.id)).find((a) => a.state === 'done'));
      expect(listed).toMatchObject({ sessionId: start.body.id, action: 'restart-device', outcome: 'failed', message: expect.stringContaining('server stopped') });
      expect(s.link.actionRunsFor(room.id)).toEqual([]);
    });

    it('an agent gone when the session ends: the restart is listed as failed, with why', async () => {
      await enableRemoteAccess(s.admin);
      const { room, client } = await roomWithAgent(s);
      const start = await client.post(`rooms/${room.id}/sessions`, { mode: 'control', restartDeviceOnEnd: true });
      s.link.setOffline(room.id);
      s.link.emit({ type: 'agent.disconnected', roomId: room.id });
      const listed = await until('the action done', async () => (await actionsOf(client, room.id)).find((a) => a.state === 'done'));
      expect(listed).toMatchObject({ sessionId: start.body.id, action: 'restart-device', state: 'done', outcome: 'failed', message: expect.stringContaining('offline') });
      expect(s.link.actionRunsFor(room.id)).toEqual([]);
    });
  });
});

describe('room actions: timeout', () => {
  let s: SessionsApp;
  beforeAll(async () => {
    s = await sessionsApp({ roomActionTimeoutMs: 300, roomActionSweepMs: 50 });
  });
  afterAll(async () => s?.t.dispose());

  it('an action with no result within the timeout ends as timed_out, audited; a late result changes nothing', async () => {
    const room = await makeRoom(s.admin, {});
    s.link.setOnline(room.id, false, ['restart-app']);
    const res = await s.admin.post(`rooms/${room.id}/actions`, { action: 'restart-app' });
    expect(res.status).toBe(202);
    const done = await doneAction(s.admin, room.id, res.body.id);
    expect(done).toMatchObject({ outcome: 'timed_out', exitCode: null, message: expect.stringContaining('No result') });
    s.link.emitActionResult({ type: 'action.result', roomId: room.id, actionId: res.body.id, action: 'restart-app', outcome: 'succeeded', exitCode: 0, output: 'late' });
    await new Promise((r) => setTimeout(r, 100));
    expect((await actionsOf(s.admin, room.id))[0]).toMatchObject({ outcome: 'timed_out', output: '' });
    const results = await auditFor(s.admin, 'room.action.result', room.id);
    expect(results).toHaveLength(1);
    expect(results[0]!.details.outcome).toBe('timed_out');
  });
});

describe('room actions through the real agent gateway (a test agent on a real WebSocket)', () => {
  let a: ListeningApp;
  beforeAll(async () => {
    a = await listeningApp();
  });
  afterAll(async () => a?.t.dispose());

  it('hello announces the actions; action.run reaches the agent; its action.result ends the action; a disconnect ends a pending restart-device', async () => {
    const device = await enroll(a);
    const agent = new TestAgent(a.wsUrl, device);
    await agent.opened;
    agent.send({ type: 'hello', agentVersion: '1.2.3', platform: 'linux', hostname: 'console-1', capabilities: { vnc: false, actions: ['restart-device', 'restart-app'] } });
    await agent.next('welcome');
    const view = await waitFor(async () => {
      const v = (await a.admin.get(`rooms/${device.roomId}/agent`)).body as RoomAgentView;
      return v.connected ? v : undefined;
    });
    expect(view.capabilities.actions).toEqual(['restart-device', 'restart-app']);

    const asked = await a.admin.post(`rooms/${device.roomId}/actions`, { action: 'restart-app' });
    expect(asked.status).toBe(202);
    const run = await agent.next('action.run');
    expect(run).toEqual({ type: 'action.run', actionId: asked.body.id, action: 'restart-app' });
    agent.send({ type: 'action.result', actionId: run.actionId, action: 'restart-app', outcome: 'failed', exitCode: 2, output: 'Teams is not installed\n', message: 'exit status 2' });
    expect(await doneAction(a.admin, device.roomId, run.actionId)).toMatchObject({ outcome: 'failed', exitCode: 2, output: 'Teams is not installed\n', message: 'exit status 2' });

    const restart = await a.admin.post(`rooms/${device.roomId}/actions`, { action: 'restart-device' });
    await agent.next('action.run');
    await agent.close();
    expect(await doneAction(a.admin, device.roomId, restart.body.id)).toMatchObject({ outcome: 'succeeded', exitCode: null, message: expect.stringContaining('restarting') });
    const offline = await a.admin.post(`rooms/${device.roomId}/actions`, { action: 'restart-device' });
    expect(offline.body.error.code).toBe('AGENT_OFFLINE');
  });

  it('an agent that announces no actions (older than issue 13): ROOM_ACTION_UNAVAILABLE', async () => {
    const device = await enroll(a);
    const agent = new TestAgent(a.wsUrl, device);
    await agent.start();
    const res = await a.admin.post(`rooms/${device.roomId}/actions`, { action: 'restart-device' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('ROOM_ACTION_UNAVAILABLE');
    await agent.close();
  });
});
