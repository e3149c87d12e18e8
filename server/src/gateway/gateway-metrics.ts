// Prometheus figures of the agent gateway, read at scrape time from its counters.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { AgentGateway } from './agent-gateway.ts';

export function registerGatewayMetrics(registry: Registry, gateway: AgentGateway): void {
  new Gauge({
    name: 'roomwarden_agents_connected',
    help: 'Agent control connections held by this node',
    registers: [registry],
    collect() {
      this.set(gateway.connectedCount);
    },
  });
  const counters: Array<[keyof AgentGateway['stats'], string]> = [
    ['messages', 'Agent messages accepted'],
    ['heartbeats', 'Agent heartbeats accepted'],
    ['reports', 'Agent health reports accepted'],
    ['rejected', 'Agent connections closed for bad input'],
  ];
  for (const [key, help] of counters) {
    let reported = 0;
    new Counter({
      name: `roomwarden_agent_${key}_total`,
      help,
      registers: [registry],
      collect() {
        const now = gateway.stats[key];
        this.inc(now - reported);
        reported = now;
      },
    });
  }
}
