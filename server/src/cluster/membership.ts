// Membership: this node announces itself in cluster_nodes with a heartbeat every
// `clusterHeartbeatMs` (its region, public URL, version, agent and session counts); a clean
// stop marks it stopped; a node whose heartbeat is older than three periods is gone.
// GET /api/v1/cluster lists the live nodes; welcome lists the live gateways of the region.
import type { Log } from '../platform/log.ts';
import type { ClusterNodeRecord, ClusterRepository } from '../repositories/cluster.repository.ts';

/** A node is gone after this many missed heartbeats. */
export const MISSED_HEARTBEATS_GONE = 3;

export interface MembershipDeps {
  repo: Pick<ClusterRepository, 'heartbeat' | 'markStopped' | 'live'>;
  node: { id: string; region: string; publicUrl: string; version: string };
  heartbeatMs: number;
  /** This node's counts, read at each heartbeat. */
  counts: () => { agents: number; sessions: number };
  log: Log;
}

export class Membership {
  readonly #startedAt = new Date();
  #timer: NodeJS.Timeout | undefined;
  #regionGateways: string[] = [];
  #beating: Promise<void> | undefined;

  constructor(private readonly deps: MembershipDeps) {}

  get goneAfterMs(): number {
    return this.deps.heartbeatMs * MISSED_HEARTBEATS_GONE;
  }

  /** The first heartbeat is written before the node says it is ready. */
  async start(): Promise<void> {
    await this.beat();
    this.#timer = setInterval(() => void this.beat(), this.deps.heartbeatMs);
    this.#timer.unref();
  }

  /** One heartbeat, then the region's live gateways are read again; a failure is logged and the next period tries again. */
  beat(): Promise<void> {
    this.#beating ??= (async () => {
      try {
        await this.deps.repo.heartbeat({ ...this.deps.node, startedAt: this.#startedAt, ...this.deps.counts() });
        const live = await this.live();
        this.#regionGateways = live.filter((n) => n.region === this.deps.node.region).map((n) => gatewayUrlOf(n.publicUrl));
      } catch (err) {
        this.deps.log.error({ err }, 'cluster heartbeat failed');
      }
    })().finally(() => (this.#beating = undefined));
    return this.#beating;
  }

  live(): Promise<ClusterNodeRecord[]> {
    return this.deps.repo.live(this.goneAfterMs);
  }

  /** The control-connection URLs of this region's live nodes, as of the last heartbeat (this node's own first). */
  regionGateways(): readonly string[] {
    const own = gatewayUrlOf(this.deps.node.publicUrl);
    return [own, ...this.#regionGateways.filter((u) => u !== own)];
  }

  /** A clean stop: the node leaves the list at once instead of after its missed heartbeats. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#beating;
    await this.deps.repo.markStopped(this.deps.node.id);
  }
}

/** The agents' WebSocket endpoint of a node. */
export function gatewayUrlOf(publicUrl: string): string {
  return `${publicUrl.replace(/^http/, 'ws')}/api/v1/agent/connect`;
}
