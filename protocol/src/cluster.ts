// GET /api/v1/cluster: the live nodes of the cluster (one node alone lists itself).
import { z } from 'zod';

export const clusterNodeViewSchema = z.object({
  id: z.string(),
  region: z.string(),
  publicUrl: z.string(),
  version: z.string(),
  startedAt: z.iso.datetime(),
  /** The node's last heartbeat. */
  lastSeenAt: z.iso.datetime(),
  /** Agents connected to the node, and remote sessions live on it, at its last heartbeat. */
  agents: z.number().int().nonnegative(),
  sessions: z.number().int().nonnegative(),
});
export type ClusterNodeView = z.infer<typeof clusterNodeViewSchema>;

export const clusterViewSchema = z.object({ nodes: z.array(clusterNodeViewSchema) });
export type ClusterView = z.infer<typeof clusterViewSchema>;
