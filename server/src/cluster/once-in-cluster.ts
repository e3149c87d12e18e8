// Periodic work that must run on one node at a time (the retention sweeps: finished
// notifications, expired session tickets): in a cluster a node does it only while it holds
// the work's lease in `cluster_leases` (taken or renewed by one conditional UPDATE, so two
// nodes never both hold it; a holder that dies loses it after three periods). One node alone
// always does it.
import type { ClusterRepository } from '../repositories/cluster.repository.ts';

/** Runs `work` if this node is the one to do the periodic work named `lease` (every `periodMs`). */
export type OnceInCluster = (lease: string, periodMs: number, work: () => Promise<unknown>) => Promise<void>;

export const aloneInCluster: OnceInCluster = async (_lease, _periodMs, work) => {
  await work();
};

export function underLease(repo: Pick<ClusterRepository, 'acquireLease'>, nodeId: string): OnceInCluster {
  return async (lease, periodMs, work) => {
    if (await repo.acquireLease(lease, nodeId, periodMs * 3)) await work();
  };
}
