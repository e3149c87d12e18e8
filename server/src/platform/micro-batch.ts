// Many callers' one-key reads or writes as one statement: the keys asked for in one turn of
// the event loop go together, and while a batch's statement runs, the keys that arrive wait
// for the next one, which takes them all (up to `maxKeys`). With one caller at a time
// nothing waits longer than that turn (the statement carries one key); under a
// burst (thousands of agents reconnecting to a survivor) each statement carries hundreds of
// keys instead of each key its own round trip and pool connection.
export interface MicroBatchOptions {
  /** Keys per statement at most; the rest go in the next. */
  maxKeys?: number;
  /** Statements in flight at once (each with its own keys). */
  concurrency?: number;
}

interface Waiting<V> {
  resolve: (value: V | undefined) => void;
  reject: (err: unknown) => void;
}

export class MicroBatch<K, V> {
  readonly #pending = new Map<K, Array<Waiting<V>>>();
  readonly #maxKeys: number;
  readonly #concurrency: number;
  #running = 0;
  #scheduled = false;
  readonly stats = { statements: 0, keys: 0 };

  /** `run` answers the value of each key it found (a missing key answers undefined). */
  constructor(
    private readonly run: (keys: K[]) => Promise<ReadonlyMap<K, V> | void>,
    options: MicroBatchOptions = {},
  ) {
    this.#maxKeys = options.maxKeys ?? 500;
    this.#concurrency = options.concurrency ?? 1;
  }

  /** The key's value (or undefined), or the batch's error. The same key twice in one batch is read once. */
  load(key: K): Promise<V | undefined> {
    return new Promise<V | undefined>((resolve, reject) => {
      const waiting = this.#pending.get(key);
      if (waiting) waiting.push({ resolve, reject });
      else this.#pending.set(key, [{ resolve, reject }]);
      if (this.#scheduled) return;
      this.#scheduled = true;
      setImmediate(() => {
        this.#scheduled = false;
        this.#next();
      });
    });
  }

  #next(): void {
    while (this.#running < this.#concurrency && this.#pending.size > 0) {
      const batch = new Map<K, Array<Waiting<V>>>();
      for (const [key, waiting] of this.#pending) {
        if (batch.size >= this.#maxKeys) break;
        batch.set(key, waiting);
      }
      for (const key of batch.keys()) this.#pending.delete(key);
      this.#running++;
      this.stats.statements++;
      this.stats.keys += batch.size;
      void this.#settle(batch);
    }
  }

  async #settle(batch: Map<K, Array<Waiting<V>>>): Promise<void> {
    try {
      const found = await this.run([...batch.keys()]);
      for (const [key, waiting] of batch) for (const w of waiting) w.resolve(found?.get(key));
    } catch (err) {
      for (const waiting of batch.values()) for (const w of waiting) w.reject(err);
    } finally {
      this.#running--;
      this.#next();
    }
  }
}
