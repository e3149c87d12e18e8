// One-time tickets for the two sides of a remote session. A ticket is 32 random bytes;
// only its SHA-256 is kept, in the database every node shares (session_tickets): a ticket
// issued on one node is redeemed on whichever node its socket reaches, and works once
// across the cluster (redeeming is one DELETE … RETURNING). A ticket works only for its
// session and side, and only before it expires; presenting it for the wrong session or
// side uses it up. A caller that must check something else first (the viewer's owner)
// asks `check`, which spends nothing, so a refusal for a reason outside the ticket leaves
// it to its owner. Expired tickets are deleted by `sweep`, a bounded batch at a time.
import type { SessionTicketsRepository, StoredTicket } from '../repositories/session-tickets.repository.ts';
import { randomSecret, sha256Hex } from '../secrets/random-secrets.ts';

export type TicketSide = 'viewer' | 'agent';

export interface IssuedTicket {
  ticket: string;
  expiresAt: Date;
}

/** A ticket's verdict; an observer's ticket (one pair of its own per observer) says whose it is. */
export type RedeemResult = { ok: true; observerId?: string } | { ok: false; why: 'unknown' | 'expired' | 'wrong_session' | 'wrong_side' };

/** How many expired tickets one sweep deletes at most. */
const SWEEP_BATCH = 1_000;

export class TicketStore {
  constructor(
    private readonly repo: SessionTicketsRepository,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** A ticket for one side of a session: its controller's, or (with `observerId`) that observer's. */
  async issue(sessionId: string, side: TicketSide, observerId?: string): Promise<IssuedTicket> {
    const ticket = randomSecret(32);
    const expiresAt = new Date(this.now() + this.ttlMs);
    await this.repo.insert(sha256Hex(ticket), { sessionId, side, observerId: observerId ?? null, expiresAt });
    return { ticket, expiresAt };
  }

  /** Whether `redeem` would succeed now; spends nothing. */
  async check(ticket: string, sessionId: string, side: TicketSide): Promise<RedeemResult> {
    const entry = await this.repo.find(sha256Hex(ticket));
    return entry ? this.#verdict(entry, sessionId, side) : { ok: false, why: 'unknown' };
  }

  /** Spends the ticket (whatever the verdict) and says whether it was good. */
  async redeem(ticket: string, sessionId: string, side: TicketSide): Promise<RedeemResult> {
    const entry = await this.repo.take(sha256Hex(ticket));
    return entry ? this.#verdict(entry, sessionId, side) : { ok: false, why: 'unknown' };
  }

  #verdict(entry: StoredTicket, sessionId: string, side: TicketSide): RedeemResult {
    if (entry.expiresAt.getTime() <= this.now()) return { ok: false, why: 'expired' };
    if (entry.sessionId !== sessionId) return { ok: false, why: 'wrong_session' };
    if (entry.side !== side) return { ok: false, why: 'wrong_side' };
    return entry.observerId === null ? { ok: true } : { ok: true, observerId: entry.observerId };
  }

  /** Forgets the tickets of one observer (they left). */
  async revokeObserver(observerId: string): Promise<void> {
    await this.repo.deleteOfObserver(observerId);
  }

  /** Forgets every ticket of a session (it ended). */
  async revokeSession(sessionId: string): Promise<void> {
    await this.repo.deleteOfSession(sessionId);
  }

  /** Drops expired tickets, at most one batch; returns how many. */
  sweep(): Promise<number> {
    return this.repo.deleteExpired(new Date(this.now()), SWEEP_BATCH);
  }

  /** How many tickets are stored (every node's). */
  count(): Promise<number> {
    return this.repo.count();
  }
}
