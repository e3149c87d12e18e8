// DESIGN "Remote session" 9 and 10 through the API, with the real gateway and a scripted
// agent: a start while the agent reports the room in a meeting is refused with
// ROOM_IN_MEETING (audited), a Modify holder's override with a reason passes (audited with
// the reason), a View holder's override is refused; the start names one of the displays
// the agent announced in hello (DISPLAY_NOT_FOUND otherwise), the session row keeps it and
// session.open carries it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { IN_MEETING_VALUES, type ServerMessage } from '@roomwarden/protocol';
import { ALL_OK, enroll, TestAgent, waitFor, type ListeningApp } from './agents-helpers.ts';
import { auditEntriesFor, enableRemoteAccess, sessionOf, sessionsApp, wsUrl, type SessionsApp } from './sessions-helpers.ts';
import { userWithRole } from './support/factories.ts';
import type { ApiClient } from './support/api-client.ts';

let s: SessionsApp;
let listening: ListeningApp;

beforeAll(async () => {
  s = await sessionsApp({}, { realGateway: true });
  listening = { t: s.t, admin: s.admin, base: s.base, wsUrl: wsUrl(s.base, '/api/v1/agent/connect') };
  await enableRemoteAccess(s.admin);
});
afterAll(async () => {
  await s?.t.dispose();
});

/** An enrolled room whose scripted agent says hello with VNC and these displays, and heartbeats. */
async function roomWithAgent(displays?: string[]): Promise<{ roomId: string; agent: TestAgent }> {
  const device = await enroll(listening);
  const patched = await s.admin.patch(`rooms/${device.roomId}`, { remoteAccessAllowed: true });
  expect(patched.status).toBe(200);
  const agent = new TestAgent(listening.wsUrl, device);
  await agent.opened;
  agent.send({ type: 'hello', agentVersion: '1.2.3', platform: 'sim', hostname: 'console-1', capabilities: { vnc: true, ...(displays ? { displays } : {}) } });
  await agent.next('welcome');
  const timer = setInterval(() => {
    if (agent.ws.readyState === WebSocket.OPEN) agent.heartbeat();
  }, 300);
  agent.ws.once('close', () => clearInterval(timer));
  await waitFor(async () => (await s.t.agentLink.presence(device.roomId)).online, 5_000, 'agent online');
  return { roomId: device.roomId, agent };
}

/** The agent reports the meeting state, and the server holds it. */
async function setMeeting(agent: TestAgent, roomId: string, on: boolean | 'unknown'): Promise<void> {
  const signal = on === 'unknown' ? { name: 'inMeeting' as const, state: 'unknown' as const } : { name: 'inMeeting' as const, state: 'ok' as const, value: on ? IN_MEETING_VALUES.yes : IN_MEETING_VALUES.no };
  agent.report([...ALL_OK, signal], true);
  const want = on === 'unknown' ? undefined : on;
  await waitFor(async () => (await s.t.agentLink.presence(roomId)).inMeeting === want || undefined, 5_000, `inMeeting ${String(on)}`);
}

async function userOn(roomId: string, level: 'view' | 'modify'): Promise<ApiClient> {
  return (await userWithRole(s.t.app, s.admin, { permissions: { remoteAccess: level }, roomIds: [roomId] })).client;
}

async function refusedStarts(roomId: string) {
  const res = await s.admin.get(`audit?action=session.start_refused&targetId=${roomId}&limit=50`);
  expect(res.status).toBe(200);
  return res.body.items as Array<{ actorLabel: string; details: Record<string, unknown> }>;
}

async function openFor(agent: TestAgent, sessionId: string): Promise<Extract<ServerMessage, { type: 'session.open' }>> {
  const open = await agent.next('session.open');
  expect(open.sessionId).toBe(sessionId);
  return open;
}

describe('not during a meeting (DESIGN Remote session 9)', () => {
  it('refuses a start with ROOM_IN_MEETING while the agent reports a meeting, and audits the refusal', async () => {
    const { roomId, agent } = await roomWithAgent();
    await setMeeting(agent, roomId, true);
    const modify = await userOn(roomId, 'modify');

    const control = await modify.post(`rooms/${roomId}/sessions`, { mode: 'control' });
    expect(control.status).toBe(409);
    expect(control.body).toMatchObject({ error: { code: 'ROOM_IN_MEETING', field: 'override' } });
    const view = await modify.post(`rooms/${roomId}/sessions`, { mode: 'view' });
    expect(view.body).toMatchObject({ error: { code: 'ROOM_IN_MEETING' } });

    const refused = await refusedStarts(roomId);
    expect(refused).toHaveLength(2);
    expect(refused.map((e) => e.details)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ roomId, mode: 'control', refusal: 'ROOM_IN_MEETING', inMeeting: true }),
        expect.objectContaining({ roomId, mode: 'view', refusal: 'ROOM_IN_MEETING' }),
      ]),
    );
    expect(agent.messages.filter((m) => m.type === 'session.open')).toHaveLength(0);
    const sessions = await s.admin.get(`rooms/${roomId}/sessions`);
    expect(sessions.body.items).toHaveLength(0);
    await agent.close();
  });

  it('lets a Modify holder start with override: {reason}, audited with the reason on session.start and the session', async () => {
    const { roomId, agent } = await roomWithAgent();
    await setMeeting(agent, roomId, true);
    const modify = await userOn(roomId, 'modify');

    const res = await modify.post(`rooms/${roomId}/sessions`, { mode: 'control', override: { reason: 'The presenter asked for help with the HDMI input' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ meetingOverrideReason: 'The presenter asked for help with the HDMI input' });
    const [entry] = await auditEntriesFor(s.admin, 'session.start', res.body.id);
    expect(entry?.details).toMatchObject({ roomId, mode: 'control', meetingOverride: { reason: 'The presenter asked for help with the HDMI input' } });
    expect(await sessionOf(s.admin, res.body.id)).toMatchObject({ meetingOverrideReason: 'The presenter asked for help with the HDMI input' });
    await openFor(agent, res.body.id);
    expect((await s.admin.delete(`sessions/${res.body.id}`)).status).toBe(200);
    await agent.close();
  });

  it("refuses a View holder's override with REMOTE_ACCESS_MODE_NOT_PERMITTED (403), audited", async () => {
    const { roomId, agent } = await roomWithAgent();
    await setMeeting(agent, roomId, true);
    const view = await userOn(roomId, 'view');

    const res = await view.post(`rooms/${roomId}/sessions`, { mode: 'view', override: { reason: 'just looking' } });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: { code: 'REMOTE_ACCESS_MODE_NOT_PERMITTED', field: 'override' } });
    expect(res.body.error.message).toMatch(/meeting/);
    const [refused] = await refusedStarts(roomId);
    expect(refused?.details).toMatchObject({ refusal: 'REMOTE_ACCESS_MODE_NOT_PERMITTED', mode: 'view', meetingOverride: { reason: 'just looking' } });
    // Without an override a View holder is told about the meeting, like anyone.
    expect((await view.post(`rooms/${roomId}/sessions`, { mode: 'view' })).body).toMatchObject({ error: { code: 'ROOM_IN_MEETING' } });
    await agent.close();
  });

  it('does not block when no meeting is on, or the meeting state is unknown, and keeps no override then', async () => {
    const { roomId, agent } = await roomWithAgent();
    const modify = await userOn(roomId, 'modify');
    for (const state of [false, 'unknown', true, false] as const) {
      await setMeeting(agent, roomId, state);
      const res = await modify.post(`rooms/${roomId}/sessions`, { mode: 'view', override: { reason: 'not needed' } });
      expect(res.status).toBe(201);
      expect(res.body.meetingOverrideReason).toBe(state === true ? 'not needed' : null);
      await openFor(agent, res.body.id);
      expect((await modify.delete(`sessions/${res.body.id}`)).status).toBe(200);
    }
    const plain = await modify.post(`rooms/${roomId}/sessions`, { mode: 'view' });
    expect(plain.status).toBe(201);
    expect(await refusedStarts(roomId)).toHaveLength(0);
    await agent.close();
  });

  it('refuses a malformed override in the contract shape', async () => {
    const { roomId, agent } = await roomWithAgent();
    for (const override of [{ reason: '' }, { reason: '   ' }, { reason: 'x'.repeat(501) }, {}, { reason: 'ok', extra: 1 }]) {
      const res = await s.admin.post(`rooms/${roomId}/sessions`, { mode: 'control', override });
      expect(res.status, JSON.stringify(override)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    await agent.close();
  });
});

describe('which screen (DESIGN Remote session 10)', () => {
  it('shows the displays the agent announced on the room agent view, the default first', async () => {
    const { roomId, agent } = await roomWithAgent(['front', 'whiteboard']);
    const view = await s.admin.get(`rooms/${roomId}/agent`);
    expect(view.body.capabilities).toEqual({ vnc: true, displays: ['front', 'whiteboard'], actions: [] });
    await agent.close();
    // Kept with the device once the agent is gone.
    await waitFor(async () => !(await s.t.agentLink.presence(roomId)).online, 5_000, 'agent offline');
    expect((await s.admin.get(`rooms/${roomId}/agent`)).body.capabilities).toEqual({ vnc: true, displays: ['front', 'whiteboard'] });
  });

  it('opens the named display, else the first; the session keeps it and session.open carries it', async () => {
    const { roomId, agent } = await roomWithAgent(['front', 'whiteboard']);
    const named = await s.admin.post(`rooms/${roomId}/sessions`, { mode: 'control', display: 'whiteboard' });
    expect(named.status).toBe(201);
    expect(named.body.display).toBe('whiteboard');
    expect((await openFor(agent, named.body.id)).display).toBe('whiteboard');
    expect(await sessionOf(s.admin, named.body.id)).toMatchObject({ display: 'whiteboard' });
    const [entry] = await auditEntriesFor(s.admin, 'session.start', named.body.id);
    expect(entry?.details).toMatchObject({ display: 'whiteboard' });
    await s.admin.delete(`sessions/${named.body.id}`);

    const byDefault = await s.admin.post(`rooms/${roomId}/sessions`, { mode: 'control' });
    expect(byDefault.body.display).toBe('front');
    expect((await openFor(agent, byDefault.body.id)).display).toBe('front');
    await s.admin.delete(`sessions/${byDefault.body.id}`);
    await agent.close();
  });

  it('refuses a display the agent does not bridge with DISPLAY_NOT_FOUND (409), and a malformed name with VALIDATION_FAILED', async () => {
    const { roomId, agent } = await roomWithAgent(['front', 'whiteboard']);
    const res = await s.admin.post(`rooms/${roomId}/sessions`, { mode: 'control', display: 'main' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: { code: 'DISPLAY_NOT_FOUND', field: 'display' } });
    const bad = await s.admin.post(`rooms/${roomId}/sessions`, { mode: 'control', display: '../etc' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(agent.messages.filter((m) => m.type === 'session.open')).toHaveLength(0);
    await agent.close();
  });

  it('knows an agent that announced no displays as one display, main, and sends no display to it', async () => {
    const { roomId, agent } = await roomWithAgent();
    expect((await s.admin.get(`rooms/${roomId}/agent`)).body.capabilities).toEqual({ vnc: true, displays: [], actions: [] });
    const plain = await s.admin.post(`rooms/${roomId}/sessions`, { mode: 'view' });
    expect(plain.body.display).toBeNull();
    expect((await openFor(agent, plain.body.id)).display).toBeUndefined();
    await s.admin.delete(`sessions/${plain.body.id}`);
    const main = await s.admin.post(`rooms/${roomId}/sessions`, { mode: 'view', display: 'main' });
    expect(main.status).toBe(201);
    expect((await openFor(agent, main.body.id)).display).toBe('main');
    await s.admin.delete(`sessions/${main.body.id}`);
    expect((await s.admin.post(`rooms/${roomId}/sessions`, { mode: 'view', display: 'front' })).body).toMatchObject({ error: { code: 'DISPLAY_NOT_FOUND' } });
    await agent.close();
  });
});
