// What agents tell the server that other modules listen for (session events, room action
// results): each handler called in turn; one that throws is logged and the rest still run.
import type { Log } from '../platform/log.ts';

export class FanOut<T> {
  readonly #handlers = new Set<(value: T) => void>();

  /** `describe` names the value in the log line of a failed handler. */
  constructor(
    private readonly log: Log,
    private readonly what: string,
    private readonly describe: (value: T) => Record<string, unknown>,
  ) {}

  /** Adds a handler; returns its removal. */
  on(handler: (value: T) => void): () => void {
    this.#handlers.add(handler);
    return () => this.#handlers.delete(handler);
  }

  emit(value: T): void {
    for (const h of [...this.#handlers]) {
      try {
        h(value);
      } catch (err) {
        this.log.error({ err, ...this.describe(value) }, `${this.what} handler failed`);
      }
    }
  }
}
