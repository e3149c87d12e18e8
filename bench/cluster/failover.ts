// bench:cluster's failover phase: live remote sessions held by the victim node, room for its
// agents on the survivors (one process here holds at most 20,000 open files), kill -9 of the
// victim, then: how fast and how evenly its agents come back on the survivors, incidents
// opened, rooms shown offline on a survivor's live stream, sessions ended `node_lost`.
import fs from 'node:fs';
import { connectWsViewer, startFleet, type Fleet } from '@roomwarden/sim';
import { api, enrollmentToken } from '../agents/http-api.ts';
import { killNode, type ClusterNode } from './cluster-nodes.ts';
import { totals, type FleetClient } from './fleet-clients.ts';
import type { SseWatch } from './sse-watch.ts';

export interface FailoverFigures {
  victim: string;
  victimAgents: number;
  droppedForRoom: number;
  backAfterSec: number;
  /** Seconds after the kill by which 50 % and 90 % of the victim's agents were back. */
  p50Sec: number;
  p90Sec: number;
  /** Reconnections per second: the busiest second, and the seconds in which any happened. */
  peakPerSec: number;
  secondsWithReconnects: number;
  /** Connection attempts of the victim's agents that closed before a welcome (refused, timed out). */
  failedConnects: number;
  /** The longest the fleet clients' event loops were late during the failover (their agents' timers fire that late), ms. */
  fleetLoopDelayMaxMs: number;
  /** The kernel's count of connections dropped because a listen queue was full, during the failover (this machine, all sockets). */
  listenOverflows: number;
  agentOfflineIncidents: number;
  offlineShownOnSurvivor: number;
  sessions: number;
  sessionsNodeLost: number;
  sessionEndsPerSession: number[];
  clusterAfter: string[];
  agentsPerSurvivor: Record<string, number>;
}

const log = (msg: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Sql = (text: string) => string;

/** TcpExt ListenOverflows from /proc/net/netstat (NaN where it cannot be read). */
function listenOverflows(): number {
  try {
    const lines = fs.readFileSync('/proc/net/netstat', 'utf8').split('\n').filter((l) => l.startsWith('TcpExt:'));
    const names = (lines[0] ?? '').split(' ');
    const values = (lines[1] ?? '').split(' ');
    return Number(values[names.indexOf('ListenOverflows')]);
  } catch (err) {
    process.stderr.write(`cannot read /proc/net/netstat: ${String(err)}\n`);
    return NaN;
  }
}

/** A read through a survivor that may be at its open-files limit: tried again for a while. */
async function patient<T>(read: () => Promise<T>, tries = 10): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await read();
    } catch (err) {
      if (i >= tries) throw err;
      log(`[failover] a read failed (${String(err)}); trying again`);
      await sleep(3_000);
    }
  }
}

/** Three rooms with a synthetic desktop, enrolled through the victim, each with a live control session held by it. */
async function sessionsOnVictim(victim: ClusterNode, headers: Record<string, string>): Promise<{ fleet: Fleet; ids: string[]; close: () => void }> {
  const token = await enrollmentToken(victim.base, headers, 3);
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const fleet = await startFleet({ server: victim.base, token, rooms: 3, vnc: true, failureRate: 0, logger: quiet });
  const ids: string[] = [];
  const viewers: Array<{ ws: { close: () => void } }> = [];
  for (const room of fleet.rooms) {
    for (let i = 0; i < 50 && room.agent.state !== 'online'; i++) await sleep(200);
    const started = await api(victim.base, 'POST', `rooms/${room.credentials.roomId}/sessions`, { mode: 'control' }, headers);
    if (started.status !== 201) throw new Error(`session start: ${started.status} ${JSON.stringify(started.json)}`);
    const viewer = await connectWsViewer(String(started.json.viewerUrl));
    await viewer.waitFor((e) => e.type === 'serverInit', 15_000, true);
    viewers.push(viewer);
    ids.push(String(started.json.id));
  }
  return { fleet, ids, close: () => viewers.forEach((v) => v.ws.close()) };
}

export async function runFailover(opts: {
  victim: ClusterNode;
  survivors: readonly ClusterNode[];
  clients: readonly FleetClient[];
  headers: Record<string, string>;
  sse: SseWatch;
  sql: Sql;
  nodeCap: number;
  offlineWindowSec: number;
}): Promise<FailoverFigures> {
  const { victim, survivors, clients, headers, sse, sql } = opts;
  const base = (survivors[0] as ClusterNode).base;
  const sessions = await sessionsOnVictim(victim, headers);
  log(`[failover] ${sessions.ids.length} live control sessions held by ${victim.spec.id}`);

  // Room on the survivors: each may hold at most nodeCap agents after taking its share.
  const held = (id: string) => Number(sql(`select count(*) from rooms where agent_node_id = '${id}'`));
  const victimAgents = held(victim.spec.id);
  const share = Math.ceil(victimAgents / survivors.length);
  const dropped: string[] = [];
  for (const s of survivors) {
    const excess = held(s.spec.id) + share - opts.nodeCap;
    if (excess <= 0) continue;
    const own = clients.filter((c) => c.node === s.spec.id);
    for (const [i, c] of own.entries()) {
      const n = Math.floor(excess / own.length) + (i < excess % own.length ? 1 : 0);
      const r = await c.client.request({ type: 'drop', count: n }, 'dropped');
      dropped.push(...r.roomIds);
    }
  }
  if (dropped.length > 0) {
    log(`[failover] ${dropped.length} agents switched off on the survivors to leave room for ${victimAgents}; waiting for their rooms to go offline`);
    const list = dropped.map((id) => `'${id}'`).join(',');
    const until = Date.now() + (opts.offlineWindowSec + 180) * 1000;
    while (Date.now() < until && Number(sql(`select count(*) from rooms where id in (${list}) and status <> 'offline'`)) > 0) await sleep(5_000);
    await sleep(10_000);
  }

  const victimClients = clients.filter((c) => c.node === victim.spec.id);
  const before = await totals(victimClients);
  const offlineIncidentsBefore = Number(sql(`select count(*) from incidents where rule_id = 'agent.offline'`));
  const sseMark = sse.seen.length;
  const overflowsBefore = listenOverflows();
  const t0 = Date.now();
  await killNode(victim);
  log(`[failover] kill -9 ${victim.spec.id} (${victimAgents} agents, ${before.online} of them in the fleet clients)`);

  const series: Array<{ t: number; online: number; connects: number }> = [];
  let now = before;
  let failedConnects = 0;
  let fleetLoopDelayMaxMs = 0;
  while (Date.now() - t0 < 300_000) {
    await sleep(500);
    now = await totals(victimClients);
    series.push({ t: (Date.now() - t0) / 1000, online: now.online, connects: now.connects - before.connects });
    failedConnects = now.failedConnects - before.failedConnects;
    fleetLoopDelayMaxMs = Math.max(fleetLoopDelayMaxMs, now.loopDelayMaxMs);
    if (now.online >= before.online && (series.length > 4 || now.connects > before.connects)) break;
    if (series.length % 20 === 0) log(`[failover] ${now.online}/${before.online} back after ${(series.at(-1)?.t ?? 0).toFixed(0)} s, ${failedConnects} failed attempts`);
  }
  const overflows = listenOverflows() - overflowsBefore;
  const backAfterSec = now.online >= before.online ? (series.at(-1)?.t ?? NaN) : NaN;
  const firstAt = (share: number) => series.find((p) => p.online >= before.online * share)?.t ?? NaN;
  // Reconnections per whole second after the kill, from the sampled counter.
  const perSecond = new Map<number, number>();
  let last = 0;
  for (const p of series) {
    const sec = Math.floor(p.t);
    perSecond.set(sec, (perSecond.get(sec) ?? 0) + (p.connects - last));
    last = p.connects;
  }
  log(`[failover] ${now.online}/${before.online} back after ${backAfterSec.toFixed(1)} s; waiting past the offline window (${opts.offlineWindowSec} s) for late effects`);
  await sleep((opts.offlineWindowSec + 30) * 1000);
  log('[failover] reading the sessions, the audit log and Settings > Cluster');

  const ended = await Promise.all(sessions.ids.map((id) => patient(() => api(base, 'GET', `sessions/${id}`, undefined, headers))));
  const ends = sessions.ids.map((id) => Number(sql(`select count(*) from audit_log where action = 'session.end' and target_id = '${id}'`)));
  const cluster = await patient(() => api(base, 'GET', 'cluster', undefined, headers));
  const nodes = (cluster.json.nodes as Array<{ id: string; agents: number }>) ?? [];
  log('[failover] closing the session viewers and their rooms');
  sessions.close();
  const stopped = await Promise.race([sessions.fleet.stop().then(() => true), sleep(15_000).then(() => false)]);
  if (!stopped) log('[failover] the session rooms did not stop within 15 s (left to the process exit)');
  return {
    victim: victim.spec.id,
    victimAgents,
    droppedForRoom: dropped.length,
    backAfterSec,
    p50Sec: firstAt(0.5),
    p90Sec: firstAt(0.9),
    peakPerSec: Math.max(0, ...perSecond.values()),
    secondsWithReconnects: [...perSecond.values()].filter((n) => n > 0).length,
    failedConnects,
    fleetLoopDelayMaxMs,
    listenOverflows: overflows,
    agentOfflineIncidents: Number(sql(`select count(*) from incidents where rule_id = 'agent.offline'`)) - offlineIncidentsBefore,
    offlineShownOnSurvivor: sse.seen.slice(sseMark).filter((e) => e.event === 'room.status' && e.status === 'offline').length,
    sessions: sessions.ids.length,
    sessionsNodeLost: ended.filter((r) => r.json.state === 'ended' && r.json.endReason === 'node_lost').length,
    sessionEndsPerSession: ends,
    clusterAfter: nodes.map((n) => n.id).sort(),
    agentsPerSurvivor: Object.fromEntries(nodes.map((n) => [n.id, n.agents])),
  };
}
