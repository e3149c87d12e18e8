// Settings > Cluster: the live nodes with their heartbeat and counts.
import type { ClusterView } from '@roomwarden/protocol';
import type { Membership } from './membership.ts';

export class ClusterService {
  constructor(private readonly membership: Pick<Membership, 'live'>) {}

  async list(): Promise<ClusterView> {
    const nodes = await this.membership.live();
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
