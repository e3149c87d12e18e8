// The one-time tickets of remote sessions, shared by every node. Only a ticket's hash is
// stored. `take` is the one statement that spends a ticket: of any number of nodes
// presenting it at once, exactly one DELETE returns its row.
import type { Db, Executor } from '../db/database.ts';

export interface StoredTicket {
  sessionId: string;
  side: 'viewer' | 'agent';
  observerId: string | null;
  expiresAt: Date;
}

const COLUMNS = ['session_id', 'side', 'observer_id', 'expires_at'] as const;

function stored(row: { session_id: string; side: 'viewer' | 'agent'; observer_id: string | null; expires_at: Date }): StoredTicket {
  return { sessionId: row.session_id, side: row.side, observerId: row.observer_id, expiresAt: row.expires_at };
}

export class SessionTicketsRepository {
  constructor(private readonly db: Db) {}

  async insert(hash: string, t: StoredTicket, ex: Executor = this.db): Promise<void> {
    await ex.insertInto('session_tickets').values({ hash, session_id: t.sessionId, side: t.side, observer_id: t.observerId, expires_at: t.expiresAt }).execute();
  }

  async find(hash: string, ex: Executor = this.db): Promise<StoredTicket | undefined> {
    const row = await ex.selectFrom('session_tickets').select(COLUMNS).where('hash', '=', hash).executeTakeFirst();
    return row && stored(row);
  }

  /** Deletes the ticket and returns what it was: at most one caller ever gets it. */
  async take(hash: string, ex: Executor = this.db): Promise<StoredTicket | undefined> {
    const row = await ex.deleteFrom('session_tickets').where('hash', '=', hash).returning(COLUMNS).executeTakeFirst();
    return row && stored(row);
  }

  async deleteOfSession(sessionId: string, ex: Executor = this.db): Promise<number> {
    const r = await ex.deleteFrom('session_tickets').where('session_id', '=', sessionId).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async deleteOfObserver(observerId: string, ex: Executor = this.db): Promise<number> {
    const r = await ex.deleteFrom('session_tickets').where('observer_id', '=', observerId).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** Deletes at most `limit` tickets expired at `now` (a bounded sweep); returns how many. */
  async deleteExpired(now: Date, limit: number, ex: Executor = this.db): Promise<number> {
    const r = await ex
      .deleteFrom('session_tickets')
      .where('hash', 'in', (q) => q.selectFrom('session_tickets').select('hash').where('expires_at', '<=', now).limit(limit))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async count(ex: Executor = this.db): Promise<number> {
    const row = await ex.selectFrom('session_tickets').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
