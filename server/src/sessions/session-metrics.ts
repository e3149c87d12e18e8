// Prometheus figures of this node's remote sessions, read at scrape time.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { SessionSupervisor } from './session-supervisor.ts';

export function registerSessionMetrics(registry: Registry, supervisor: SessionSupervisor): void {
  new Gauge({
    name: 'roomwarden_remote_sessions_live',
    help: 'Remote sessions pending or active on this node',
    registers: [registry],
    collect() {
      this.set(supervisor.liveCount);
    },
  });
  new Gauge({
    name: 'roomwarden_relay_agents_paused',
    help: 'Relayed sessions whose agent side is paused because the viewer is not keeping up',
    registers: [registry],
    collect() {
      this.set(supervisor.relay.totals().agentsPaused);
    },
  });
  const transportsReported = { raw: 0, websocket: 0 };
  new Counter({
    name: 'roomwarden_relay_agent_connections_total',
    help: "Agents' data connections attached to the relay, by transport (raw byte stream or WebSocket)",
    labelNames: ['transport'],
    registers: [registry],
    collect() {
      for (const t of ['raw', 'websocket'] as const) {
        this.inc({ transport: t }, supervisor.agentConnections[t] - transportsReported[t]);
        transportsReported[t] = supervisor.agentConnections[t];
      }
    },
  });
  let endedReported = 0;
  new Counter({
    name: 'roomwarden_remote_sessions_ended_total',
    help: 'Remote sessions ended by this node',
    registers: [registry],
    collect() {
      this.inc(supervisor.ended.sessions - endedReported);
      endedReported = supervisor.ended.sessions;
    },
  });
  const reported = { to_viewer: 0, from_viewer: 0 };
  new Counter({
    name: 'roomwarden_relay_bytes_total',
    help: 'Bytes relayed, by direction (ended sessions and the ones open now)',
    labelNames: ['direction'],
    registers: [registry],
    collect() {
      const live = supervisor.relay.totals();
      const now = { to_viewer: supervisor.ended.bytesToViewer + live.bytesToViewer, from_viewer: supervisor.ended.bytesFromViewer + live.bytesFromViewer };
      for (const d of ['to_viewer', 'from_viewer'] as const) {
        // Monotonic even if a session ended elsewhere drops its live bytes here.
        if (now[d] > reported[d]) {
          this.inc({ direction: d }, now[d] - reported[d]);
          reported[d] = now[d];
        }
      }
    },
  });
}
