// Cluster benchmark: three nodes on this machine's PostgreSQL and NATS, and a fourth, idle
// one (another region, so no agent fails over to it) as the baseline measured in the same
// run. The simulated fleet is spread over the three, stepping to 45,000 agents in all; per
// step: per-node RSS and CPU against the idle node, heartbeats, and the time from a room's
// change at an agent on node C until node A's live stream (SSE) shows it. Then kill -9 of
// node C (failover.ts). Enrollment throughput on PostgreSQL is measured first.
//   npm run bench:cluster
//   BENCH_STEPS=3000,6000 BENCH_WINDOW_SEC=20 npm run bench:cluster         (a short run)
//   BENCH_KEEP=1 npm run bench:cluster     keep the database and the fleet's credentials for the next run
//   BENCH_ONLY=enroll npm run bench:cluster   only the enrollment throughput
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { api, enrollmentToken, signIn } from '../agents/http-api.ts';
import { percentile } from '../agents/proc.ts';
import { preparePlace, startClusterNode, type ClusterNode, type NodeSpec } from './cluster-nodes.ts';
import { measureEnrollment, type EnrollmentFigures } from './enrollment.ts';
import { runFailover, type FailoverFigures } from './failover.ts';
import { measureNodes, startClients, totals, type FleetClient } from './fleet-clients.ts';
import { SseWatch } from './sse-watch.ts';
import { clusterReport, type StepFigures } from './report.ts';

const PG_ADMIN = (process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/+$/, '');
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const STEPS = (process.env.BENCH_STEPS ?? '15000,30000,45000').split(',').map(Number);
const WINDOW_SEC = Number(process.env.BENCH_WINDOW_SEC ?? 60);
const LATENCY_SAMPLES = Number(process.env.BENCH_LATENCY_SAMPLES ?? 100);
const ENROLL_SAMPLE = Number(process.env.BENCH_ENROLL_SAMPLE ?? 3000);
const NODE_CAP = Number(process.env.BENCH_NODE_AGENT_CAP ?? 17_000);
const CLIENTS_PER_NODE = 2;
const OFFLINE_WINDOW_SEC = Number(process.env.BENCH_OFFLINE_WINDOW_SEC ?? 90); // the server's default: 3 missed heartbeats of 30 s
const NODES: NodeSpec[] = [
  { id: 'bench-a', region: 'emea', port: 18611 },
  { id: 'bench-b', region: 'emea', port: 18612 },
  { id: 'bench-c', region: 'emea', port: 18613 },
];
const IDLE: NodeSpec = { id: 'bench-idle', region: 'apac', port: 18614 };

const log = (msg: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${msg}\n`);

const place = preparePlace(PG_ADMIN, 'roomwarden_bench_cluster', process.env.BENCH_KEEP === '1');
const sql = (text: string): string => execFileSync('psql', [place.databaseUrl, '-v', 'ON_ERROR_STOP=1', '-Atq'], { input: text, stdio: 'pipe', encoding: 'utf8' }).trim();

const nodes: ClusterNode[] = [];
let clients: FleetClient[] = [];
let sse: SseWatch | undefined;
const out: string[] = [];
try {
  log(`starting ${NODES.length} nodes and an idle one on ${place.databaseUrl.replace(/\/\/[^@]*@/, '//')} and ${NATS_URL}${place.reused ? ' (kept from an earlier run)' : ''}`);
  nodes.push(await startClusterNode(place, NATS_URL, NODES[0] as NodeSpec));
  nodes.push(...(await Promise.all([...NODES.slice(1), IDLE].map((spec) => startClusterNode(place, NATS_URL, spec)))));
  const [a, , c] = nodes as [ClusterNode, ClusterNode, ClusterNode, ClusterNode];
  const working = nodes.slice(0, NODES.length);
  const headers = await signIn(a.base, 'admin@roomwarden.local', place.adminPassword);
  const general = await api(a.base, 'PUT', 'settings/general', { remoteAccessEnabled: true, remoteAccessContactEmail: 'noc@bench.test', sessionIdleTimeoutMinutes: 240, sessionMaxMinutes: 720 }, headers);
  if (general.status !== 200) throw new Error(`settings: ${general.status} ${JSON.stringify(general.json)}`);
  sse = new SseWatch(a.base, headers, (e) => e === 'room.status');
  await sse.ready;

  const enrollOnly = process.env.BENCH_ONLY === 'enroll';
  log('[idle] all four nodes, no agents: 20 s');
  const idle = enrollOnly ? [] : await measureNodes(nodes, 20_000);

  // Enrollment throughput: agents enrolling through the three nodes at once (rooms that never connect).
  const enrollment: EnrollmentFigures[] = [];
  for (const concurrency of [6, 24]) {
    const tokens = await Promise.all(working.map((n) => enrollmentToken(n.base, headers, 10_000)));
    const r = await measureEnrollment(working.map((n) => n.base), tokens, ENROLL_SAMPLE, concurrency);
    enrollment.push(r);
    log(`[enroll] ${r.count} enrollments, ${r.concurrency} in flight over 3 nodes: ${r.perSecond.toFixed(0)}/s (p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, ${r.failed} failed)`);
  }

  out.push(
    enrollOnly
      ? clusterReport({ when: new Date().toISOString(), cpus: os.cpus().length, memGiB: os.totalmem() / 1024 ** 3, windowSec: WINDOW_SEC, idleId: IDLE.id, idle: [], enrollment, steps: [], failover: undefined, afterKill: [] })
      : await fleetAndFailover({ working, victim: c, headers, watch: sse, idle, enrollment }),
  );
} catch (err) {
  log(`the run failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
} finally {
  log('stopping the fleet and the nodes');
  sse?.close();
  await Promise.all(clients.map((fc) => fc.client.stop()));
  await Promise.all(nodes.map((n) => n.stop()));
  place.cleanUp();
}
process.stdout.write(`\n${out.join('\n')}\n`);
// A failed run can leave a handle open (a stream, a viewer): the run ends here all the same.
process.exit(process.exitCode ?? 0);

/** The fleet's steps up to the last, then the failover: the report's text. */
async function fleetAndFailover(ctx: { working: ClusterNode[]; victim: ClusterNode; headers: Record<string, string>; watch: SseWatch; idle: Awaited<ReturnType<typeof measureNodes>>; enrollment: EnrollmentFigures[] }): Promise<string> {
  const { working, victim: c, headers, watch: sse, idle, enrollment } = ctx;
  // Client i enrolls through node i mod 3 with a token of that node.
  const tokens = await Promise.all(Array.from({ length: NODES.length * CLIENTS_PER_NODE }, (_, i) => enrollmentToken((working[i % NODES.length] as ClusterNode).base, headers, 10_000)));
  clients = startClients(working, tokens, CLIENTS_PER_NODE, place.stateDir, { BENCH_ENROLL_CONCURRENCY: '4', BENCH_RAMP_PER_SEC: '150' });
  const steps: StepFigures[] = [];
  for (const target of STEPS) {
    const per = Math.floor(target / clients.length);
    const enrolledBefore = Number(sql('select count(*) from devices'));
    const t0 = Date.now();
    log(`[step ${target}] ramping: ${per} agents per client, ${per * CLIENTS_PER_NODE} per node`);
    await Promise.all(
      clients.map(async (fc) => {
        const add = per - fc.rooms;
        if (add > 0) await fc.client.request({ type: 'add', count: add }, 'added', 3_600_000);
        fc.rooms = per;
      }),
    );
    const enrolled = Number(sql('select count(*) from devices')) - enrolledBefore;
    let t = await totals(clients);
    const until = Date.now() + 300_000;
    while (t.online < per * clients.length && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 2_000));
      t = await totals(clients);
    }
    const rampSec = (Date.now() - t0) / 1000;
    log(`[step ${target}] ${t.online} online after ${rampSec.toFixed(0)} s (${enrolled} enrolled); measuring for ${WINDOW_SEC} s`);
    const before = t;
    const figures = await measureNodes(nodes, WINDOW_SEC * 1000);
    const after = await totals(clients);
    const latencies = await crossNodeLatency(clients.filter((fc) => fc.node === c.spec.id), sse, LATENCY_SAMPLES);
    const held = Object.fromEntries(working.map((n) => [n.spec.id, Number(sql(`select count(*) from rooms where agent_node_id = '${n.spec.id}'`))]));
    const step: StepFigures = {
      agents: target,
      online: after.online,
      held,
      enrolled,
      rampSec,
      nodes: figures,
      heartbeatsPerSec: (after.heartbeats - before.heartbeats) / WINDOW_SEC,
      latency: { n: latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: Math.max(...latencies) },
      clientsRssMiB: after.rssBytes / 1024 / 1024,
    };
    steps.push(step);
    log(`[step ${target}] ${figures.map((f) => `${f.id} RSS ${f.rssMiB.toFixed(0)} MiB CPU ${f.cpuPercent.toFixed(1)} % files ${f.openFiles}`).join('; ')}; C→A SSE p50 ${step.latency.p50} ms p99 ${step.latency.p99} ms`);
    if (after.online < per * clients.length) {
      log(`[step ${target}] STOP: ${per * clients.length - after.online} agents not online`);
      break;
    }
  }

  let failover: FailoverFigures | undefined;
  if (process.env.BENCH_SKIP_FAILOVER !== '1') {
    // The steps' figures are printed even when the failover's last reads fail.
    failover = await runFailover({ victim: c, survivors: working.filter((n) => n !== c), clients, headers, sse, sql, nodeCap: NODE_CAP, offlineWindowSec: OFFLINE_WINDOW_SEC }).catch((err: unknown) => {
      log(`[failover] could not finish: ${String(err)}`);
      return undefined;
    });
  }
  const afterSec = Math.min(WINDOW_SEC, 30);
  if (failover) log(`[after] the survivors and the idle node, ${afterSec} s`);
  const afterKill = failover ? await measureNodes(nodes.filter((n) => n !== c), afterSec * 1000) : [];
  return clusterReport({ when: new Date().toISOString(), cpus: os.cpus().length, memGiB: os.totalmem() / 1024 ** 3, windowSec: WINDOW_SEC, idleId: IDLE.id, idle, enrollment, steps, failover, afterKill });
}

/** Flips a camera at agents on node C and times until node A's live stream shows the room's new status. */
async function crossNodeLatency(onC: readonly FleetClient[], watch: SseWatch, samples: number): Promise<number[]> {
  const out: number[] = [];
  for (let s = 0; s < samples / 2; s++) {
    const fc = onC[s % onC.length] as FleetClient;
    const index = (s * 7919) % Math.max(1, fc.rooms);
    for (const state of ['failed', 'ok'] as const) {
      const mark = watch.seen.length;
      const flipped = await fc.client.request({ type: 'flip', index, state }, 'flipped');
      const seen = await watch
        .waitFor((e) => e.roomId === flipped.roomId && (state === 'failed' ? e.status !== 'healthy' : e.status === 'healthy'), mark, 30_000)
        .catch((err: unknown) => {
          log(`latency sample lost: ${String(err)}`);
          return undefined;
        });
      if (seen) out.push(seen.at - flipped.at);
    }
  }
  return out;
}

