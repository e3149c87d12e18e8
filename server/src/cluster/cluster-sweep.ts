// Once-only work of a cluster, run by the node that holds the `cluster-sweep` lease (one
// conditional UPDATE decides: expired or already mine). Each period, the holder:
// - adopts the rooms not offline whose holder node is gone (or that no node holds): the
//   rooms are taken with one conditional UPDATE per holder they were seen with, so however
//   many nodes tried, one adopts each; its gateway then watches the room through the ordinary path
//   (AgentGateway.watch → sweep → HealthService.offline), so a room whose agent did not come
//   back within the offline window from its last heartbeat goes offline with its incident,
//   events and notification exactly as on one node, and one whose agent reconnected
//   elsewhere is let go without any;
// - ends the remote sessions of gone nodes (`node_lost`, lost-node-sessions.ts), when wired.
// Work the lease holder does not finish is done by the next holder: each step is idempotent.
import type { Log } from '../platform/log.ts';
import type { ClusterRepository, OrphanedRoom } from '../repositories/cluster.repository.ts';

export const CLUSTER_SWEEP_LEASE = 'cluster-sweep';
/** Rooms read and adopted per statement, and batches per period at most (the next period takes the rest). */
const ADOPT_BATCH = 2_000;
const ADOPT_BATCHES_PER_PASS = 10;

export interface ClusterSweepDeps {
  repo: Pick<ClusterRepository, 'acquireLease' | 'releaseLease' | 'orphaned' | 'adoptAll' | 'goneWithOpenSessions'>;
  nodeId: string;
  sweepMs: number;
  goneAfterMs: number;
  /** Hands an adopted room to this node's gateway. */
  watch: (room: { id: string; name: string; siteId: string | null; status: string }, lastSeenAt: number) => void;
  /** Ends the open sessions of a gone node; answers how many it ended. */
  endSessionsOf?: (nodeId: string) => Promise<number>;
  log: Log;
  now?: () => number;
  /** Rooms per adoption statement (default ADOPT_BATCH; tests use a few). */
  adoptBatch?: number;
}

export class ClusterSweep {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #holding = false;
  readonly stats = { passes: 0, adopted: 0, sessionsEnded: 0 };

  constructor(private readonly deps: ClusterSweepDeps) {}

  start(): void {
    this.#timer = setInterval(() => void this.pass(), this.deps.sweepMs);
    this.#timer.unref();
  }

  get holdsLease(): boolean {
    return this.#holding;
  }

  /** One period: take or renew the lease; if this node holds it, do the work. Never throws. */
  pass(): Promise<void> {
    this.#running ??= this.#pass()
      .catch((err: unknown) => this.deps.log.error({ err }, 'cluster sweep failed'))
      .finally(() => (this.#running = undefined));
    return this.#running;
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
    if (this.#holding) await this.deps.repo.releaseLease(CLUSTER_SWEEP_LEASE, this.deps.nodeId);
    this.#holding = false;
  }

  async #pass(): Promise<void> {
    // The lease outlives a few periods, so a holder that stalls once keeps it; one that dies loses it.
    const holding = await this.deps.repo.acquireLease(CLUSTER_SWEEP_LEASE, this.deps.nodeId, this.deps.sweepMs * 3);
    if (holding !== this.#holding) this.deps.log.info({ nodeId: this.deps.nodeId }, holding ? 'cluster sweep lease taken' : 'cluster sweep lease lost');
    this.#holding = holding;
    if (!holding) return;
    this.stats.passes++;
    const batchSize = this.deps.adoptBatch ?? ADOPT_BATCH;
    for (let batch = 0; batch < ADOPT_BATCHES_PER_PASS; batch++) {
      const orphaned = await this.deps.repo.orphaned(this.deps.goneAfterMs, batchSize);
      // A short batch was the last; one of which nothing was taken (its agents came back meanwhile) ends the pass early: the next period goes on.
      if ((await this.#adopt(orphaned)) === 0 || orphaned.length < batchSize) break;
    }
    if (this.deps.endSessionsOf) {
      for (const node of await this.deps.repo.goneWithOpenSessions(this.deps.goneAfterMs)) {
        const ended = await this.deps.endSessionsOf(node);
        this.stats.sessionsEnded += ended;
        if (ended > 0) this.deps.log.warn({ lostNode: node, ended }, 'sessions of a lost node ended (node_lost)');
      }
    }
  }

  /** Answers how many of the rooms this node took. */
  async #adopt(orphaned: OrphanedRoom[]): Promise<number> {
    if (orphaned.length === 0) return 0;
    const taken = await this.deps.repo.adoptAll(orphaned, this.deps.nodeId);
    const now = (this.deps.now ?? Date.now)();
    const from = new Set<string | null>();
    for (const room of orphaned) {
      if (!taken.has(room.id)) continue;
      from.add(room.holder);
      this.deps.watch({ id: room.id, name: room.name, siteId: room.siteId, status: room.status }, room.lastSeenAt?.getTime() ?? now);
    }
    this.stats.adopted += taken.size;
    if (taken.size > 0) this.deps.log.info({ rooms: taken.size, from: [...from] }, 'rooms adopted from gone nodes; each goes offline unless its agent returns in the window');
    return taken.size;
  }
}
