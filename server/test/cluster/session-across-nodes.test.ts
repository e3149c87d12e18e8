// Issue 12, remote sessions across nodes, on real node processes (PostgreSQL, a NATS of this
// test's own): a room's agent holds its control connection to node C; a session started on
// node A reaches it over NATS (the node channel), the viewer URL names A absolutely, the
// agent's data connection goes straight to A, and the viewer there sees the room's screen.
// Turning remote access off on node B ends it on A, with one session.end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectWsViewer, startFleet, type Fleet } from '@roomwarden/sim';
import { HttpClient, query, startThreeNodes, waitFor, type Node, type ThreeNodes } from './cluster-support.ts';

let cluster: ThreeNodes | undefined;
let db: { url: string; drop: () => Promise<void> };
let a: Node;
let b: Node;
let c: Node;
let admin: HttpClient;
let fleet: Fleet | undefined;
let roomId: string;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

beforeAll(async () => {
  cluster = await startThreeNodes();
  ({ db, a, b, c } = cluster);
  admin = await HttpClient.signIn(a.url);
  const settings = await admin.post('settings/general', { remoteAccessEnabled: true, remoteAccessContactEmail: 'noc@cluster.test', sessionIdleTimeoutMinutes: 240, sessionMaxMinutes: 720 }, 'PUT');
  expect(settings.status).toBe(200);
  const token = await admin.on(c.url).post('enrollment-tokens', { maxUses: 1, label: 'session across nodes' });
  fleet = await startFleet({ server: c.url, token: token.body.token, rooms: 1, vnc: true, logger: quiet });
  roomId = fleet.rooms[0]!.credentials.roomId;
  await waitFor('the agent held by node C', async () => (await query<{ agent_node_id: string | null }>(db.url, 'select agent_node_id from rooms where id = $1', [roomId]))[0]?.agent_node_id === 'node-c');
}, 150_000);

afterAll(async () => {
  await fleet?.stop();
  await cluster?.stop();
}, 60_000);

describe('a remote session across nodes', () => {
  it("started on A for a room whose agent is on C: A's viewer URL, the room's screen on A; remote access off on B ends it", async () => {
    const started = await admin.post(`rooms/${roomId}/sessions`, { mode: 'control' });
    expect(started.status).toBe(201);
    expect(started.body.viewerUrl.startsWith(`${a.url.replace(/^http/, 'ws')}/api/v1/sessions/${started.body.id}/viewer?ticket=`)).toBe(true);
    const viewer = await connectWsViewer(started.body.viewerUrl);
    await viewer.waitFor((e) => e.type === 'serverInit', 15_000, true);
    viewer.requestUpdate(false);
    const update = await viewer.waitFor((e) => e.type === 'framebufferUpdate', 15_000, true);
    expect(update.type === 'framebufferUpdate' && update.rects.length).toBeGreaterThan(0);
    await waitFor('the session active (its agent answered through C)', async () => (await admin.get(`sessions/${started.body.id}`)).body.state === 'active');
    expect((await query<{ node_id: string }>(db.url, 'select node_id from remote_sessions where id = $1', [started.body.id]))[0]?.node_id).toBe('node-a');

    // The kill-switch thrown on B ends the session A holds.
    const off = await admin.on(b.url).post('settings/general', { remoteAccessEnabled: false, remoteAccessContactEmail: 'noc@cluster.test', sessionIdleTimeoutMinutes: 240, sessionMaxMinutes: 720 }, 'PUT');
    expect(off.status).toBe(200);
    await viewer.waitForClose(10_000);
    const ended = await waitFor('ended', async () => {
      const s = (await admin.get(`sessions/${started.body.id}`)).body;
      return s.state === 'ended' ? s : undefined;
    });
    expect(ended.endReason).toBe('remote_access_disabled');
    const ends = await query<{ n: number }>(db.url, "select count(*)::int as n from audit_log where action = 'session.end' and target_id = $1", [started.body.id]);
    expect(ends).toEqual([{ n: 1 }]);
  });
});
