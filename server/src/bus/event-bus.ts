// The bus between the parts of one node, and between nodes when NATS is configured.
// Events are small JSON values with a `type`; handlers must not throw.
export type BusEvent =
  | { type: 'remoteAccess.disabled'; by: string }
  | { type: 'settings.changed'; key: string }
  | { type: string; [k: string]: unknown };

export type BusHandler = (event: BusEvent) => void | Promise<void>;

export interface EventBus {
  publish(event: BusEvent): Promise<void>;
  subscribe(handler: BusHandler): () => void;
  close(): Promise<void>;
}

export class LocalEventBus implements EventBus {
  readonly #handlers = new Set<BusHandler>();
  constructor(private readonly onHandlerError: (err: unknown, event: BusEvent) => void) {}

  async publish(event: BusEvent): Promise<void> {
    for (const h of [...this.#handlers]) {
      try {
        await h(event);
      } catch (err) {
        this.onHandlerError(err, event);
      }
    }
  }

  subscribe(handler: BusHandler): () => void {
    this.#handlers.add(handler);
    return () => this.#handlers.delete(handler);
  }

  async close(): Promise<void> {
    this.#handlers.clear();
  }
}
