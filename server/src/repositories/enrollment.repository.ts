// Enrollment tokens: stored as a SHA-256 of the token; a use is consumed atomically.
import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import type { EnrollmentTokensTable } from '../db/schema.ts';
import { toPage, type Page } from './cursor.ts';
import { timeCursor } from './directory-support.ts';
import { camel, columns, type Camel } from './records.ts';

export type EnrollmentTokenRecord = Camel<Selectable<EnrollmentTokensTable>>;
export type NewEnrollmentToken = Camel<Insertable<EnrollmentTokensTable>>;

export class EnrollmentRepository {
  constructor(private readonly db: Db) {}

  async insert(token: NewEnrollmentToken, ex: Executor = this.db): Promise<EnrollmentTokenRecord> {
    return camel(await ex.insertInto('enrollment_tokens').values(columns<Insertable<EnrollmentTokensTable>>(token)).returningAll().executeTakeFirstOrThrow());
  }

  async findById(id: string, ex: Executor = this.db): Promise<EnrollmentTokenRecord | undefined> {
    const row = await ex.selectFrom('enrollment_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    return row && camel(row);
  }

  async findByHash(hash: string, ex: Executor = this.db): Promise<EnrollmentTokenRecord | undefined> {
    const row = await ex.selectFrom('enrollment_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
    return row && camel(row);
  }

  async siteExists(siteId: string, ex: Executor = this.db): Promise<boolean> {
    return (await ex.selectFrom('sites').select('id').where('id', '=', siteId).executeTakeFirst()) !== undefined;
  }

  /** Takes one use if the token is still live; undefined when it is not (used up, revoked or expired meanwhile). */
  async consume(id: string, now: Date, ex: Executor = this.db): Promise<EnrollmentTokenRecord | undefined> {
    const row = await ex
      .updateTable('enrollment_tokens')
      .set({ uses: sql<number>`uses + 1` })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .whereRef('uses', '<', 'max_uses')
      .returningAll()
      .executeTakeFirst();
    return row && camel(row);
  }

  async revoke(id: string, at: Date, ex: Executor = this.db): Promise<boolean> {
    const r = await ex.updateTable('enrollment_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  /** Newest first. */
  async list(limit: number, cursorRaw?: string, ex: Executor = this.db): Promise<Page<EnrollmentTokenRecord>> {
    const cursor = timeCursor(cursorRaw);
    let q = ex.selectFrom('enrollment_tokens').selectAll();
    if (cursor) {
      const { at, id } = cursor;
      q = q.where((eb) => eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]));
    }
    const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
    return toPage(rows.map(camel), limit, (r) => ({ k: r.createdAt.toISOString(), id: r.id }));
  }
}
