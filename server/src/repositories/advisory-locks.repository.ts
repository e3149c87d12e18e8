// Named PostgreSQL advisory locks held until the end of a transaction: work that nodes
// started together must do once (the first Administrator) takes one, so the second node
// waits for the first to commit and then sees what it did. On PGlite (one process) the
// lock is taken the same way and never waits.
import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

/** Each lock's key: fixed numbers, so every node and every version agree on them. */
const LOCK_KEYS = {
  firstAdministrator: 0x526f6f6d_0001n,
} as const;

export type AdvisoryLockName = keyof typeof LOCK_KEYS;

export class AdvisoryLocksRepository {
  /** Waits for the lock, which the open transaction `ex` holds until it ends. */
  async lockForTransaction(name: AdvisoryLockName, ex: Executor): Promise<void> {
    await sql`select pg_advisory_xact_lock(${sql.lit(LOCK_KEYS[name].toString())}::bigint)`.execute(ex);
  }
}
