// Issue 12, "Nodes started together on a fresh database do not race. Rolling restarts lose
// nothing.", on three real node processes (PostgreSQL, a NATS of this test's own). The three
// start at once on an empty database; a small simulated fleet is spread over them; then each
// node in turn is stopped (SIGTERM) and started again (same id, same port: its public URL),
// while audited changes are written through the API on the other two. Afterwards every room
// is back, held by the live node its agent is connected to, with no `agent.offline` incident
// and no offline status on the way (seen on every node's SSE and in the database); every
// change that was answered exists and is audited, the audit chain verifies, and the
// administrator's sign-in cookie still works on every node. Last, an agent that connected
// while its node was alone learns of the nodes that joined later (the `gateways` message)
// and fails over to one of them when its node stops.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type Fleet } from '@roomwarden/sim';
import { freshDatabase, HttpClient, query, sleep, SseStream, startNode, TestNats, waitFor, type Node, type SseEvent } from './cluster-support.ts';

const IDS = ['node-a', 'node-b', 'node-c'] as const;
const ROOMS_PER_NODE = 2;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

let nats: TestNats;
let db: { url: string; drop: () => Promise<void> };
let common: { databaseUrl: string; natsUrl: string; secretsKey: string };
let nodes: Node[] = [];
let admin: HttpClient;
const fleets: Fleet[] = [];
let roomIds: string[] = [];
/** One SSE stream per node (a restarted node's opened again); every event any of them saw. */
const streams = new Map<string, SseStream>();
const retiredStreams: SseStream[] = [];
const allEvents = (): SseEvent[] => [...retiredStreams, ...streams.values()].flatMap((s) => s.events);

beforeAll(async () => {
  nats = await TestNats.start();
  db = await freshDatabase();
  common = { databaseUrl: db.url, natsUrl: nats.url, secretsKey: randomBytes(32).toString('base64') };
  // All three at once on the empty database: migrations, the first Administrator, settings.
  nodes = await Promise.all(IDS.map((id) => startNode({ id, region: 'emea', ...common })));
  admin = await HttpClient.signIn(nodes[0]!.url);
}, 150_000);

afterAll(async () => {
  for (const s of [...retiredStreams, ...streams.values()]) s.close();
  await Promise.all(fleets.map((f) => f.stop()));
  await Promise.all(nodes.map((n) => n.stop()));
  await nats?.stop();
  await db?.drop();
}, 60_000);

async function openStream(node: Node): Promise<void> {
  const s = new SseStream(admin.on(node.url));
  expect(await s.ready).toBe(200);
  streams.set(node.id, s);
}

/** The rooms' rows: status and holder. */
const roomRows = () => query<{ id: string; status: string; agent_node_id: string | null }>(db.url, 'select id, status, agent_node_id from rooms where id = any($1)', [roomIds]);

/** Every room healthy and held by a live node, and each node's own count of agents (its heartbeat) is the rooms it holds. */
async function settled(): Promise<boolean> {
  const cluster = await admin.get('cluster');
  if (cluster.status !== 200 || cluster.body.nodes.length !== IDS.length) return false;
  const live = new Map<string, number>(cluster.body.nodes.map((n: { id: string; agents: number }) => [n.id, n.agents]));
  const rows = await roomRows();
  if (rows.length !== roomIds.length || !rows.every((r) => r.status === 'healthy' && r.agent_node_id !== null && live.has(r.agent_node_id))) return false;
  return [...live].every(([id, agents]) => rows.filter((r) => r.agent_node_id === id).length === agents);
}

describe('three nodes started together, then restarted one after another', () => {
  it('started together on a fresh database: one schema, one Administrator, every node up and listed', async () => {
    for (const node of nodes) {
      expect((await fetch(`${node.url}/readyz`)).status).toBe(200);
      const cluster = await waitFor(`three nodes listed on ${node.id}`, async () => {
        const r = await admin.on(node.url).get('cluster');
        return r.status === 200 && r.body.nodes.length === 3 ? r.body : undefined;
      });
      expect(cluster.nodes.map((n: { id: string }) => n.id).sort()).toEqual([...IDS]);
    }
    expect(await query(db.url, "select count(*)::int as n from users where email = 'admin@cluster.test'")).toEqual([{ n: 1 }]);
    expect((await admin.get('audit/verify')).body).toMatchObject({ ok: true });
  });

  it('a rolling restart under audited writes loses nothing: no offline room, no incident, every write there, the cookie good everywhere', async () => {
    for (const node of nodes) await openStream(node);
    for (const node of nodes) {
      const token = await admin.on(node.url).post('enrollment-tokens', { maxUses: ROOMS_PER_NODE, label: `rolling restart ${node.id}` });
      expect(token.status).toBe(201);
      fleets.push(await startFleet({ server: node.url, token: token.body.token, rooms: ROOMS_PER_NODE, failureRate: 0, probeIntervalMs: 1_000, failoverSpreadMs: 300, logger: quiet }));
    }
    roomIds = fleets.flatMap((f) => f.rooms.map((r) => r.credentials.roomId));
    // What the agents went through (for a failure's message): each welcome's node (listed first) and gateways, each loss.
    const t0 = Date.now();
    const agentLog: string[] = [];
    const nodeOf = (gateway: string | undefined) => nodes.find((n) => gateway?.startsWith(n.url.replace(/^http/, 'ws')))?.id ?? gateway;
    for (const room of fleets.flatMap((f) => f.rooms)) {
      const tag = room.credentials.roomId.slice(0, 8);
      room.agent.on('online', (w: { gateways?: string[] }) => agentLog.push(`${Date.now() - t0} ms ${tag} on ${nodeOf(w.gateways?.[0])}, knows ${(w.gateways ?? []).map(nodeOf).join(' ')}`));
      room.agent.on('offline', (e: { code: number; retryInMs: number | undefined }) => agentLog.push(`${Date.now() - t0} ms ${tag} lost (${e.code}), retry in ${e.retryInMs} ms`));
    }
    await waitFor('the fleet healthy, spread over the three nodes', async () => (await settled()) && new Set((await roomRows()).map((r) => r.agent_node_id)).size === 3, 30_000);

    /** The node being restarted, if one is. */
    let restarting: string | undefined;
    // Offline seen in the database while it happens (the SSE streams see the events).
    const offlineSeen = new Set<string>();
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        for (const r of await roomRows()) if (r.status === 'offline') offlineSeen.add(`${r.id.slice(0, 8)} (held by ${r.agent_node_id}, ${restarting ? `restarting ${restarting}` : 'between restarts'})`);
        await sleep(150);
      }
    })();

    // Audited writes on the nodes that are not restarting (as a load balancer would: a node
    // being restarted gets no new requests, and those it has are answered before it stops).
    const inFlight = new Map<string, Set<Promise<unknown>>>(IDS.map((id) => [id, new Set()]));
    let writing = true;
    const written: Array<{ kind: 'site' | 'group'; id: string; via: string }> = [];
    const refused: string[] = [];
    const writer = async (kind: 'site' | 'group', offset: number) => {
      for (let i = offset; writing; i++) {
        const up = nodes.filter((n) => n.id !== restarting);
        const node = up[i % up.length]!;
        const name = `${kind} ${randomBytes(4).toString('hex')}`;
        const sentWhileRestarting = restarting;
        const request = kind === 'site' ? admin.on(node.url).post('sites', { name }) : admin.on(node.url).post('groups', { displayName: name });
        inFlight.get(node.id)!.add(request);
        try {
          const res = await request;
          if (res.status === 201) written.push({ kind, id: res.body.id, via: node.id });
          else refused.push(`${kind} via ${node.id}: ${res.status} ${JSON.stringify(res.body)}`);
        } catch (err) {
          refused.push(`${kind} via ${node.id} (sent while restarting ${sentWhileRestarting}, now ${restarting}): ${String(err)} ${String((err as Error).cause)}`);
        } finally {
          inFlight.get(node.id)!.delete(request);
        }
        await sleep(40);
      }
    };
    const writers = Promise.all([writer('site', 0), writer('group', 1)]);

    try {
      for (let i = 0; i < nodes.length; i++) {
        const old = nodes[i]!;
        restarting = old.id;
        agentLog.push(`${Date.now() - t0} ms restarting ${old.id}`);
        await Promise.allSettled([...inFlight.get(old.id)!]);
        const stream = streams.get(old.id)!;
        stream.close(); // its events reach the other nodes' streams too
        retiredStreams.push(stream);
        streams.delete(old.id);
        await old.stop();
        const fresh = await startNode({ id: old.id, region: 'emea', ...common, port: old.port });
        nodes[i] = fresh;
        await openStream(fresh);
        restarting = undefined;
        await waitFor(`settled after restarting ${old.id}`, settled, 30_000);
      }
      // Past the offline window (3 heartbeats) and a few sweeps after the last restart.
      await sleep(4_000);
    } finally {
      writing = false;
      watching = false;
      await Promise.all([writers, watcher]);
    }

    expect(refused).toEqual([]);
    expect(written.length).toBeGreaterThan(10);
    expect(new Set(written.map((w) => w.via))).toEqual(new Set(IDS));
    expect(await settled()).toBe(true);
    expect([...offlineSeen], agentLog.join('\n')).toEqual([]);
    expect(allEvents().filter((e) => e.event === 'room.status' && e.data.status === 'offline' && roomIds.includes(String(e.data.roomId)))).toEqual([]);
    expect(await query(db.url, "select count(*)::int as n from incidents where rule_id = 'agent.offline' and room_id = any($1)", [roomIds])).toEqual([{ n: 0 }]);

    // Every answered write is there, with its audit entry; the chain verifies.
    for (const kind of ['site', 'group'] as const) {
      const ids = written.filter((w) => w.kind === kind).map((w) => w.id);
      const table = kind === 'site' ? 'sites' : 'groups';
      expect(await query(db.url, `select count(*)::int as n from ${table} where id = any($1)`, [ids])).toEqual([{ n: ids.length }]);
      expect(await query(db.url, `select count(distinct target_id)::int as n from audit_log where action = $1 and target_id = any($2)`, [`${kind}.create`, ids])).toEqual([{ n: ids.length }]);
    }
    for (const node of nodes) {
      const verify = await admin.on(node.url).get('audit/verify');
      expect(verify.status).toBe(200);
      expect(verify.body).toMatchObject({ ok: true, firstBadSeq: null });
      // The cookie signed in before the restarts is still good on every (restarted) node.
      const me = await admin.on(node.url).get('me');
      expect(me.status).toBe(200);
      expect(me.body.user.email).toBe('admin@cluster.test');
    }
  });

  it('an agent that connected while its node was alone learns the nodes that joined later, and fails over to one of them', async () => {
    for (const s of streams.values()) s.close();
    const [first, ...others] = nodes as [Node, ...Node[]];
    await Promise.all(others.map((n) => n.stop()));
    await waitFor('only the first node live', async () => (await admin.on(first.url).get('cluster')).body.nodes.length === 1);
    await sleep(1_500); // a few of its heartbeats: the gateways it knows are itself alone
    const token = await admin.on(first.url).post('enrollment-tokens', { maxUses: 1, label: 'alone at first' });
    expect(token.status).toBe(201);
    const lone = await startFleet({ server: first.url, token: token.body.token, rooms: 1, failureRate: 0, probeIntervalMs: 1_000, failoverSpreadMs: 300, logger: quiet });
    fleets.push(lone);
    const roomId = lone.rooms[0]!.credentials.roomId;
    const row = async () => (await query<{ status: string; agent_node_id: string | null }>(db.url, 'select status, agent_node_id from rooms where id = $1', [roomId]))[0];
    await waitFor('the room healthy on the first node', async () => (await row())?.status === 'healthy' && (await row())?.agent_node_id === first.id);
    // The others come back; then the first stops.
    for (let i = 1; i < nodes.length; i++) nodes[i] = await startNode({ id: nodes[i]!.id, region: 'emea', ...common, port: nodes[i]!.port });
    await waitFor('three nodes live', async () => (await admin.on(first.url).get('cluster')).body.nodes.length === 3);
    await sleep(1_500);
    await first.stop();
    const statuses = new Set<string>();
    const held = await waitFor('the room held by a node that stayed', async () => {
      const r = await row();
      if (r) statuses.add(r.status);
      return r && r.agent_node_id !== null && r.agent_node_id !== first.id ? r : undefined;
    }, 15_000);
    expect(others.map((n) => n.id)).toContain(held.agent_node_id);
    await sleep(4_000); // past the offline window
    statuses.add((await row())!.status);
    expect([...statuses]).toEqual(['healthy']);
    expect(await query(db.url, "select count(*)::int as n from incidents where rule_id = 'agent.offline' and room_id = $1", [roomId])).toEqual([{ n: 0 }]);
  });
});
