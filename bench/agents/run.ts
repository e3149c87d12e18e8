// Agents benchmark: one server node (PGlite, then PostgreSQL) holding N simulated agents
// (heartbeat every 30 s) in two client processes. Prints, per step: connections held,
// server RSS (total and per agent), server CPU, heartbeat and report rates, and the p99
// time from a signal change at an agent to the room status change seen through the API;
// beside it the baseline of the same server with 0 agents, measured in the same run.
//   npm run bench:agents            (steps 1000,5000,10000; both databases)
//   BENCH_STEPS=500,2000 BENCH_DB=pglite BENCH_WINDOW_SEC=30 npm run bench:agents
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AgentClient, startServer, type ServerProcess } from './harness.ts';
import { api, enrollmentToken, signIn } from './http-api.ts';
import { MiB, percentile, rssBytes, sample } from './proc.ts';

const PORT = Number(process.env.BENCH_PORT ?? 18390);
const STEPS = (process.env.BENCH_STEPS ?? '1000,5000,10000').split(',').map(Number);
const DBS = (process.env.BENCH_DB ?? 'pglite,postgres').split(',');
const WINDOW_SEC = Number(process.env.BENCH_WINDOW_SEC ?? 60);
const LATENCY_SAMPLES = Number(process.env.BENCH_LATENCY_SAMPLES ?? 40);
const RSS_LIMIT = 1024 * MiB;
const PG_ADMIN = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432';
const ADMIN_PASSWORD = 'bench-admin-password-1';
const CLIENTS = 2;

interface StepResult {
  agents: number;
  held: number;
  rssMiB: number;
  peakRssMiB: number;
  rssPerAgentKiB: number;
  cpuPercent: number;
  heartbeatsPerSec: number;
  reportsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  rampSec: number;
  clientRssMiB: number;
  ok: boolean;
  why?: string;
}

const log = (msg: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${msg}\n`);

async function setUp(base: string): Promise<{ apiToken: string; enrollTokens: string[] }> {
  const h = await signIn(base, 'admin@roomwarden.local', ADMIN_PASSWORD);
  const tok = await api(base, 'POST', 'tokens', { name: 'bench' }, h);
  if (tok.status !== 201) throw new Error(`api token: ${tok.status} ${JSON.stringify(tok.json)}`);
  const enrollTokens: string[] = [];
  for (let i = 0; i < CLIENTS; i++) enrollTokens.push(await enrollmentToken(base, h, 10_000));
  return { apiToken: String(tok.json.token), enrollTokens };
}

async function roomStatus(base: string, apiToken: string, roomId: string): Promise<string> {
  const r = await api(base, 'GET', `rooms/${roomId}`, undefined, { authorization: `Bearer ${apiToken}` });
  return String(r.json.status);
}

/** Flips a camera at an agent and times until the room's status changes in the API. */
async function measureLatency(base: string, apiToken: string, clients: AgentClient[], perClient: number, samples: number): Promise<number[]> {
  const out: number[] = [];
  for (let s = 0; s < samples; s++) {
    const client = clients[s % clients.length] as AgentClient;
    const index = Math.floor(((s * 7919) % perClient) + 0);
    const before = await client.request({ type: 'stats' }, 'stats');
    if (before.rooms === 0) break;
    const idx = index % before.rooms;
    for (const state of ['failed', 'ok'] as const) {
      const flipped = await client.request({ type: 'flip', index: idx, state }, 'flipped');
      const want = state === 'failed' ? (st: string) => st !== 'healthy' : (st: string) => st === 'healthy';
      const deadline = flipped.at + 30_000;
      let status = '';
      while (Date.now() < deadline) {
        status = await roomStatus(base, apiToken, flipped.roomId);
        if (want(status)) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      if (!want(status)) throw new Error(`room ${flipped.roomId} stayed ${status} 30 s after its camera went ${state}`);
      out.push(Date.now() - flipped.at);
    }
  }
  return out;
}

async function clientTotals(clients: AgentClient[]) {
  const all = await Promise.all(clients.map((c) => c.request({ type: 'stats' }, 'stats')));
  return all.reduce(
    (a, s) => ({ rooms: a.rooms + s.rooms, online: a.online + s.online, stopped: a.stopped + s.stopped, heartbeats: a.heartbeats + s.heartbeats, reports: a.reports + s.reports, rss: a.rss + s.rssBytes }),
    { rooms: 0, online: 0, stopped: 0, heartbeats: 0, reports: 0, rss: 0 },
  );
}

async function runDatabase(kind: string): Promise<{ baseline: { rssMiB: number; cpuPercent: number }; steps: StepResult[] } | undefined> {
  const env: Record<string, string> = { ROOMWARDEN_ADMIN_PASSWORD: ADMIN_PASSWORD };
  let dataDir: string | undefined;
  let dbName: string | undefined;
  if (kind === 'pglite') {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-bench-'));
    env.ROOMWARDEN_DATA_DIR = dataDir;
  } else {
    dbName = `roomwarden_bench_${process.pid}_${Date.now()}`;
    try {
      execFileSync('psql', [PG_ADMIN + '/postgres', '-v', 'ON_ERROR_STOP=1', '-qc', `CREATE DATABASE ${dbName}`], { stdio: 'pipe' });
    } catch (err) {
      log(`PostgreSQL at ${PG_ADMIN} is not usable (${(err as Error).message.split('\n')[0]}): skipped`);
      return undefined;
    }
    env.DATABASE_URL = `${PG_ADMIN}/${dbName}`;
    env.ROOMWARDEN_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-bench-'));
  }
  let server: ServerProcess | undefined;
  const clients: AgentClient[] = [];
  try {
    log(`[${kind}] starting the server`);
    server = await startServer(env, PORT);
    const { apiToken, enrollTokens } = await setUp(server.base);
    await new Promise((r) => setTimeout(r, 5_000));
    await server.gc();
    const idle = await sample(server.pid, 20_000);
    await server.gc();
    const idleRss = rssBytes(server.pid);
    const baseline = { rssMiB: idleRss / MiB, cpuPercent: idle.cpuPercent };
    log(`[${kind}] baseline, 0 agents: RSS ${baseline.rssMiB.toFixed(0)} MiB, CPU ${baseline.cpuPercent.toFixed(1)} %`);
    for (let i = 0; i < CLIENTS; i++) clients.push(new AgentClient(server.base, enrollTokens[i] as string, 1000 + i));
    const steps: StepResult[] = [];
    let have = 0;
    for (const target of STEPS) {
      const add = target - have;
      const t0 = Date.now();
      log(`[${kind}] ramping to ${target} agents`);
      const per = Math.ceil(add / CLIENTS);
      try {
        await Promise.all(clients.map((c, i) => c.request({ type: 'add', count: Math.min(per, add - per * i) }, 'added')));
      } catch (err) {
        log(`[${kind}] ramp to ${target} failed: ${(err as Error).message}`);
        steps.push({ agents: target, held: 0, rssMiB: rssBytes(server.pid) / MiB, peakRssMiB: rssBytes(server.pid) / MiB, rssPerAgentKiB: NaN, cpuPercent: NaN, heartbeatsPerSec: NaN, reportsPerSec: NaN, p50Ms: NaN, p99Ms: NaN, maxMs: NaN, rampSec: (Date.now() - t0) / 1000, clientRssMiB: NaN, ok: false, why: `ramp failed: ${(err as Error).message}` });
        break;
      }
      have = target;
      // wait until every agent is online (or give up after 120 s)
      let totals = await clientTotals(clients);
      const waitUntil = Date.now() + 120_000;
      while (totals.online < target && Date.now() < waitUntil) {
        await new Promise((r) => setTimeout(r, 2_000));
        totals = await clientTotals(clients);
      }
      const rampSec = (Date.now() - t0) / 1000;
      log(`[${kind}] ${totals.online}/${target} online after ${rampSec.toFixed(0)} s; measuring for ${WINDOW_SEC} s`);
      const before = totals;
      await server.gc();
      const window = await sample(server.pid, WINDOW_SEC * 1000);
      const after = await clientTotals(clients);
      await server.gc();
      const settledRss = rssBytes(server.pid);
      const latencies = await measureLatency(server.base, apiToken, clients, Math.ceil(target / CLIENTS), LATENCY_SAMPLES / 2).catch((err: unknown) => {
        log(`[${kind}] latency measurement failed: ${(err as Error).message}`);
        return [] as number[];
      });
      const held = after.online;
      const result: StepResult = {
        agents: target,
        held,
        rssMiB: settledRss / MiB,
        peakRssMiB: Math.max(window.peakRssBytes, rssBytes(server.pid)) / MiB,
        rssPerAgentKiB: ((settledRss - idleRss) / Math.max(1, held)) / 1024,
        cpuPercent: window.cpuPercent,
        heartbeatsPerSec: (after.heartbeats - before.heartbeats) / WINDOW_SEC,
        reportsPerSec: (after.reports - before.reports) / WINDOW_SEC,
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
        maxMs: Math.max(...latencies),
        rampSec,
        clientRssMiB: after.rss / MiB,
        ok: true,
      };
      if (held < target) Object.assign(result, { ok: false, why: `${target - held} connections not held (${after.stopped} refused)` });
      else if (result.peakRssMiB * MiB > RSS_LIMIT) Object.assign(result, { ok: false, why: `server RSS ${result.peakRssMiB.toFixed(0)} MiB > 1 GiB` });
      steps.push(result);
      log(
        `[${kind}] ${target} agents: held ${held}, RSS ${result.rssMiB.toFixed(0)} MiB (peak ${result.peakRssMiB.toFixed(0)}; ${result.rssPerAgentKiB.toFixed(1)} KiB/agent over baseline), CPU ${result.cpuPercent.toFixed(1)} %, ` +
          `${result.heartbeatsPerSec.toFixed(0)} heartbeats/s, ${result.reportsPerSec.toFixed(1)} reports/s, change→status p50 ${result.p50Ms} ms p99 ${result.p99Ms} ms (n=${latencies.length})${result.ok ? '' : ` — STOP: ${result.why}`}`,
      );
      if (!result.ok) break;
    }
    return { baseline, steps };
  } finally {
    await Promise.all(clients.map((c) => c.stop()));
    await server?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    if (dbName) {
      try {
        execFileSync('psql', [PG_ADMIN + '/postgres', '-qc', `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`], { stdio: 'pipe' });
      } catch (err) {
        log(`could not drop ${dbName}: ${(err as Error).message.split('\n')[0]}`);
      }
    }
  }
}

function table(kind: string, r: { baseline: { rssMiB: number; cpuPercent: number }; steps: StepResult[] }): string {
  const rows = [
    `### ${kind}  (baseline, 0 agents: RSS ${r.baseline.rssMiB.toFixed(0)} MiB after GC, CPU ${r.baseline.cpuPercent.toFixed(1)} %)`,
    '',
    '| agents | held | server RSS MiB after GC (peak in window) | KiB/agent over baseline | server CPU % | heartbeats/s | reports/s | change→status p50 / p99 ms | ramp s | clients RSS MiB |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...r.steps.map(
      (s) =>
        `| ${s.agents} | ${s.held} | ${s.rssMiB.toFixed(0)} (${s.peakRssMiB.toFixed(0)}) | ${s.rssPerAgentKiB.toFixed(1)} | ${s.cpuPercent.toFixed(1)} | ${s.heartbeatsPerSec.toFixed(0)} | ${s.reportsPerSec.toFixed(1)} | ${s.p50Ms} / ${s.p99Ms} | ${s.rampSec.toFixed(0)} | ${s.clientRssMiB.toFixed(0)} |`,
    ),
  ];
  const held = r.steps.filter((s) => s.ok).map((s) => s.agents);
  rows.push('', `Largest N that holds (all connected, server RSS ≤ 1 GiB): **${held.length ? Math.max(...held) : 'none'}**${r.steps.some((s) => !s.ok) ? ` (stopped: ${r.steps.find((s) => !s.ok)?.why})` : ''}`);
  return rows.join('\n');
}

const out: string[] = [`Agents benchmark — ${new Date().toISOString()}, ${os.cpus().length} CPUs, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, open files limit ${process.env.BENCH_NOFILE ?? '?'}; heartbeat 30 s; ${CLIENTS} client processes; window ${WINDOW_SEC} s; ${LATENCY_SAMPLES} latency samples per step`, ''];
for (const kind of DBS) {
  try {
    const r = await runDatabase(kind);
    if (r) out.push(table(kind, r), '');
  } catch (err) {
    out.push(`### ${kind}: failed — ${(err as Error).message}`, '');
  }
}
process.stdout.write(`\n${out.join('\n')}\n`);
