// The tables of a cluster (migrations 0013 and 0014): nodes, leases, one-time tickets and
// sign-in failures, which every node must see the same.
import type { Generated } from 'kysely';
import type { Timestamp } from './schema.ts';

/** Issue 12: one row per node of the cluster, its heartbeat and counts. */
export interface ClusterNodesTable {
  id: string;
  region: string;
  public_url: string;
  version: string;
  started_at: Date;
  last_seen_at: Date;
  agents: Generated<number>;
  sessions: Generated<number>;
  stopped_at: Date | null;
}

/** Issue 12: work that runs on one node at a time. */
export interface ClusterLeasesTable {
  name: string;
  holder: string;
  expires_at: Date;
}

// ---- 0014 cluster-wide state (issue 12)
export interface SessionTicketsTable {
  hash: string;
  session_id: string;
  side: 'viewer' | 'agent';
  observer_id: string | null;
  expires_at: Timestamp;
}

export interface SignInFailuresTable {
  id: Generated<string>;
  scope: string;
  key: string;
  at: Timestamp;
}
