// The bus between the parts of one node, and between nodes when NATS is configured.
// Events are the protocol's BusEvent union: plain JSON values with a `type`, parsed by whoever
// receives them. Handlers must not throw; a handler may take every event or only some types.
import { decodeBusEvent, encodeBusEvent, type BusEvent, type BusEventOf, type BusEventType } from '@roomwarden/protocol';

export type { BusEvent, BusEventOf, BusEventType };

/** Where a delivered event was published: on this node, or (over NATS) on another one. */
export interface BusDelivery {
  local: boolean;
}

export type BusHandler<E extends BusEvent = BusEvent> = (event: E, delivery: BusDelivery) => void | Promise<void>;

export interface EventBus {
  /** Delivers the event to every subscriber; throws EventParseError when it is not a valid bus event. */
  publish(event: BusEvent): Promise<void>;
  /** Every event, or (with `types`) only those, narrowed to their types. Returns the unsubscribe. */
  subscribe(handler: BusHandler): () => void;
  subscribe<T extends BusEventType>(types: readonly T[], handler: BusHandler<BusEventOf<T>>): () => void;
  close(): Promise<void>;
}

const LOCAL: BusDelivery = Object.freeze({ local: true });

/** The bus of one node. Each event goes through the encoding another node would receive, so
 * what works here works over NATS: subscribers get the parsed copy, never the publisher's object. */
export class LocalEventBus implements EventBus {
  readonly #handlers = new Set<BusHandler>();
  constructor(private readonly onHandlerError: (err: unknown, event: BusEvent) => void) {}

  async publish(event: BusEvent): Promise<void> {
    await this.deliver(decodeBusEvent(encodeBusEvent(event)), LOCAL);
  }

  /** Hands a parsed event to every handler, in subscription order, each awaited; a failing handler is reported, the next still runs. */
  protected async deliver(received: BusEvent, delivery: BusDelivery): Promise<void> {
    for (const h of [...this.#handlers]) {
      try {
        await h(received, delivery);
      } catch (err) {
        this.onHandlerError(err, received);
      }
    }
  }

  subscribe(handler: BusHandler): () => void;
  subscribe<T extends BusEventType>(types: readonly T[], handler: BusHandler<BusEventOf<T>>): () => void;
  subscribe<T extends BusEventType>(typesOrHandler: readonly T[] | BusHandler, typed?: BusHandler<BusEventOf<T>>): () => void {
    let h: BusHandler;
    if (typeof typesOrHandler === 'function') h = typesOrHandler;
    else {
      const types = new Set<BusEventType>(typesOrHandler);
      const wanted = (e: BusEvent): e is BusEventOf<T> => types.has(e.type);
      h = (e, d) => (typed && wanted(e) ? typed(e, d) : undefined);
    }
    this.#handlers.add(h);
    return () => this.#handlers.delete(h);
  }

  async close(): Promise<void> {
    this.#handlers.clear();
  }
}
