// Issue 12 on three real nodes (child processes) sharing a fresh PostgreSQL database and a
// NATS server of this test's own (so it can be restarted): membership, an SSE subscriber on
// node A seeing a room change that reached node C, kill -9 of C (it leaves /cluster, the
// rooms it held go offline once, by one survivor), and NATS restarted (/readyz 503 then 200,
// events flow again). Also: a message on the bus that is no valid event is dropped.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { startFleet, type Fleet } from '@roomwarden/sim';
import { HttpClient, query, SseStream, startThreeNodes, waitFor, type Node, type TestNats, type ThreeNodes } from './cluster-support.ts';

let cluster: ThreeNodes | undefined;
let nats: TestNats;
let db: { url: string; drop: () => Promise<void> };
let a: Node;
let b: Node;
let c: Node;
let admin: HttpClient;
let stream: SseStream;
let fleet: Fleet | undefined;
let roomIds: string[] = [];

beforeAll(async () => {
  // A first (migrations and the first Administrator; nodes started together: rolling-restart.test.ts), then B and C together.
  cluster = await startThreeNodes(['emea', 'emea', 'noam']);
  ({ nats, db, a, b, c } = cluster);
  admin = await HttpClient.signIn(a.url);
}, 150_000);

afterAll(async () => {
  stream?.close();
  await fleet?.stop();
  await cluster?.stop();
}, 60_000);

const ids = (body: { nodes: Array<{ id: string }> }) => body.nodes.map((n) => n.id).sort();

describe('three nodes on PostgreSQL and NATS', () => {
  it('every node lists the three live nodes, with region and public URL', async () => {
    for (const node of [a, b, c]) {
      const res = await waitFor(`cluster on ${node.id}`, async () => {
        const r = await admin.on(node.url).get('cluster');
        return r.status === 200 && r.body.nodes.length === 3 ? r : undefined;
      });
      expect(ids(res.body)).toEqual(['node-a', 'node-b', 'node-c']);
      expect(res.body.nodes.find((n: { id: string }) => n.id === 'node-c')).toMatchObject({ region: 'noam', publicUrl: c.url });
    }
  });

  it('an SSE subscriber on node A sees the status of rooms whose agents connected to node C', async () => {
    stream = new SseStream(admin);
    expect(await stream.ready).toBe(200);
    const onC = admin.on(c.url);
    const token = await onC.post('enrollment-tokens', { maxUses: 2, label: 'cluster test' });
    expect(token.status).toBe(201);
    fleet = await startFleet({ server: c.url, token: token.body.token, rooms: 2, failureRate: 0, probeIntervalMs: 1_000 });
    roomIds = fleet.rooms.map((r) => r.credentials.roomId);
    for (const roomId of roomIds) {
      await waitFor(`room.status of ${roomId} on A`, () => stream.events.some((e) => e.event === 'room.status' && e.data.roomId === roomId && e.data.status !== 'offline'));
    }
    const held = await query<{ id: string; agent_node_id: string }>(db.url, 'select id, agent_node_id from rooms where id = any($1)', [roomIds]);
    expect(held.map((r) => r.agent_node_id)).toEqual(['node-c', 'node-c']);
    // Node C counts them in its heartbeat.
    await waitFor('agents counted on C', async () => (await admin.get('cluster')).body.nodes.find((n: { id: string }) => n.id === 'node-c')?.agents === 2);
  });

  it('kill -9 of node C: it leaves /cluster and its rooms that did not come back go offline, once each, by one survivor', async () => {
    await c.kill9();
    await fleet?.stop(); // the rooms do not come back anywhere
    fleet = undefined;
    await waitFor('node-c gone from /cluster', async () => {
      const r = await admin.get('cluster');
      return r.status === 200 && r.body.nodes.length === 2 ? true : undefined;
    });
    expect(ids((await admin.on(b.url).get('cluster')).body)).toEqual(['node-a', 'node-b']);
    for (const roomId of roomIds) {
      await waitFor(`room ${roomId} offline`, async () => (await admin.get(`rooms/${roomId}`)).body.status === 'offline', 30_000);
    }
    const incidents = await query<{ room_id: string; n: number }>(db.url, `select room_id, count(*)::int as n from incidents where rule_id = 'agent.offline' and room_id = any($1) group by room_id`, [roomIds]);
    expect(incidents.map((r) => r.n)).toEqual([1, 1]);
    const offlineEvents = stream.events.filter((e) => e.event === 'room.status' && e.data.status === 'offline' && roomIds.includes(String(e.data.roomId)));
    expect(offlineEvents).toHaveLength(2);
    const holders = await query<{ agent_node_id: string | null }>(db.url, 'select agent_node_id from rooms where id = any($1)', [roomIds]);
    expect(holders.map((h) => h.agent_node_id)).toEqual([null, null]);
  });

  it('a message on the bus that is not a valid event is dropped; the nodes carry on', async () => {
    const nc = await connect({ servers: nats.url });
    nc.publish('roomwarden.events.room.exploded', JSON.stringify({ type: 'room.exploded' }));
    nc.publish('roomwarden.events.room.status', 'not json');
    await nc.flush();
    await nc.close();
    for (const node of [a, b]) expect((await fetch(`${node.url}/readyz`)).status).toBe(200);
    expect(a.child.exitCode).toBeNull();
  });

  it('NATS restarted: /readyz says 503 with the reason, then 200, and events flow across nodes again', async () => {
    await nats.stop();
    const down = await waitFor('readyz 503 on A', async () => {
      const r = await fetch(`${a.url}/readyz`);
      return r.status === 503 ? ((await r.json()) as { error: { code: string; message: string } }) : undefined;
    });
    expect(down.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: expect.stringContaining('NATS') });
    await nats.start();
    for (const node of [a, b]) await waitFor(`readyz 200 on ${node.id}`, async () => (await fetch(`${node.url}/readyz`)).status === 200, 30_000);
    // A change made through node B reaches node A's stream.
    const roomId = roomIds[0]!;
    const before = stream.events.length;
    const renamed = await admin.on(b.url).post(`rooms/${roomId}`, { name: `Renamed ${randomBytes(3).toString('hex')}` }, 'PATCH');
    expect(renamed.status).toBe(200);
    await waitFor('room.updated from B on A', () => stream.events.slice(before).some((e) => e.event === 'room.updated' && e.data.roomId === roomId));
  });

  it('kill -9 of node B: its agents fail over to node A within the offline window, with no incident and no offline status', async () => {
    const token = await admin.on(b.url).post('enrollment-tokens', { maxUses: 2, label: 'failover test' });
    expect(token.status).toBe(201);
    const onB = await startFleet({ server: b.url, token: token.body.token, rooms: 2, failureRate: 0, probeIntervalMs: 1_000, failoverSpreadMs: 500 });
    try {
      const rooms = onB.rooms.map((r) => r.credentials.roomId);
      await waitFor('rooms held by B', async () => {
        const rows = await query<{ agent_node_id: string; status: string }>(db.url, 'select agent_node_id, status from rooms where id = any($1)', [rooms]);
        return rows.length === 2 && rows.every((r) => r.agent_node_id === 'node-b' && r.status !== 'offline');
      });
      const mark = stream.events.length;
      await b.kill9();
      await waitFor('rooms held by A', async () => {
        const rows = await query<{ agent_node_id: string }>(db.url, 'select agent_node_id from rooms where id = any($1)', [rooms]);
        return rows.every((r) => r.agent_node_id === 'node-a');
      });
      // Past B's loss, the offline window (3 heartbeats) and a few sweeps: nothing happened to the rooms.
      await waitFor('node-b gone', async () => (await admin.get('cluster')).body.nodes.length === 1);
      await new Promise((r) => setTimeout(r, 4_000));
      const statuses = await query<{ status: string }>(db.url, 'select status from rooms where id = any($1)', [rooms]);
      expect(statuses.map((r) => r.status)).not.toContain('offline');
      const incidents = await query<{ n: number }>(db.url, `select count(*)::int as n from incidents where rule_id = 'agent.offline' and room_id = any($1)`, [rooms]);
      expect(incidents[0]?.n).toBe(0);
      expect(stream.events.slice(mark).filter((e) => e.event === 'room.status' && rooms.includes(String(e.data.roomId)) && e.data.status === 'offline')).toEqual([]);
    } finally {
      await onB.stop();
    }
  });
});
