import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import type { UsersTable } from '../db/schema.ts';
import { toPage, type Page } from './cursor.ts';
import { decodeUuidCursor } from './directory-support.ts';
import { camel, columns, type Camel } from './records.ts';

export type UserRecord = Camel<Selectable<UsersTable>>;
export type NewUser = Camel<Insertable<UsersTable>>;
export type UserChanges = Camel<Updateable<UsersTable>>;

export class UsersRepository {
  constructor(private readonly db: Db) {}

  async findById(id: string, ex: Executor = this.db): Promise<UserRecord | undefined> {
    const row = await ex.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && camel(row);
  }

  async findByEmail(email: string, ex: Executor = this.db): Promise<UserRecord | undefined> {
    const row = await ex.selectFrom('users').selectAll().where(sql<string>`lower(email)`, '=', email.toLowerCase()).executeTakeFirst();
    return row && camel(row);
  }

  async findByExternalId(externalId: string, ex: Executor = this.db): Promise<UserRecord | undefined> {
    const row = await ex.selectFrom('users').selectAll().where('external_id', '=', externalId).executeTakeFirst();
    return row && camel(row);
  }

  async insert(user: NewUser, ex: Executor = this.db): Promise<UserRecord> {
    return camel(await ex.insertInto('users').values(columns<Insertable<UsersTable>>(user)).returningAll().executeTakeFirstOrThrow());
  }

  async update(id: string, patch: UserChanges, ex: Executor = this.db): Promise<UserRecord | undefined> {
    const row = await ex
      .updateTable('users')
      .set({ ...columns<Updateable<UsersTable>>(patch), updated_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && camel(row);
  }

  async delete(id: string, ex: Executor = this.db): Promise<boolean> {
    const r = await ex.deleteFrom('users').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async count(ex: Executor = this.db): Promise<number> {
    const r = await ex.selectFrom('users').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async list(opts: { q?: string | undefined; limit: number; cursor?: string | undefined; ids?: string[] }, ex: Executor = this.db): Promise<Page<UserRecord>> {
    const cursor = decodeUuidCursor(opts.cursor);
    let q = ex.selectFrom('users').selectAll();
    if (opts.q) {
      const like = `%${opts.q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      q = q.where((eb) => eb.or([eb(sql`lower(email)`, 'like', like), eb(sql`lower(display_name)`, 'like', like)]));
    }
    if (opts.ids) q = opts.ids.length ? q.where('id', 'in', opts.ids) : q.where(sql<boolean>`false`);
    if (cursor) {
      q = q.where((eb) => eb.or([eb(sql`lower(email)`, '>', String(cursor.k)), eb.and([eb(sql`lower(email)`, '=', String(cursor.k)), eb('id', '>', cursor.id)])]));
    }
    const rows = await q.orderBy(sql`lower(email)`).orderBy('id').limit(opts.limit + 1).execute();
    return toPage(rows.map(camel), opts.limit, (r) => ({ k: r.email.toLowerCase(), id: r.id }));
  }

  /** Which of these ids are users (for validating role assignments and memberships). */
  async existingIds(ids: readonly string[], ex: Executor = this.db): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await ex.selectFrom('users').select('id').where('id', 'in', [...ids]).execute();
    return new Set(rows.map((r) => r.id));
  }

  /** Ends every sign-in session and API token of a user, in the caller's transaction. */
  async revokeCredentials(userId: string, at: Date, ex: Executor = this.db): Promise<{ sessions: number; tokens: number }> {
    const s = await ex.updateTable('auth_sessions').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
    const t = await ex.updateTable('api_tokens').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
    return { sessions: Number(s.numUpdatedRows), tokens: Number(t.numUpdatedRows) };
  }

  /** Removes a user and the role assignments that name them directly (memberships cascade). */
  async deleteWithAssignments(id: string, ex: Executor = this.db): Promise<boolean> {
    await ex.deleteFrom('assignment_members').where('principal_type', '=', 'user').where('principal_id', '=', id).execute();
    const r = await ex.deleteFrom('users').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
