// Refused sign-ins, audited as a few summarised entries rather than one per attempt (a
// burst of 300 attempts would otherwise write 300 hash-chained entries). Per key (the
// account and address of an account backoff, or the address over its failure limit) and
// window: the first refusal is audited at once; the rest are counted and written as one
// summary when the window has closed, found at the next attempt (`due`), or on `drain`.
//
// Per node by design (issue 12): the refusals themselves are decided from the failures in
// the database (login-throttle.ts), the same on every node; this only decides how many
// audit entries describe the refusals this node answered. Each node's first entry and
// summary are correct for what it saw, so a burst spread over three nodes is at most three
// first entries and three summaries, not one: nothing is lost or double-counted.
export interface RefusalSummary<C> {
  key: string;
  caller: C;
  details: Record<string, unknown>;
  refusedAttempts: number;
  firstAt: Date;
  lastAt: Date;
}

interface Window<C> {
  caller: C;
  details: Record<string, unknown>;
  openedAt: number;
  lastAt: number;
  counted: number;
}

export class RefusalAudit<C> {
  readonly #windows = new Map<string, Window<C>>();
  constructor(
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Notes a refusal; true when it opens a window and is to be audited now. */
  refused(key: string, caller: C, details: Record<string, unknown>): boolean {
    const w = this.#windows.get(key);
    const now = this.now();
    if (w && now - w.openedAt < this.windowMs) {
      w.counted++;
      w.lastAt = now;
      w.details = details;
      return false;
    }
    this.#windows.set(key, { caller, details, openedAt: now, lastAt: now, counted: 0 });
    return true;
  }

  /** Takes the summaries of windows that have closed (with counted refusals). */
  due(): RefusalSummary<C>[] {
    const now = this.now();
    return this.#take((w) => now - w.openedAt >= this.windowMs);
  }

  /** Takes every summary, closed or not (shutdown, tests). */
  drain(): RefusalSummary<C>[] {
    return this.#take(() => true);
  }

  #take(closed: (w: Window<C>) => boolean): RefusalSummary<C>[] {
    const out: RefusalSummary<C>[] = [];
    for (const [key, w] of this.#windows) {
      if (!closed(w)) continue;
      this.#windows.delete(key);
      if (w.counted > 0) out.push({ key, caller: w.caller, details: w.details, refusedAttempts: w.counted, firstAt: new Date(w.openedAt), lastAt: new Date(w.lastAt) });
    }
    return out;
  }
}
