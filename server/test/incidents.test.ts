// Incidents through the API: filters, pagination, visibility by role scope,
// acknowledgement (permission, audit, conflict), signals and agent info per room.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userWithRole } from './support/factories.ts';
import { listeningApp, twoConnectedRooms, waitFor, type ListeningApp, type TestAgent } from './agents-helpers.ts';

let a: ListeningApp;
let roomA: string;
let roomB: string;
let siteA: string;
let siteB: string;
let agentA: TestAgent;
let agentB: TestAgent;

interface Incident {
  id: string;
  roomId: string;
  ruleId: string;
  severity: string;
  state: string;
  acknowledged: boolean;
  acknowledgedBy: string | null;
}

beforeAll(async () => {
  a = await listeningApp();
  ({ siteA, siteB, roomA, roomB, agentA, agentB } = await twoConnectedRooms(a));
  agentA.report([{ name: 'camera', state: 'failed' }, { name: 'disk', state: 'degraded', value: '91 %' }]);
  agentB.report([{ name: 'display', state: 'failed', detail: 'no HDMI signal' }]);
  await waitFor(async () => (await a.admin.get('incidents')).body.items.length === 3, 8_000, 'three incidents');
});
afterAll(async () => {
  await agentA?.close();
  await agentB?.close();
  await a?.t.dispose();
});

const ids = (items: Incident[]) => items.map((i) => i.ruleId).sort();

describe('incident lists', () => {
  it('filter by state, severity, room and site', async () => {
    expect(ids((await a.admin.get('incidents')).body.items)).toEqual(['camera.failed', 'disk.degraded', 'display.failed']);
    expect(ids((await a.admin.get('incidents?severity=critical')).body.items)).toEqual(['display.failed']);
    expect(ids((await a.admin.get('incidents?severity=high,low')).body.items)).toEqual(['camera.failed', 'disk.degraded']);
    expect(ids((await a.admin.get(`incidents?roomId=${roomA}`)).body.items)).toEqual(['camera.failed', 'disk.degraded']);
    expect(ids((await a.admin.get(`incidents?siteId=${siteB}`)).body.items)).toEqual(['display.failed']);
    expect((await a.admin.get('incidents?state=resolved')).body.items).toEqual([]);
    expect((await a.admin.get('incidents?state=all')).body.items).toHaveLength(3);
    expect(ids((await a.admin.get(`rooms/${roomB}/incidents`)).body.items)).toEqual(['display.failed']);
    const b = (await a.admin.get(`rooms/${roomB}/incidents`)).body.items[0];
    expect(b).toMatchObject({ roomId: roomB, siteId: siteB, severity: 'critical', category: 'Peripherals', detail: 'no HDMI signal', state: 'open', acknowledged: false, openedAt: expect.any(String) });
  });

  it('paginate with a cursor, newest first, and refuse bad input with a 400', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Incident[]; nextCursor: string | null } } = await a.admin.get(`incidents?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.body.items.map((i) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(3);
    for (const bad of ['incidents?cursor=bm90LWEtY3Vyc29y', 'incidents?severity=urgent', 'incidents?state=closed', 'incidents?roomId=nope', 'rooms/not-a-uuid/incidents']) {
      const res = await a.admin.get(bad);
      expect(res.status, bad).toBe(400);
    }
    const forged = Buffer.from(JSON.stringify({ k: 'not a date', id: 'x' })).toString('base64url');
    expect((await a.admin.get(`incidents?cursor=${forged}`)).body.error.code).toBe('INVALID_CURSOR');
  });

  it('show only the rooms the caller may see', async () => {
    const { client } = await userWithRole(a.t.app, a.admin, { permissions: { rooms: 'view', incidents: 'view' }, siteIds: [siteA] });
    expect(ids((await client.get('incidents')).body.items)).toEqual(['camera.failed', 'disk.degraded']);
    expect((await client.get(`incidents?roomId=${roomB}`)).body.items).toEqual([]);
    expect((await client.get(`rooms/${roomB}/incidents`)).status).toBe(404);
    expect((await client.get(`rooms/${roomB}/signals`)).status).toBe(404);
    expect((await client.get(`rooms/${roomB}/agent`)).status).toBe(404);
    expect((await client.get(`rooms/${roomA}/signals`)).status).toBe(200);
    const roomsOnly = await userWithRole(a.t.app, a.admin, { permissions: { rooms: 'view' }, allRooms: true });
    expect((await roomsOnly.client.get('incidents')).status).toBe(403);
  });
});

describe('acknowledgement', () => {
  it('needs incidents modify on the room, is audited, and happens once', async () => {
    const list = (await a.admin.get('incidents')).body.items as Incident[];
    const camera = list.find((i) => i.ruleId === 'camera.failed')!;
    const display = list.find((i) => i.ruleId === 'display.failed')!;

    const viewer = await userWithRole(a.t.app, a.admin, { permissions: { incidents: 'view' }, siteIds: [siteA] });
    expect((await viewer.client.post(`incidents/${camera.id}/acknowledge`)).status).toBe(403);

    const operator = await userWithRole(a.t.app, a.admin, { permissions: { incidents: 'modify' }, siteIds: [siteA] });
    expect((await operator.client.post(`incidents/${display.id}/acknowledge`)).status).toBe(404);
    expect((await operator.client.post(`incidents/${crypto.randomUUID()}/acknowledge`)).status).toBe(404);
    const ack = await operator.client.post(`incidents/${camera.id}/acknowledge`);
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ id: camera.id, acknowledged: true, acknowledgedBy: operator.user.email, acknowledgedAt: expect.any(String), state: 'open' });
    const again = await operator.client.post(`incidents/${camera.id}/acknowledge`);
    expect([again.status, again.body.error.code]).toEqual([409, 'CONFLICT']);

    const audit = (await a.admin.get('audit?limit=10')).body.items as Array<{ action: string; targetId: string; actorLabel: string }>;
    expect(audit.find((e) => e.action === 'incident.acknowledge')).toMatchObject({ targetId: camera.id, actorLabel: operator.user.email });

    // Recovery resolves it; the acknowledgement stays on record.
    agentA.report([{ name: 'camera', state: 'ok' }]);
    const resolved = await waitFor(async () => {
      const items = (await a.admin.get(`rooms/${roomA}/incidents?state=resolved`)).body.items as Incident[];
      return items.find((i) => i.id === camera.id);
    });
    expect(resolved).toMatchObject({ acknowledged: true, state: 'resolved' });
  });
});

describe('room agent and signals', () => {
  it('shows the agent and its latest signals', async () => {
    const agent = (await a.admin.get(`rooms/${roomA}/agent`)).body;
    expect(agent).toMatchObject({ enrolled: true, connected: true, platform: 'sim', agentVersion: '1.2.3', nodeId: a.t.config.nodeId });
    const signals = (await a.admin.get(`rooms/${roomB}/signals`)).body;
    expect(signals).toEqual({ items: [expect.objectContaining({ name: 'display', state: 'failed', detail: 'no HDMI signal', label: 'Display' })], nextCursor: null });
    const manual = await a.admin.post('rooms', { name: 'Manual room' });
    expect((await a.admin.get(`rooms/${manual.body.id}/agent`)).body).toMatchObject({ enrolled: false, deviceId: null, connected: false });
    expect((await a.admin.get(`rooms/${manual.body.id}/signals`)).body.items).toEqual([]);
  });
});
