// bench:cluster's printed report (Markdown, as bench/README.md keeps it).
import type { EnrollmentFigures } from './enrollment.ts';
import type { FailoverFigures } from './failover.ts';
import type { NodeFigures } from './fleet-clients.ts';

export interface StepFigures {
  agents: number;
  online: number;
  held: Record<string, number>;
  enrolled: number;
  rampSec: number;
  nodes: NodeFigures[];
  heartbeatsPerSec: number;
  latency: { n: number; p50: number; p99: number; max: number };
  clientsRssMiB: number;
}

const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '–');
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');

export function clusterReport(r: {
  when: string;
  cpus: number;
  memGiB: number;
  windowSec: number;
  idleId: string;
  idle: NodeFigures[];
  enrollment: EnrollmentFigures[];
  steps: StepFigures[];
  failover: FailoverFigures | undefined;
  afterKill: NodeFigures[];
}): string {
  const lines = [`Cluster benchmark — ${r.when}, ${r.cpus} CPUs, ${r.memGiB.toFixed(0)} GiB; heartbeat 30 s; window ${r.windowSec} s`, ''];
  if (r.idle.length) lines.push('Idle (no agents), RSS after GC / CPU % of one core: ' + r.idle.map((n) => `${n.id} ${f0(n.rssMiB)} MiB / ${f1(n.cpuPercent)} %`).join(', '), '');
  lines.push('| enrollments | in flight (3 nodes) | per second | p50 / p99 ms | failed |', '|---:|---:|---:|---:|---:|');
  for (const e of r.enrollment) lines.push(`| ${e.count} | ${e.concurrency} | ${f0(e.perSecond)} | ${e.p50Ms} / ${e.p99Ms} | ${e.failed} |`);
  if (r.steps.length) lines.push('', `| agents | online | enrolled in ramp | ramp s | per node: agents · RSS MiB (peak) · CPU % · open files | idle node (${r.idleId}): RSS · CPU % | heartbeats/s | C→A SSE p50 / p99 / max ms (n) | clients RSS MiB |`, '|---:|---:|---:|---:|---|---|---:|---:|---:|');
  for (const s of r.steps) {
    const working = s.nodes.filter((n) => n.id !== r.idleId);
    const idle = s.nodes.find((n) => n.id === r.idleId);
    const per = working.map((n) => `${n.id}: ${s.held[n.id] ?? '?'} · ${f0(n.rssMiB)} (${f0(n.peakRssMiB)}) · ${f1(n.cpuPercent)} · ${n.openFiles}`).join('<br>');
    lines.push(`| ${s.agents} | ${s.online} | ${s.enrolled} | ${f0(s.rampSec)} | ${per} | ${idle ? `${f0(idle.rssMiB)} · ${f1(idle.cpuPercent)}` : '–'} | ${f0(s.heartbeatsPerSec)} | ${s.latency.p50} / ${s.latency.p99} / ${s.latency.max} (${s.latency.n}) | ${f0(s.clientsRssMiB)} |`);
  }
  const fo = r.failover;
  if (fo) {
    lines.push(
      '',
      `kill -9 of ${fo.victim} holding ${fo.victimAgents} agents (${fo.droppedForRoom} agents switched off on the survivors beforehand, so that each stays under 20,000 open files):`,
      `- all back on the survivors after **${f1(fo.backAfterSec)} s** (50 % by ${f1(fo.p50Sec)} s, 90 % by ${f1(fo.p90Sec)} s); reconnections spread over ${fo.secondsWithReconnects} s, at most ${fo.peakPerSec} in one second; ${fo.failedConnects} attempts failed before a welcome; the fleet clients' event loops ran up to ${fo.fleetLoopDelayMaxMs.toFixed(0)} ms late; ${fo.listenOverflows} connections dropped by a full listen queue`,
      `- agent.offline incidents opened: **${fo.agentOfflineIncidents}**; rooms shown offline on ${'the survivor'}'s live stream: **${fo.offlineShownOnSurvivor}**`,
      `- live sessions held by ${fo.victim}: ${fo.sessions}, ended node_lost: **${fo.sessionsNodeLost}**, session.end entries per session: ${fo.sessionEndsPerSession.join(', ')}`,
      `- Settings > Cluster afterwards: ${fo.clusterAfter.join(', ')}; agents per node: ${Object.entries(fo.agentsPerSurvivor).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    );
    if (r.afterKill.length) lines.push(`- afterwards, RSS after GC / CPU: ${r.afterKill.map((n) => `${n.id} ${f0(n.rssMiB)} MiB / ${f1(n.cpuPercent)} % (${n.openFiles} files)`).join(', ')}`);
  }
  return lines.join('\n');
}
