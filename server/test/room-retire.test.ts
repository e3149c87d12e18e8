// Retiring a room (issue 14 B) with a real gateway and a scripted agent: the agent's
// connection closes and its credential stops working, its live session ends, its open
// incidents are resolved as retired, it leaves the rooms list, the summary, the site's
// count and the incidents list, while GET /rooms/:id, its incidents, sessions and audit
// stay; nothing new can happen to it (409 ROOM_RETIRED).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_CLOSE } from '@roomwarden/protocol';
import { enroll, TestAgent, UpgradeRefused, waitFor, type ListeningApp } from './agents-helpers.ts';
import { makeSite, userWithRole } from './support/factories.ts';
import { enableRemoteAccess, sessionOf, sessionsApp, startSession, type SessionsApp } from './sessions-helpers.ts';

let s: SessionsApp;
let app: ListeningApp;
beforeAll(async () => {
  s = await sessionsApp({ heartbeatIntervalSec: 2, agentSweepMs: 100, lastSeenFlushMs: 200 }, { realGateway: true });
  app = { t: s.t, admin: s.admin, base: s.base, wsUrl: `${s.base.replace(/^http/, 'ws')}/api/v1/agent/connect` };
});
afterAll(async () => s?.t.dispose());

const ids = (body: { items: Array<{ id: string }> }) => body.items.map((i) => i.id);

describe('retiring a room', () => {
  it('closes its agent, ends its session, resolves its incidents, leaves the lists and keeps its history', async () => {
    await enableRemoteAccess(s.admin);
    const site = await makeSite(s.admin);
    const machineId = `machine-${Date.now()}`;
    const device = await enroll(app, { siteId: site.id, machineId });
    const roomId = device.roomId;
    const agent = new TestAgent(app.wsUrl, device);
    await agent.start(true);
    agent.report([{ name: 'camera', state: 'failed' }]);
    const incident = await waitFor(async () => (await s.admin.get(`rooms/${roomId}/incidents`)).body.items[0], 8_000, 'camera incident');
    const { client } = await userWithRole(s.t.app, s.admin, { permissions: { remoteAccess: 'modify', rooms: 'view' }, roomIds: [roomId] });
    const session = await startSession(client, roomId, 'control');
    const summaryBefore = (await s.admin.get('rooms/summary')).body.total as number;
    expect((await s.admin.get(`sites/${site.id}`)).body.roomCount).toBe(1);

    const retired = await s.admin.post(`rooms/${roomId}/retire`);
    expect(retired.status, JSON.stringify(retired.body)).toBe(200);
    expect(retired.body).toMatchObject({ id: roomId, retiredAt: expect.any(String), status: 'offline' });

    // The agent: closed as revoked, and its credential no longer opens a connection.
    expect((await agent.closed).code).toBe(AGENT_CLOSE.DEVICE_REVOKED);
    await expect(new TestAgent(app.wsUrl, device).opened).rejects.toEqual(new UpgradeRefused(403));
    // The live session ends: as room_removed, or as agent_disconnected when the agent's close is seen first.
    await waitFor(async () => (await sessionOf(s.admin, session.id)).state === 'ended', 8_000, 'session ended');
    expect(['room_removed', 'agent_disconnected']).toContain((await sessionOf(s.admin, session.id)).endReason);

    // Leaves the lists and counts.
    expect(ids((await s.admin.get('rooms?limit=200')).body)).not.toContain(roomId);
    expect(ids((await s.admin.get('rooms?retired=true&limit=200')).body)).toContain(roomId);
    expect((await s.admin.get('rooms/summary')).body.total).toBe(summaryBefore - 1);
    expect((await s.admin.get(`sites/${site.id}`)).body.roomCount).toBe(0);
    expect(ids((await s.admin.get('incidents?state=all&limit=200')).body)).not.toContain(incident.id);

    // History stays.
    expect((await s.admin.get(`rooms/${roomId}`)).body).toMatchObject({ id: roomId, retiredAt: retired.body.retiredAt });
    const history = (await s.admin.get(`rooms/${roomId}/incidents?state=all`)).body.items;
    expect(history).toEqual([expect.objectContaining({ id: incident.id, state: 'resolved', resolution: 'retired' })]);
    expect((await s.admin.get(`incidents/${incident.id}`)).body.timeline.at(-1)).toMatchObject({ kind: 'resolved', resolution: 'retired', text: 'The room was retired' });
    expect(ids((await s.admin.get(`rooms/${roomId}/sessions`)).body)).toContain(session.id);
    const [entry] = (await s.admin.get('audit?action=room.retire')).body.items.filter((e: { targetId: string }) => e.targetId === roomId);
    expect(entry.details).toMatchObject({ revokedDevices: [device.deviceId], resolvedIncidents: [incident.id] });

    // Nothing new happens to it.
    for (const [method, path, body] of [
      ['POST', `rooms/${roomId}/sessions`, { mode: 'view' }],
      ['POST', `rooms/${roomId}/actions`, { action: 'restart-app' }],
      ['PATCH', `rooms/${roomId}`, { name: 'Back from the dead' }],
      ['PUT', `rooms/${roomId}/maintenance`, { until: new Date(Date.now() + 60_000).toISOString(), reason: 'x' }],
      ['POST', `rooms/${roomId}/incidents`, { title: 'x', severity: 'low' }],
      ['POST', `rooms/${roomId}/retire`, undefined],
    ] as const) {
      const res = await s.admin.request(method, path, body);
      expect([res.status, res.body.error?.code], `${method} ${path}`).toEqual([409, 'ROOM_RETIRED']);
    }

    // The same machine enrolled again gets a new room, not the retired one.
    const again = await enroll(app, { siteId: site.id, machineId });
    expect(again.roomId).not.toBe(roomId);
    expect((await s.admin.get(`sites/${site.id}`)).body.roomCount).toBe(1);
  });

  it('needs Rooms: Modify on the room; out of scope is a 404', async () => {
    const site = await makeSite(s.admin);
    const room = (await s.admin.post('rooms', { name: `retire-${Date.now()}`, siteId: site.id })).body as { id: string };
    const other = (await s.admin.post('rooms', { name: `retire-other-${Date.now()}` })).body as { id: string };
    const { client: viewer } = await userWithRole(s.t.app, s.admin, { permissions: { rooms: 'view' }, siteIds: [site.id] });
    const { client: modifier } = await userWithRole(s.t.app, s.admin, { permissions: { rooms: 'modify' }, siteIds: [site.id] });
    expect((await viewer.post(`rooms/${room.id}/retire`)).status).toBe(403);
    expect((await modifier.post(`rooms/${other.id}/retire`)).status).toBe(404);
    // A site whose rooms are all retired may be deleted.
    expect((await s.admin.delete(`sites/${site.id}`)).status).toBe(409);
    expect((await s.admin.post(`rooms/${room.id}/retire`)).status).toBe(200);
    expect((await viewer.get('rooms?retired=true')).body.items.map((r: { id: string }) => r.id)).toEqual([room.id]);
    expect((await s.admin.delete(`sites/${site.id}`)).status).toBe(204);
    expect((await s.admin.get(`rooms/${room.id}`)).body).toMatchObject({ siteId: null, retiredAt: expect.any(String) });
  });
});
