// One-time tickets for the two sides of a remote session. A ticket is 32 random bytes;
// only its SHA-256 is kept (in memory: the ticket is redeemed on the node that issued it,
// the one that holds the viewer). A ticket works once, only for its session and side,
// and only before it expires; presenting it for the wrong session or side uses it up.
// A caller that must check something else first (the viewer's owner) asks `check`, which
// spends nothing, so a refusal for a reason outside the ticket leaves it to its owner.
import { randomSecret, sha256Hex } from '../secrets/random-secrets.ts';

export type TicketSide = 'viewer' | 'agent';

export interface IssuedTicket {
  ticket: string;
  expiresAt: Date;
}

/** A ticket's verdict; an observer's ticket (one pair of its own per observer) says whose it is. */
export type RedeemResult = { ok: true; observerId?: string } | { ok: false; why: 'unknown' | 'expired' | 'wrong_session' | 'wrong_side' };

interface Entry {
  sessionId: string;
  side: TicketSide;
  expiresAt: number;
  observerId: string | undefined;
}

export class TicketStore {
  readonly #byHash = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** A ticket for one side of a session: its controller's, or (with `observerId`) that observer's. */
  issue(sessionId: string, side: TicketSide, observerId?: string): IssuedTicket {
    const ticket = randomSecret(32);
    const expiresAt = this.now() + this.ttlMs;
    this.#byHash.set(sha256Hex(ticket), { sessionId, side, expiresAt, observerId });
    return { ticket, expiresAt: new Date(expiresAt) };
  }

  /** Whether `redeem` would succeed now; spends nothing. */
  check(ticket: string, sessionId: string, side: TicketSide): RedeemResult {
    const entry = this.#byHash.get(sha256Hex(ticket));
    return entry ? this.#verdict(entry, sessionId, side) : { ok: false, why: 'unknown' };
  }

  redeem(ticket: string, sessionId: string, side: TicketSide): RedeemResult {
    const hash = sha256Hex(ticket);
    const entry = this.#byHash.get(hash);
    if (!entry) return { ok: false, why: 'unknown' };
    this.#byHash.delete(hash);
    return this.#verdict(entry, sessionId, side);
  }

  #verdict(entry: Entry, sessionId: string, side: TicketSide): RedeemResult {
    if (entry.expiresAt <= this.now()) return { ok: false, why: 'expired' };
    if (entry.sessionId !== sessionId) return { ok: false, why: 'wrong_session' };
    if (entry.side !== side) return { ok: false, why: 'wrong_side' };
    return entry.observerId === undefined ? { ok: true } : { ok: true, observerId: entry.observerId };
  }

  /** Forgets the tickets of one observer (they left). */
  revokeObserver(observerId: string): void {
    for (const [hash, e] of this.#byHash) if (e.observerId === observerId) this.#byHash.delete(hash);
  }

  /** Forgets every ticket of a session (it ended). */
  revokeSession(sessionId: string): void {
    for (const [hash, e] of this.#byHash) if (e.sessionId === sessionId) this.#byHash.delete(hash);
  }

  /** Drops expired tickets; returns how many. */
  sweep(): number {
    const now = this.now();
    let n = 0;
    for (const [hash, e] of this.#byHash) {
      if (e.expiresAt <= now) {
        this.#byHash.delete(hash);
        n++;
      }
    }
    return n;
  }

  get size(): number {
    return this.#byHash.size;
  }
}
