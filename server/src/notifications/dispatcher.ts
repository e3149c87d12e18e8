// The outbox's sending side. Each pass claims due items with a lease (one node sends each
// item, whatever the size of the cluster), sends them, and records the attempt with the
// item's new state in one transaction: sent, or due again after a backoff with jitter, or
// dead after the last attempt. An item is never sent again once marked sent; the one gap is
// a node that dies after the far end answered and before it marked the item: when its lease
// runs out the item is sent again, with the same webhook-id, so that receivers drop the repeat.
// Passes run when nudged (right after a cause's transaction wrote items) and on a poll; a
// retention sweep drops finished items after a bounded time.
import type { Log } from '../platform/log.ts';
import type { NotificationOutboxRepository, OutboxRecord } from '../repositories/notification-outbox.repository.ts';
import type { Transactor } from '../repositories/transactor.ts';
import { retryDelayMs, type RetryPolicy } from './retry-policy.ts';
import type { NotificationSender, SendResult } from './senders.ts';
import { aloneInCluster, type OnceInCluster } from '../cluster/once-in-cluster.ts';

export interface DispatcherOptions {
  nodeId: string;
  pollMs: number;
  leaseMs: number;
  batch: number;
  retry: RetryPolicy;
  retentionMs: number;
  retentionSweepMs: number;
}

export interface DispatcherDeps {
  outbox: NotificationOutboxRepository;
  tx: Transactor;
  sender: NotificationSender;
  log: Log;
  /** The retention sweep runs on one node at a time (default: this node alone). */
  onceInCluster?: OnceInCluster;
  now?: () => Date;
  random?: () => number;
}

/** After a nudge, a pass soon (the cause's transaction commits meanwhile) and one a little later (a slower commit on PostgreSQL). */
const NUDGE_DELAYS_MS = [15, 300];

export class NotificationDispatcher {
  readonly #timers = new Set<NodeJS.Timeout>();
  #poll: NodeJS.Timeout | undefined;
  #sweep: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = true;
  private readonly now: () => Date;

  constructor(
    private readonly deps: DispatcherDeps,
    private readonly options: DispatcherOptions,
  ) {
    this.now = deps.now ?? (() => new Date());
  }

  start(): void {
    this.#stopped = false;
    this.#poll = setInterval(() => this.#kick(), this.options.pollMs);
    this.#poll.unref();
    this.#sweep = setInterval(() => this.#sweepSafely(), this.options.retentionSweepMs);
    this.#sweep.unref();
    // What a previous run left (a crash between commit and send) goes out now.
    this.#kick();
    this.#sweepSafely();
  }

  /** Items were written: send them as soon as their transaction has committed. */
  nudge(): void {
    if (this.#stopped) return;
    for (const ms of NUDGE_DELAYS_MS) {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        this.#kick();
      }, ms);
      timer.unref();
      this.#timers.add(timer);
    }
  }

  /** Stops the timers and waits for the pass under way (its items are marked before the database closes). */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#poll);
    clearInterval(this.#sweep);
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    await this.#running;
  }

  /** One pass now, or another right after the one under way. */
  #kick(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#passes()
      .catch((err: unknown) => this.deps.log.error({ err }, 'notification dispatch failed'))
      .finally(() => (this.#running = undefined));
  }

  async #passes(): Promise<void> {
    do {
      this.#again = false;
      while (!this.#stopped && (await this.runOnce()) === this.options.batch);
    } while (this.#again && !this.#stopped);
  }

  /** Claims and sends one batch; answers how many items it claimed. */
  async runOnce(): Promise<number> {
    const now = this.now();
    const claimed = await this.deps.outbox.claimDue(this.options.nodeId, now, new Date(now.getTime() + this.options.leaseMs), this.options.batch);
    await Promise.all(claimed.map((item) => this.#deliver(item)));
    return claimed.length;
  }

  async #deliver(item: OutboxRecord): Promise<void> {
    const started = this.now();
    let result: SendResult;
    try {
      result = await this.deps.sender.send(item);
    } catch (err) {
      result = { ok: false, statusCode: null, answer: null, error: err instanceof Error ? err.message : String(err) };
    }
    const at = this.now();
    const attempt = { outboxId: item.id, at, outcome: result.ok ? ('sent' as const) : ('failed' as const), statusCode: result.statusCode, answer: result.answer, error: result.error, durationMs: at.getTime() - started.getTime() };
    const delay = result.ok ? null : retryDelayMs(item.attempts, this.options.retry, this.deps.random);
    await this.deps.tx.run(async (ex) => {
      const marked = result.ok
        ? await this.deps.outbox.markSent(item.id, this.options.nodeId, at, ex)
        : await this.deps.outbox.markFailed(item.id, this.options.nodeId, delay === null ? null : new Date(at.getTime() + delay), ex);
      // A lease that ran out meanwhile went to another node: its attempt is the one that counts.
      if (marked) await this.deps.outbox.addAttempt(attempt, ex);
      else this.deps.log.warn({ outboxId: item.id }, 'a notification lease ran out while sending');
    });
    if (!result.ok) this.deps.log.info({ outboxId: item.id, attempts: item.attempts, error: result.error, dead: delay === null }, 'a notification was not delivered');
  }

  #sweepSafely(): void {
    const before = new Date(this.now().getTime() - this.options.retentionMs);
    const once = this.deps.onceInCluster ?? aloneInCluster;
    once('notification-retention', this.options.retentionSweepMs, () => this.deps.outbox.deleteFinishedBefore(before)).catch((err: unknown) =>
      this.deps.log.error({ err }, 'the notification retention sweep failed'),
    );
  }
}
