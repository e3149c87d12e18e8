// The simulated fleet of bench:cluster: client processes (bench/agents/client.ts), each
// enrolled through one node and so connected to it, and the per-node figures read off /proc.
import fs from 'node:fs';
import path from 'node:path';
import type { FleetStats } from '@roomwarden/sim';
import { AgentClient } from '../agents/harness.ts';
import { MiB, rssBytes, sample } from '../agents/proc.ts';
import type { ClusterNode } from './cluster-nodes.ts';

export interface FleetClient {
  client: AgentClient;
  /** The node its agents were enrolled through (their gateway). */
  node: string;
  rooms: number;
}

export function startClients(nodes: readonly ClusterNode[], tokens: readonly string[], perNode: number, stateDir: string, env: Record<string, string>): FleetClient[] {
  const out: FleetClient[] = [];
  for (let i = 0; i < nodes.length * perNode; i++) {
    const node = nodes[i % nodes.length] as ClusterNode;
    out.push({ client: new AgentClient(node.base, tokens[i] as string, 2000 + i, { ...env, BENCH_STATE_DIR: path.join(stateDir, `client-${i}`) }), node: node.spec.id, rooms: 0 });
  }
  return out;
}

/** The fleet simulator's counters, summed over the clients, and their RSS. */
export interface ClientTotals extends FleetStats {
  rssBytes: number;
  /** The longest any client's event loop was late since the last read, in ms. */
  loopDelayMaxMs: number;
}

export async function totals(clients: readonly FleetClient[]): Promise<ClientTotals> {
  const all = await Promise.all(clients.map((c) => c.client.request({ type: 'stats' }, 'stats')));
  return all.reduce<ClientTotals>(
    (a, s) => ({ rooms: a.rooms + s.rooms, online: a.online + s.online, stopped: a.stopped + s.stopped, heartbeats: a.heartbeats + s.heartbeats, reports: a.reports + s.reports, connects: a.connects + s.connects, failedConnects: a.failedConnects + s.failedConnects, rssBytes: a.rssBytes + s.rssBytes, loopDelayMaxMs: Math.max(a.loopDelayMaxMs, s.loopDelayMaxMs) }),
    { rooms: 0, online: 0, stopped: 0, heartbeats: 0, reports: 0, connects: 0, failedConnects: 0, rssBytes: 0, loopDelayMaxMs: 0 },
  );
}

export interface NodeFigures {
  id: string;
  rssMiB: number;
  peakRssMiB: number;
  cpuPercent: number;
  openFiles: number;
}

export function openFiles(pid: number): number {
  try {
    return fs.readdirSync(`/proc/${pid}/fd`).length;
  } catch (err) {
    process.stderr.write(`cannot count the open files of ${pid}: ${String(err)}\n`);
    return NaN;
  }
}

/** CPU (% of one core) and RSS of every node over the same window; RSS read after a full GC. */
export async function measureNodes(nodes: readonly ClusterNode[], ms: number): Promise<NodeFigures[]> {
  await Promise.all(nodes.map((n) => n.gc()));
  const windows = await Promise.all(nodes.map((n) => sample(n.pid, ms)));
  await Promise.all(nodes.map((n) => n.gc()));
  return nodes.map((n, i) => {
    const w = windows[i] as Awaited<ReturnType<typeof sample>>;
    return { id: n.spec.id, rssMiB: rssBytes(n.pid) / MiB, peakRssMiB: w.peakRssBytes / MiB, cpuPercent: w.cpuPercent, openFiles: openFiles(n.pid) };
  });
}
