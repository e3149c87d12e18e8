// The live events of one node (GET /api/v1/events as an Administrator), kept with the time
// each arrived: the benchmark times a room's change at an agent on one node until another
// node's browser stream shows it.
import { readSseBlocks } from '@roomwarden/protocol';

export interface SeenEvent {
  event: string;
  roomId?: string;
  status?: string;
  at: number;
}

export class SseWatch {
  readonly seen: SeenEvent[] = [];
  readonly #abort = new AbortController();
  readonly #waiters = new Set<() => void>();
  readonly ready: Promise<void>;

  constructor(base: string, headers: Record<string, string>, keep: (event: string) => boolean) {
    this.ready = (async () => {
      const res = await fetch(`${base}/api/v1/events`, { headers: { cookie: headers.cookie ?? '' }, signal: this.#abort.signal });
      if (!res.ok || !res.body) throw new Error(`GET /events on ${base}: ${res.status}`);
      readSseBlocks(res.body, this.#abort.signal, (b) => {
        if (!b.event || !keep(b.event)) return;
        const data = JSON.parse(b.data ?? '{}') as { roomId?: string; status?: string };
        this.seen.push({ event: b.event, ...(data.roomId ? { roomId: data.roomId } : {}), ...(data.status ? { status: data.status } : {}), at: Date.now() });
        for (const w of this.#waiters) w();
      }).catch((err: unknown) => process.stderr.write(`the event stream of ${base} broke: ${String(err)}\n`));
    })();
  }

  /** Resolves with the first event from index `from` on that matches, or rejects after `timeoutMs`. */
  waitFor(match: (e: SeenEvent) => boolean, from: number, timeoutMs: number): Promise<SeenEvent> {
    return new Promise((resolve, reject) => {
      let at = from;
      const check = () => {
        for (; at < this.seen.length; at++) {
          const e = this.seen[at] as SeenEvent;
          if (match(e)) {
            done();
            resolve(e);
            return;
          }
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no matching event within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      this.#waiters.add(check);
      check();
    });
  }

  close(): void {
    this.#abort.abort();
  }
}
