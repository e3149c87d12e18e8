// Incident settings, maintenance windows and the incident timeline (issue 14 B) against a
// real app with scripted agents: a disabled signal opens nothing, a configured severity is
// the new incident's, a maintenance window mutes new incidents; detail with its timeline,
// notes, resolving by hand and by recovery, "record an issue", each audited and in scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userWithRole } from './support/factories.ts';
import { listeningApp, twoConnectedRooms, waitFor, type ListeningApp, type TestAgent } from './agents-helpers.ts';

let a: ListeningApp;
let roomA: string;
let roomB: string;
let siteA: string;
let agentA: TestAgent;
let agentB: TestAgent;

interface Incident {
  id: string;
  roomId: string;
  ruleId: string;
  signal: string | null;
  severity: string;
  state: string;
  resolution: string | null;
  resolvedBy: string | null;
  openedBy: string | null;
  timeline: Array<{ at: string; kind: string; actorLabel: string | null; text: string | null; resolution?: string }>;
}

beforeAll(async () => {
  a = await listeningApp();
  ({ siteA, roomA, roomB, agentA, agentB } = await twoConnectedRooms(a));
});
afterAll(async () => {
  await agentA?.close();
  await agentB?.close();
  await a?.t.dispose();
});

const openOf = async (roomId: string): Promise<Incident[]> => (await a.admin.get(`rooms/${roomId}/incidents?state=open`)).body.items;
/** The first open incident of a room that `pick` accepts, once there is one. */
const openIncident = (roomId: string, what: string, pick: (i: Incident) => boolean = () => true): Promise<Incident> =>
  waitFor(async () => (await openOf(roomId)).find(pick), 8_000, what);
const signalState = async (roomId: string, name: string): Promise<string | undefined> =>
  ((await a.admin.get(`rooms/${roomId}/signals`)).body.items as Array<{ name: string; state: string }>).find((s) => s.name === name)?.state;
const auditOf = async (action: string, targetId: string) => (await a.admin.get(`audit?action=${action}&limit=50`)).body.items.filter((e: { targetId: string }) => e.targetId === targetId);

describe('incident settings', () => {
  it('answers every incident signal with the health rules as defaults, and the PUT accepts its GET', async () => {
    const read = await a.admin.get('settings/incidents');
    expect(read.status).toBe(200);
    expect(Object.keys(read.body.signals)).toContain('camera');
    expect(Object.keys(read.body.signals)).not.toContain('inMeeting');
    expect(read.body.signals.camera).toEqual({ enabled: true, severity: 'high', degradedSeverity: 'medium' });
    expect(read.body.signals.display).toEqual({ enabled: true, severity: 'critical', degradedSeverity: 'medium' });
    const back = await a.admin.put('settings/incidents', read.body);
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body.signals).toEqual(read.body.signals);
  });

  it('refuses bad input with a 400 naming the field', async () => {
    const bad = await a.admin.put('settings/incidents', { signals: { camera: { enabled: true, severity: 'urgent', degradedSeverity: 'low' } } });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(bad.body.error.field).toContain('signals.camera.severity');
    const unknown = await a.admin.put('settings/incidents', { signals: { toaster: { enabled: false, severity: 'low', degradedSeverity: 'low' } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.field).toContain('signals');
  });

  it('a disabled signal opens no new incident, a configured severity is the new incident’s, and it is audited', async () => {
    const read = (await a.admin.get('settings/incidents')).body;
    const put = await a.admin.put('settings/incidents', { signals: { microphone: { ...read.signals.microphone, enabled: false }, speaker: { ...read.signals.speaker, severity: 'low' } } });
    expect(put.status).toBe(200);
    expect(put.body.signals.microphone.enabled).toBe(false);
    expect(put.body.signals.camera).toEqual(read.signals.camera); // the others keep theirs
    const [entry] = await auditOf('settings.incidents.update', 'incidents');
    expect(entry.details.changed.sort()).toEqual(['microphone', 'speaker']);
    // One report: the disabled signal and a configured one together.
    agentA.report([{ name: 'microphone', state: 'failed' }, { name: 'speaker', state: 'failed' }]);
    const speaker = await openIncident(roomA, 'speaker incident', (i) => i.signal === 'speaker');
    expect(speaker.severity).toBe('low');
    expect((await openOf(roomA)).map((i) => i.signal)).toEqual(['speaker']);
    // Back to defaults; recovery still resolves what is open.
    await a.admin.put('settings/incidents', read);
    agentA.report([{ name: 'microphone', state: 'ok' }, { name: 'speaker', state: 'ok' }]);
    await waitFor(async () => (await openOf(roomA)).length === 0, 8_000, 'recovered');
  });
});

describe('maintenance window', () => {
  it('mutes new incidents of the room until then; shown on the room and in the list; audited', async () => {
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const set = await a.admin.put(`rooms/${roomB}/maintenance`, { until, reason: 'Replacing the camera' });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toMatchObject({ id: roomB, maintenanceUntil: until, maintenanceReason: 'Replacing the camera' });
    expect((await a.admin.get(`rooms/${roomB}`)).body.maintenanceUntil).toBe(until);
    const listed = (await a.admin.get('rooms?limit=200')).body.items.find((r: { id: string }) => r.id === roomB);
    expect(listed.maintenanceUntil).toBe(until);
    expect((await a.admin.get(`rooms/${roomB}/maintenance`)).body).toEqual({ until, reason: 'Replacing the camera', active: true });
    // PUT accepts its GET
    expect((await a.admin.put(`rooms/${roomB}/maintenance`, (await a.admin.get(`rooms/${roomB}/maintenance`)).body)).status).toBe(200);

    agentB.report([{ name: 'camera', state: 'failed' }]);
    await waitFor(async () => (await signalState(roomB, 'camera')) === 'failed', 8_000, 'camera failed stored');
    expect(await openOf(roomB)).toEqual([]);

    expect((await a.admin.delete(`rooms/${roomB}/maintenance`)).status).toBe(204);
    expect((await a.admin.get(`rooms/${roomB}`)).body).toMatchObject({ maintenanceUntil: null, maintenanceReason: null });
    expect((await a.admin.delete(`rooms/${roomB}/maintenance`)).status).toBe(404);
    expect(await auditOf('room.maintenance.set', roomB)).toHaveLength(2);
    expect(await auditOf('room.maintenance.clear', roomB)).toHaveLength(1);
    // After the window, a new failure opens its incident.
    agentB.report([{ name: 'camera', state: 'ok' }]);
    await waitFor(async () => (await signalState(roomB, 'camera')) === 'ok', 8_000, 'camera ok');
    agentB.report([{ name: 'camera', state: 'failed' }]);
    await waitFor(async () => (await openOf(roomB)).some((i) => i.ruleId === 'camera.failed'), 8_000, 'camera incident after the window');
  });

  it('refuses a window in the past or too far ahead, and bad input, with a 400 naming the field', async () => {
    for (const until of [new Date(Date.now() - 60_000).toISOString(), new Date(Date.now() + 31 * 86_400_000).toISOString(), 'tomorrow']) {
      const res = await a.admin.put(`rooms/${roomB}/maintenance`, { until, reason: 'x' });
      expect([res.status, res.body.error.code, res.body.error.field], until).toEqual([400, 'VALIDATION_FAILED', 'until']);
    }
    const noReason = await a.admin.put(`rooms/${roomB}/maintenance`, { until: new Date(Date.now() + 60_000).toISOString() });
    expect([noReason.status, noReason.body.error.field]).toEqual([400, 'reason']);
  });

  it('needs Rooms: Modify on the room; a room out of scope is a 404', async () => {
    const { client } = await userWithRole(a.t.app, a.admin, { permissions: { rooms: 'view', incidents: 'modify' }, siteIds: [siteA] });
    const body = { until: new Date(Date.now() + 60_000).toISOString(), reason: 'x' };
    expect((await client.put(`rooms/${roomA}/maintenance`, body)).status).toBe(403);
    const { client: modifier } = await userWithRole(a.t.app, a.admin, { permissions: { rooms: 'modify' }, siteIds: [siteA] });
    expect((await modifier.put(`rooms/${roomB}/maintenance`, body)).status).toBe(404);
    expect((await modifier.delete(`rooms/${roomB}/maintenance`)).status).toBe(404);
    expect((await modifier.get(`rooms/${roomB}/maintenance`)).status).toBe(404);
    expect((await modifier.get(`rooms/${roomA}/maintenance`)).body).toEqual({ until: null, reason: null, active: false });
  });
});

describe('incident detail and timeline', () => {
  it('opened and resolved by recovery: the timeline says so, with no actor', async () => {
    agentA.report([{ name: 'disk', state: 'degraded', detail: '91 % used' }]);
    const incident = await openIncident(roomA, 'disk incident');
    agentA.report([{ name: 'disk', state: 'ok' }]);
    const resolved = await waitFor(async () => {
      const d = (await a.admin.get(`incidents/${incident.id}`)).body as Incident;
      return d.state === 'resolved' ? d : null;
    }, 8_000, 'disk recovered');
    expect(resolved).toMatchObject({ resolution: 'recovered', resolvedBy: null });
    expect(resolved.timeline.map((e) => [e.kind, e.actorLabel])).toEqual([['opened', null], ['resolved', null]]);
    expect(resolved.timeline[0]!.text).toBe('91 % used');
    expect(resolved.timeline[1]).toMatchObject({ resolution: 'recovered', text: 'The signal recovered' });
  });

  it('acknowledge, note and resolve by hand, each on the timeline and audited; a resolved incident is a 409', async () => {
    agentA.report([{ name: 'network', state: 'degraded' }]);
    const incident = await openIncident(roomA, 'network incident');
    expect((await a.admin.post(`incidents/${incident.id}/acknowledge`)).status).toBe(200);
    const noted = await a.admin.post(`incidents/${incident.id}/notes`, { text: 'Switch port flapping; ticket NET-42' });
    expect(noted.status).toBe(201);
    expect(noted.body.timeline.map((e: { kind: string }) => e.kind)).toEqual(['opened', 'acknowledged', 'note']);
    const done = await a.admin.post(`incidents/${incident.id}/resolve`, { note: 'Port replaced' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ state: 'resolved', resolution: 'manual', resolvedBy: 'admin@test.local' });
    expect(done.body.timeline.map((e: { kind: string; actorLabel: string | null }) => [e.kind, e.actorLabel])).toEqual([
      ['opened', null],
      ['acknowledged', 'admin@test.local'],
      ['note', 'admin@test.local'],
      ['resolved', 'admin@test.local'],
    ]);
    expect(done.body.timeline[3]).toMatchObject({ text: 'Port replaced', resolution: 'manual' });
    expect((await a.admin.post(`incidents/${incident.id}/resolve`, {})).status).toBe(409);
    expect(await auditOf('incident.note', incident.id)).toHaveLength(1);
    expect((await auditOf('incident.resolve', incident.id))[0].details.note).toBe('Port replaced');
    // Resolved by hand while the signal still says degraded: nothing reopens until it changes again.
    agentA.report([{ name: 'network', state: 'ok' }]);
    await waitFor(async () => (await signalState(roomA, 'network')) === 'ok', 8_000, 'network ok');
    expect(await openOf(roomA)).toEqual([]);
  });

  it('refuses bad input and unknown incidents', async () => {
    const [any] = (await a.admin.get('incidents?state=all&limit=1')).body.items as Incident[];
    expect((await a.admin.post(`incidents/${any!.id}/notes`, { text: '' })).body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'text' });
    expect((await a.admin.post(`incidents/${any!.id}/notes`, { text: 'x'.repeat(4001) })).status).toBe(400);
    expect((await a.admin.get('incidents/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await a.admin.get('incidents/not-a-uuid')).status).toBe(400);
  });
});

describe('record an issue', () => {
  it('is a real incident of the room that recovery never resolves; the room status follows it', async () => {
    await waitFor(async () => (await a.admin.get(`rooms/${roomA}`)).body.status === 'healthy', 8_000, 'room A healthy');
    const res = await a.admin.post(`rooms/${roomA}/incidents`, { title: 'Whiteboard pen missing', severity: 'critical', description: 'Reported by the front desk' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const issue = res.body as Incident;
    expect(issue).toMatchObject({ roomId: roomA, signal: null, severity: 'critical', state: 'open', openedBy: 'admin@test.local', title: 'Whiteboard pen missing', category: 'Reported' });
    expect(issue.ruleId.startsWith('manual.')).toBe(true);
    expect(issue.timeline).toEqual([{ at: expect.any(String), kind: 'opened', actorLabel: 'admin@test.local', text: 'Reported by the front desk' }]);
    expect((await auditOf('incident.record', issue.id))[0].details).toMatchObject({ roomId: roomA, severity: 'critical' });
    // A real incident: listed, and the room turns unhealthy.
    expect((await a.admin.get(`incidents?roomId=${roomA}`)).body.items.map((i: Incident) => i.id)).toContain(issue.id);
    await waitFor(async () => (await a.admin.get(`rooms/${roomA}`)).body.status === 'unhealthy', 8_000, 'room A unhealthy');
    // A signal failing and recovering leaves the recorded issue open.
    agentA.report([{ name: 'camera', state: 'failed' }]);
    await waitFor(async () => (await openOf(roomA)).some((i) => i.ruleId === 'camera.failed'), 8_000, 'camera incident');
    agentA.report([{ name: 'camera', state: 'ok' }]);
    await waitFor(async () => !(await openOf(roomA)).some((i) => i.ruleId === 'camera.failed'), 8_000, 'camera recovered');
    expect((await openOf(roomA)).map((i) => i.id)).toEqual([issue.id]);
    // Resolved by hand: the room is healthy again.
    expect((await a.admin.post(`incidents/${issue.id}/resolve`)).status).toBe(200);
    await waitFor(async () => (await a.admin.get(`rooms/${roomA}`)).body.status === 'healthy', 8_000, 'room A healthy again');
  });

  it('refuses bad input with a 400 naming the field', async () => {
    for (const [body, field] of [
      [{ severity: 'high' }, 'title'],
      [{ title: 'x', severity: 'urgent' }, 'severity'],
      [{ title: ' ', severity: 'low' }, 'title'],
      [{ title: 'x', severity: 'low', extra: 1 }, 'extra'],
    ] as const) {
      const res = await a.admin.post(`rooms/${roomA}/incidents`, body);
      expect([res.status, res.body.error.code, res.body.error.field], JSON.stringify(body)).toEqual([400, 'VALIDATION_FAILED', field]);
    }
  });

  it('needs Incidents: Modify on the room to write; view sees the detail; out of scope is a 404', async () => {
    const issue = (await a.admin.post(`rooms/${roomA}/incidents`, { title: 'Chair broken', severity: 'low' })).body as Incident;
    const other = (await a.admin.post(`rooms/${roomB}/incidents`, { title: 'Blinds stuck', severity: 'low' })).body as Incident;
    const viewer = (await userWithRole(a.t.app, a.admin, { permissions: { rooms: 'view', incidents: 'view' }, siteIds: [siteA] })).client;
    const writer = (await userWithRole(a.t.app, a.admin, { permissions: { rooms: 'view', incidents: 'modify' }, siteIds: [siteA] })).client;
    expect((await viewer.get(`incidents/${issue.id}`)).status).toBe(200);
    expect((await viewer.get(`incidents/${other.id}`)).status).toBe(404);
    expect((await viewer.post(`incidents/${issue.id}/notes`, { text: 'hi' })).status).toBe(403);
    expect((await viewer.post(`incidents/${issue.id}/resolve`)).status).toBe(403);
    expect((await viewer.post(`rooms/${roomA}/incidents`, { title: 'x', severity: 'low' })).status).toBe(403);
    expect((await writer.post(`incidents/${other.id}/notes`, { text: 'hi' })).status).toBe(404);
    expect((await writer.post(`incidents/${other.id}/resolve`)).status).toBe(404);
    expect((await writer.post(`rooms/${roomB}/incidents`, { title: 'x', severity: 'low' })).status).toBe(404);
    expect((await writer.post(`incidents/${issue.id}/notes`, { text: 'on it' })).status).toBe(201);
    const resolved = await writer.post(`incidents/${issue.id}/resolve`, { note: 'replaced' });
    expect(resolved.body.resolvedBy).toMatch(/@test\.local$/);
    await a.admin.post(`incidents/${other.id}/resolve`);
  });
});
