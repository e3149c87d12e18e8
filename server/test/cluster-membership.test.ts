// Issue 12 on one node (PGlite, and PostgreSQL in the api-postgres run): GET /cluster lists
// the node itself; the lease lets one holder at a time; a room left by a gone node is adopted
// by exactly one node and goes offline through the ordinary health path (incident, status).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { signedIn, type ApiClient } from './support/api-client.ts';
import { makeRoom } from './support/factories.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestApp, type TestApp } from './support/test-app.ts';
import { ClusterRepository } from '../src/repositories/cluster.repository.ts';
import { ClusterSweep } from '../src/cluster/cluster-sweep.ts';
import { aloneInCluster, underLease } from '../src/cluster/once-in-cluster.ts';
import { AgentGateway } from '../src/gateway/agent-gateway.ts';
import { databaseAgentHolders } from '../src/gateway/agent-holders.ts';
import { HealthService, newRoomHealth } from '../src/health/health.service.ts';
import { LocalEventBus } from '../src/bus/event-bus.ts';
import { AgentRoomsRepository } from '../src/repositories/agent-rooms.repository.ts';
import { DevicesRepository } from '../src/repositories/devices.repository.ts';
import { IncidentsRepository } from '../src/repositories/incidents.repository.ts';
import { SignalsRepository } from '../src/repositories/signals.repository.ts';
import { createTransactor } from '../src/repositories/transactor.ts';

let t: TestApp;
let admin: ApiClient;
let repo: ClusterRepository;
beforeAll(async () => {
  t = await createTestApp({ nodeId: 'solo-node', region: 'emea', timings: { ...(await import('../src/config.ts')).DEFAULT_TIMINGS, heartbeatIntervalSec: 1, offlineAfterMissedHeartbeats: 2 } });
  admin = await signedIn(t.app, ADMIN_EMAIL, ADMIN_PASSWORD);
  repo = new ClusterRepository(t.database.db);
});
afterAll(async () => t?.dispose());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('GET /api/v1/cluster', () => {
  it('one node alone answers itself, with its region, public URL, version and counts', async () => {
    const res = await admin.get('cluster');
    expect(res.status).toBe(200);
    expect(res.body.nodes).toHaveLength(1);
    expect(res.body.nodes[0]).toMatchObject({ id: 'solo-node', region: 'emea', publicUrl: 'http://127.0.0.1:8080', version: expect.any(String), agents: 0, sessions: 0 });
    expect(Date.parse(res.body.nodes[0].lastSeenAt)).toBeGreaterThanOrEqual(Date.parse(res.body.nodes[0].startedAt) - 1000);
  });

  it('lists a node that heartbeats, forgets one that stopped or missed three heartbeats', async () => {
    const beat = { region: 'noam', publicUrl: 'http://other:1', version: '0.1.0', startedAt: new Date(), agents: 3, sessions: 1 };
    await repo.heartbeat({ id: 'other-live', ...beat });
    await repo.heartbeat({ id: 'other-stopped', ...beat });
    await repo.markStopped('other-stopped');
    await repo.heartbeat({ id: 'other-silent', ...beat });
    await sql`update cluster_nodes set last_seen_at = now() - interval '1 hour' where id = 'other-silent'`.execute(t.database.db);
    const ids = (await admin.get('cluster')).body.nodes.map((n: { id: string }) => n.id);
    expect(ids).toEqual(['solo-node', 'other-live']);
  });
});

describe('leases and the offline sweep', () => {
  it('one holder at a time: renewed by its holder, taken by another only once expired', async () => {
    expect(await repo.acquireLease('test-lease', 'a', 60_000)).toBe(true);
    expect(await repo.acquireLease('test-lease', 'b', 60_000)).toBe(false);
    expect(await repo.acquireLease('test-lease', 'a', 60_000)).toBe(true);
    const both = await Promise.all([repo.acquireLease('race', 'a', 60_000), repo.acquireLease('race', 'b', 60_000), repo.acquireLease('race', 'c', 60_000)]);
    expect(both.filter(Boolean)).toHaveLength(1);
    expect(await repo.acquireLease('short', 'a', 1)).toBe(true);
    await sleep(20);
    expect(await repo.acquireLease('short', 'b', 60_000)).toBe(true);
    await repo.releaseLease('short', 'b');
    expect(await repo.acquireLease('short', 'c', 60_000)).toBe(true);
  });

  it('retention work runs on one node at a time: the lease holder does it, the others skip it until the lease runs out', async () => {
    const ran: string[] = [];
    const gates = ['node-1', 'node-2', 'node-3'].map((id) => ({ id, once: underLease(repo, id) }));
    const period = async () => {
      for (const g of gates) await g.once('retention-test', 60_000, async () => ran.push(g.id));
    };
    await period();
    await period();
    expect(ran).toEqual(['node-1', 'node-1']);
    // All at once: still one.
    ran.length = 0;
    await Promise.all(gates.map((g) => g.once('retention-race', 60_000, async () => ran.push(g.id))));
    expect(ran).toHaveLength(1);
    // The holder stops renewing (it died): after three periods another node takes the work over.
    ran.length = 0;
    await gates[0]!.once('retention-short', 5, async () => ran.push('node-1'));
    await sleep(30);
    await gates[1]!.once('retention-short', 5, async () => ran.push('node-2'));
    expect(ran).toEqual(['node-1', 'node-2']);
    // One node alone always does it.
    let alone = 0;
    await aloneInCluster('anything', 1_000, async () => alone++);
    expect(alone).toBe(1);
  });

  it('a room whose holder node is gone is adopted by one node and goes offline with its incident; one held by a live node is left alone', async () => {
    const orphan = await makeRoom(admin);
    const kept = await makeRoom(admin);
    await repo.heartbeat({ id: 'dead-node', region: 'emea', publicUrl: 'http://dead:1', version: '0.1.0', startedAt: new Date(), agents: 1, sessions: 0 });
    await sql`update cluster_nodes set last_seen_at = now() - interval '1 hour' where id = 'dead-node'`.execute(t.database.db);
    await sql`update rooms set status = 'healthy', agent_node_id = 'dead-node', last_seen_at = now() - interval '1 minute' where id = ${orphan.id}`.execute(t.database.db);
    await sql`update rooms set status = 'healthy', agent_node_id = 'other-live' where id = ${kept.id}`.execute(t.database.db);

    const orphaned = await repo.orphaned(15_000, 100);
    expect(orphaned.map((r) => r.id)).toEqual([orphan.id]);
    // Two nodes adopting at once: one wins.
    const wins = await Promise.all([repo.adoptAll(orphaned, 'x'), repo.adoptAll(orphaned, 'y')]);
    expect(wins.map((w) => w.size).sort()).toEqual([0, 1]);
    await sql`update rooms set agent_node_id = 'dead-node' where id = ${orphan.id}`.execute(t.database.db);

    const sweep = new ClusterSweep({ repo, nodeId: 'solo-node', sweepMs: 1_000, goneAfterMs: 15_000, watch: (r, at) => t.gateway.watch(r, at), log: t.app.log });
    await sweep.pass();
    expect(sweep.stats.adopted).toBe(1);
    expect(await repo.holderOf(orphan.id)).toBe('solo-node');
    t.gateway.sweep();
    await expect.poll(async () => (await admin.get(`rooms/${orphan.id}`)).body.status, { timeout: 5_000 }).toBe('offline');
    const incidents = (await admin.get(`rooms/${orphan.id}/incidents`)).body.items;
    expect(incidents.map((i: { ruleId: string }) => i.ruleId)).toEqual(['agent.offline']);
    // (This one-node app records no holders; a cluster node clears its own at offline: test/cluster/.)
    expect((await admin.get(`rooms/${kept.id}`)).body.status).toBe('healthy');
    // A second pass finds nothing left to adopt.
    await sweep.pass();
    expect(sweep.stats.adopted).toBe(1);
    await sweep.stop();
  });

  it('adopting many rooms of several holders at once: each room is taken by one node, and a room whose holder changed meanwhile is left alone', async () => {
    const db = t.database.db;
    await repo.heartbeat({ id: 'dead-a', region: 'emea', publicUrl: 'http://dead-a:1', version: '0.1.0', startedAt: new Date(), agents: 3, sessions: 0 });
    await sql`update cluster_nodes set last_seen_at = now() - interval '1 hour' where id = 'dead-a'`.execute(db);
    const ofA = await Promise.all([makeRoom(admin), makeRoom(admin), makeRoom(admin)]);
    const unheld = await makeRoom(admin);
    const movedOn = await makeRoom(admin);
    for (const r of [...ofA, movedOn]) await sql`update rooms set status = 'healthy', agent_node_id = 'dead-a' where id = ${r.id}`.execute(db);
    await sql`update rooms set status = 'healthy', agent_node_id = null where id = ${unheld.id}`.execute(db);

    const seen = (await repo.orphaned(15_000, 100)).filter((r) => [...ofA, unheld, movedOn].some((m) => m.id === r.id));
    expect(seen).toHaveLength(5);
    // The agent of one room came back on a live node after the read.
    await sql`update rooms set agent_node_id = 'live-elsewhere' where id = ${movedOn.id}`.execute(db);
    const [x, y] = await Promise.all([repo.adoptAll(seen, 'x'), repo.adoptAll(seen, 'y')]);
    const expected = [...ofA, unheld].map((r) => r.id).sort();
    expect([...x, ...y].sort()).toEqual(expected);
    expect([...x].filter((id) => y.has(id))).toEqual([]);
    for (const id of expected) expect(['x', 'y']).toContain(await repo.holderOf(id));
    expect(await repo.holderOf(movedOn.id)).toBe('live-elsewhere');
    // One sweep pass adopts more rooms than one statement carries, batch after batch.
    const more = await Promise.all([1, 2, 3, 4, 5].map(() => makeRoom(admin)));
    for (const r of more) await sql`update rooms set status = 'healthy', agent_node_id = 'dead-a' where id = ${r.id}`.execute(db);
    const watched: string[] = [];
    const sweep = new ClusterSweep({ repo, nodeId: 'solo-node', sweepMs: 1_000, goneAfterMs: 15_000, watch: (r) => watched.push(r.id), log: t.app.log, adoptBatch: 2 });
    await sweep.pass();
    // (Other rooms of this file that no node holds are adopted too.)
    expect(watched).toEqual(expect.arrayContaining(more.map((r) => r.id)));
    expect(sweep.stats.adopted).toBe(watched.length);
    expect(sweep.stats.adopted).toBeGreaterThan(2);
    for (const r of more) expect(await repo.holderOf(r.id)).toBe('solo-node');
    await sweep.stop();
    // Put back what other tests of this file expect: no rooms held by the made-up nodes.
    await sql`update rooms set status = 'offline', agent_node_id = null where id in (${sql.join([...expected, movedOn.id, ...more.map((r) => r.id)])})`.execute(db);
  });

  it('two nodes that both see a room go offline: one incident, one status change, one room.offline notice, and no error on the second', async () => {
    const db = t.database.db;
    const rooms = new AgentRoomsRepository(db);
    const room = await makeRoom(admin);
    await sql`update rooms set status = 'healthy' where id = ${room.id}`.execute(db);
    const node = () => {
      const events: string[] = [];
      const notices: string[] = [];
      const bus = new LocalEventBus((err) => {
        throw err;
      });
      bus.subscribe((e) => {
        if (e.type === 'room.status' || e.type === 'incident.opened') events.push(e.type);
      });
      const outbox = {
        enqueue: async (_ex: unknown, n: unknown) => {
          for (const d of Array.isArray(n) ? n : [n]) notices.push((d as { type: string }).type);
        },
      };
      const health = new HealthService({ signals: new SignalsRepository(db), incidents: new IncidentsRepository(db), rooms, tx: createTransactor(db), bus, outbox });
      const state = newRoomHealth({ id: room.id, name: room.name, siteId: null, status: 'healthy' });
      return { health, state, events, notices };
    };
    const [x, y] = [node(), node()];
    // Both watched it as healthy: each read the room before either wrote (y's memory is stale once x has).
    await x.health.refresh(x.state);
    await y.health.refresh(y.state);
    await x.health.offline(x.state);
    await y.health.offline(y.state);
    const open = await sql<{ n: number }>`select count(*)::int as n from incidents where room_id = ${room.id} and rule_id = 'agent.offline' and state = 'open'`.execute(db);
    expect(open.rows[0]?.n).toBe(1);
    expect((await admin.get(`rooms/${room.id}`)).body.status).toBe('offline');
    expect([...x.events, ...y.events].sort()).toEqual(['incident.opened', 'room.status']);
    expect([...x.notices, ...y.notices].filter((e) => e === 'room.offline')).toHaveLength(1);
  });

  it('a cluster node lets go of a room whose agent went to another node within the window (no offline, no incident), and marks offline, clearing its hold, one that did not', async () => {
    const db = t.database.db;
    const rooms = new AgentRoomsRepository(db);
    const health = new HealthService({ signals: new SignalsRepository(db), incidents: new IncidentsRepository(db), rooms, tx: createTransactor(db), bus: t.bus });
    const gateway = new AgentGateway({ health, rooms, devices: new DevicesRepository(db), timings: { ...t.config.timings }, nodeId: 'node-x', log: t.app.log, bus: t.bus, holders: databaseAgentHolders(repo, 'node-x') });
    const moved = await makeRoom(admin);
    const lost = await makeRoom(admin);
    for (const r of [moved, lost]) await sql`update rooms set status = 'healthy', agent_node_id = 'node-x' where id = ${r.id}`.execute(db);
    await gateway.start(); // watches the rooms node-x held
    try {
      // The agent of `moved` said hello on node-y meanwhile.
      await repo.holdAll([moved.id], 'node-y');
      await sleep(2_100); // past the offline window (2 intervals of 1 s)
      gateway.sweep();
      await expect.poll(async () => (await admin.get(`rooms/${lost.id}`)).body.status, { timeout: 5_000 }).toBe('offline');
      expect(await repo.holderOf(lost.id)).toBeNull();
      expect((await admin.get(`rooms/${moved.id}`)).body.status).toBe('healthy');
      expect(await repo.holderOf(moved.id)).toBe('node-y');
      expect((await admin.get(`rooms/${moved.id}/incidents`)).body.items).toEqual([]);
    } finally {
      await gateway.close();
    }
  });
});
