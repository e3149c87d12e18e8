// Settings > Cluster: the live nodes with their heartbeat and counts.
import type { ClusterView } from '@roomwarden/protocol';
import type { ClusterRepository } from '../repositories/cluster.repository.ts';

export class ClusterService {
  /** `nodes` on the main pool: a page left open polling the list never takes a heartbeat's connection. */
  constructor(private readonly deps: { nodes: Pick<ClusterRepository, 'live'>; goneAfterMs: number }) {}

  async list(): Promise<ClusterView> {
    const nodes = await this.deps.nodes.live(this.deps.goneAfterMs);
    return {
      nodes: nodes.map((n) => ({
        id: n.id,
        region: n.region,
        publicUrl: n.publicUrl,
        version: n.version,
        startedAt: n.startedAt.toISOString(),
        lastSeenAt: n.lastSeenAt.toISOString(),
        agents: n.agents,
        sessions: n.sessions,
      })),
    };
  }
}
