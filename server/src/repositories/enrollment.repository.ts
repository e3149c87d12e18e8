// Enrollment tokens: stored as a SHA-256 of the token; a use is consumed atomically.
import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import type { EnrollmentTokensTable } from '../db/schema.ts';
import { decodeCursor, toPage, type Page } from './cursor.ts';

export type EnrollmentTokenRow = Selectable<EnrollmentTokensTable>;

export class EnrollmentRepository {
  constructor(private readonly db: Db) {}

  insert(ex: Executor, row: Insertable<EnrollmentTokensTable>): Promise<EnrollmentTokenRow> {
    return ex.insertInto('enrollment_tokens').values(row).returningAll().executeTakeFirstOrThrow();
  }

  findById(id: string, ex: Executor = this.db): Promise<EnrollmentTokenRow | undefined> {
    return ex.selectFrom('enrollment_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByHash(hash: string): Promise<EnrollmentTokenRow | undefined> {
    return this.db.selectFrom('enrollment_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  }

  async siteExists(siteId: string): Promise<boolean> {
    return (await this.db.selectFrom('sites').select('id').where('id', '=', siteId).executeTakeFirst()) !== undefined;
  }

  /** Takes one use if the token is still live; undefined when it is not (used up, revoked or expired meanwhile). */
  consume(ex: Executor, id: string, now: Date): Promise<EnrollmentTokenRow | undefined> {
    return ex
      .updateTable('enrollment_tokens')
      .set({ uses: sql<number>`uses + 1` })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .whereRef('uses', '<', 'max_uses')
      .returningAll()
      .executeTakeFirst();
  }

  async revoke(ex: Executor, id: string, at: Date): Promise<boolean> {
    const r = await ex.updateTable('enrollment_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  /** Newest first. */
  async list(limit: number, cursorRaw?: string): Promise<Page<EnrollmentTokenRow>> {
    const cursor = timeCursor(cursorRaw);
    let q = this.db.selectFrom('enrollment_tokens').selectAll();
    if (cursor) {
      const { at, id } = cursor;
      q = q.where((eb) => eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]));
    }
    const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
    return toPage(rows, limit, (r) => ({ k: r.created_at.toISOString(), id: r.id }));
  }
}

/** A (created/opened at, id) cursor; one that does not hold a timestamp and a UUID is a 400. */
export function timeCursor(raw: string | undefined): { at: Date; id: string } | undefined {
  const cursor = decodeCursor(raw, { k: 'time', id: 'uuid' });
  return cursor && { at: new Date(cursor.k), id: cursor.id };
}
