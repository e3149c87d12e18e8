// The cluster (issue 12): membership (every node, so one node alone lists itself), and in
// cluster mode (NATS_URL) the holder of each room's agent and the once-only sweep under its
// lease. Built before the fleet (its gateway records holders); what it asks of the modules
// built after it (counts, the gateway's watch, ending a lost node's sessions) it takes as functions.
import { ClusterService } from '../cluster/cluster.service.ts';
import { ClusterSweep } from '../cluster/cluster-sweep.ts';
import { Membership } from '../cluster/membership.ts';
import { databaseAgentHolders, type AgentHolders } from '../gateway/agent-holders.ts';
import { ClusterRepository } from '../repositories/cluster.repository.ts';
import { clusterRoutes } from '../routes/cluster.routes.ts';
import type { Infrastructure } from './infrastructure.ts';
import type { FeatureModule } from './module.ts';

export const SERVER_VERSION = '0.1.0';

export interface ClusterNeeds {
  counts: () => { agents: number; sessions: number };
  watch: (room: { id: string; name: string; siteId: string | null; status: string }, lastSeenAt: number) => void;
  endSessionsOf: (nodeId: string) => Promise<number>;
}

export function clusterModule(infra: Infrastructure, needs: ClusterNeeds) {
  const { config, db, controlDb, log } = infra;
  const repo = new ClusterRepository(db);
  // Heartbeats, the live list and the sweep's lease on connections of their own: a node whose
  // main pool is busy (thousands of rooms going offline at once) still beats in time.
  const control = new ClusterRepository(controlDb);
  const inCluster = config.natsUrl !== undefined;
  const membership = new Membership({
    repo: control,
    node: { id: config.nodeId, region: config.region, publicUrl: config.publicUrl, version: SERVER_VERSION },
    heartbeatMs: config.timings.clusterHeartbeatMs,
    counts: needs.counts,
    log,
  });
  const holders: AgentHolders | undefined = inCluster ? databaseAgentHolders(repo, config.nodeId) : undefined;
  const sweep = inCluster
    ? new ClusterSweep({ repo: control, nodeId: config.nodeId, sweepMs: config.timings.clusterSweepMs, goneAfterMs: membership.goneAfterMs, watch: needs.watch, endSessionsOf: needs.endSessionsOf, log })
    : undefined;
  const module: FeatureModule = {
    routes: [clusterRoutes(new ClusterService({ nodes: repo, goneAfterMs: membership.goneAfterMs }))],
    start: async () => {
      await membership.start();
      sweep?.start();
    },
  };
  return {
    module,
    repo,
    membership,
    sweep,
    holders,
    /** For welcome: this region's live gateways (cluster mode only). */
    liveGateways: inCluster ? () => membership.regionGateways() : undefined,
    async stop(): Promise<void> {
      await sweep?.stop();
      await membership.stop();
    },
  };
}
