// Failed attempts (sign-ins, enrollments) by throttle scope and key, one row per failure,
// shared by every node: the login throttle's sliding windows count what every node saw.
// A key keeps at most its newest `KEPT_PER_KEY` failures; old rows go in bounded sweeps.
import type { Db, Executor } from '../db/database.ts';

/** The newest failures kept per key (the throttle never needs more than its limits). */
export const KEPT_PER_KEY = 100;

export class SignInFailuresRepository {
  constructor(private readonly db: Db) {}

  /** The times of the key's failures after `since`, oldest first (at most the newest KEPT_PER_KEY). */
  async recent(scope: string, key: string, since: Date, ex: Executor = this.db): Promise<number[]> {
    const rows = await ex
      .selectFrom('sign_in_failures')
      .select('at')
      .where('scope', '=', scope)
      .where('key', '=', key)
      .where('at', '>', since)
      .orderBy('at', 'desc')
      .limit(KEPT_PER_KEY)
      .execute();
    return rows.map((r) => r.at.getTime()).reverse();
  }

  /** Records one failure for each key, and trims each key to its newest KEPT_PER_KEY: one statement (one commit). */
  async add(scope: string, keys: readonly string[], at: Date, ex: Executor = this.db): Promise<void> {
    if (keys.length === 0) return;
    // The DELETE sees the rows as they were before this INSERT: it keeps the newest
    // KEPT_PER_KEY - 1 of them (none is deleted while a key has fewer), the INSERT adds one.
    const older = (key: string) => ex.selectFrom('sign_in_failures').select('at').where('scope', '=', scope).where('key', '=', key).orderBy('at', 'desc').offset(KEPT_PER_KEY - 2).limit(1);
    await ex
      .with('added', (q) => q.insertInto('sign_in_failures').values(keys.map((key) => ({ scope, key, at }))))
      .deleteFrom('sign_in_failures')
      .where('scope', '=', scope)
      .where((eb) => eb.or(keys.map((key) => eb.and([eb('key', '=', key), eb('at', '<', older(key))]))))
      .execute();
  }

  async clear(scope: string, key: string, ex: Executor = this.db): Promise<void> {
    await ex.deleteFrom('sign_in_failures').where('scope', '=', scope).where('key', '=', key).execute();
  }

  /** Deletes at most `limit` failures of the scope older than `before`; returns how many. */
  async deleteBefore(scope: string, before: Date, limit: number, ex: Executor = this.db): Promise<number> {
    const r = await ex
      .deleteFrom('sign_in_failures')
      .where('id', 'in', (q) => q.selectFrom('sign_in_failures').select('id').where('scope', '=', scope).where('at', '<=', before).limit(limit))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
