// The bus of a cluster node: the same typed events as LocalEventBus, also carried to every
// other node over NATS (core publish/subscribe, no JetStream: live events are not replayed).
//
// Delivery model (bus/README.md):
// - publish() delivers to this node's handlers first, awaiting each, exactly as LocalEventBus
//   does (so code that relies on that ordering keeps it), then publishes the encoded event on
//   `roomwarden.events.<type>` with this node's id in the `Rw-Origin` header.
// - every node subscribes to `roomwarden.events.>`; a message whose origin is this node is
//   skipped (already delivered locally), any other is parsed with decodeBusEvent and delivered
//   with `{local: false}`, one message at a time in arrival order. A message that does not
//   parse is logged (EventParseError's code) and dropped; it never reaches a handler.
// - NATS down: local delivery goes on; what this node publishes meanwhile is buffered by the
//   client (its reconnect buffer) and sent on reconnect, or lost past it; /readyz says 503.
// Commands to one node (a later "open a session on the node that holds the agent") fit
// beside this as `roomwarden.node.<nodeId>.<command>` request/reply subjects: see README.md.
import { connect, headers, type NatsConnection, type Msg } from '@nats-io/transport-node';
import { decodeBusEvent, encodeBusEvent, EventParseError, type BusEvent } from '@roomwarden/protocol';
import type { Log } from '../platform/log.ts';
import { LocalEventBus, type BusDelivery } from './event-bus.ts';

export const EVENTS_SUBJECT_PREFIX = 'roomwarden.events';
export const ORIGIN_HEADER = 'Rw-Origin';
const REMOTE: BusDelivery = Object.freeze({ local: false });

export interface NatsBusOptions {
  url: string;
  nodeId: string;
  log: Log;
  onHandlerError: (err: unknown, event: BusEvent) => void;
  /** Milliseconds between reconnect attempts (tests shorten it). */
  reconnectTimeWaitMs?: number;
}

/** What /readyz asks of the bus: whether it reaches the other nodes, and if not why. */
export interface BusHealth {
  problem(): string | undefined;
}

export class NatsEventBus extends LocalEventBus implements BusHealth {
  #remoteQueue: Promise<void> = Promise.resolve();
  #problem: string | undefined;
  #closed = false;
  readonly stats = { published: 0, received: 0, dropped: 0 };

  private constructor(
    private readonly nc: NatsConnection,
    private readonly opts: NatsBusOptions,
  ) {
    super(opts.onHandlerError);
  }

  /** The node's NATS connection, which the node channel (cluster/nats-node-channel.ts) shares. */
  get connection(): NatsConnection {
    return this.nc;
  }

  /** Connects (failing at once when NATS cannot be reached at start), then reconnects by itself for ever. */
  static async connect(opts: NatsBusOptions): Promise<NatsEventBus> {
    let nc: NatsConnection;
    try {
      nc = await connect({ servers: opts.url, name: `roomwarden ${opts.nodeId}`, maxReconnectAttempts: -1, reconnectTimeWait: opts.reconnectTimeWaitMs ?? 1_000, pingInterval: 10_000 });
    } catch (err) {
      throw new Error(`Cannot reach NATS at ${opts.url} (NATS_URL): ${(err as Error).message}`, { cause: err });
    }
    const bus = new NatsEventBus(nc, opts);
    bus.#listen();
    return bus;
  }

  override async publish(event: BusEvent): Promise<void> {
    const text = encodeBusEvent(event);
    await this.deliver(decodeBusEvent(text), { local: true });
    if (this.#closed) return;
    const h = headers();
    h.set(ORIGIN_HEADER, this.opts.nodeId);
    try {
      this.nc.publish(`${EVENTS_SUBJECT_PREFIX}.${event.type}`, text, { headers: h });
      this.stats.published++;
    } catch (err) {
      // Closed or draining: this node is stopping; local delivery already happened.
      this.opts.log.warn({ err, event: event.type }, 'bus event not sent to other nodes');
    }
  }

  problem(): string | undefined {
    return this.#problem;
  }

  override async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.nc.drain();
    } catch (err) {
      this.opts.log.warn({ err }, 'NATS drain failed');
    }
    await this.#remoteQueue;
    await super.close();
  }

  #listen(): void {
    this.nc.subscribe(`${EVENTS_SUBJECT_PREFIX}.>`, {
      callback: (err, msg) => {
        if (err) {
          this.opts.log.error({ err }, 'NATS subscription error');
          return;
        }
        this.#onMessage(msg);
      },
    });
    void this.#watchStatus();
  }

  #onMessage(msg: Msg): void {
    if (msg.headers?.get(ORIGIN_HEADER) === this.opts.nodeId) return;
    let event: BusEvent;
    try {
      event = decodeBusEvent(msg.string());
    } catch (err) {
      if (!(err instanceof EventParseError)) throw err;
      this.stats.dropped++;
      this.opts.log.warn({ code: err.code, subject: msg.subject, origin: msg.headers?.get(ORIGIN_HEADER), reason: err.message }, 'bus message from NATS dropped: not a valid bus event');
      return;
    }
    this.stats.received++;
    this.#remoteQueue = this.#remoteQueue.then(() => this.deliver(event, REMOTE));
  }

  async #watchStatus(): Promise<void> {
    for await (const s of this.nc.status()) {
      if (s.type === 'disconnect' || s.type === 'reconnecting') {
        if (this.#problem === undefined) this.opts.log.warn({ server: this.opts.url }, 'NATS connection lost; reconnecting');
        this.#problem = `NATS unreachable (${this.opts.url}); reconnecting`;
      } else if (s.type === 'reconnect') {
        this.opts.log.info({ server: this.opts.url }, 'NATS connection back');
        this.#problem = undefined;
      } else if (s.type === 'close') {
        if (!this.#closed) this.#problem = 'NATS connection closed';
      }
    }
  }
}
