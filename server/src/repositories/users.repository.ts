import { sql } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import type { UsersTable } from '../db/schema.ts';
import type { Selectable, Insertable, Updateable } from 'kysely';
import { decodeCursor, toPage, type Page } from './cursor.ts';

export type UserRow = Selectable<UsersTable>;

export class UsersRepository {
  constructor(private readonly db: Db) {}

  findById(id: string, ex: Executor = this.db): Promise<UserRow | undefined> {
    return ex.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByEmail(email: string, ex: Executor = this.db): Promise<UserRow | undefined> {
    return ex.selectFrom('users').selectAll().where(sql<string>`lower(email)`, '=', email.toLowerCase()).executeTakeFirst();
  }

  findByExternalId(externalId: string, ex: Executor = this.db): Promise<UserRow | undefined> {
    return ex.selectFrom('users').selectAll().where('external_id', '=', externalId).executeTakeFirst();
  }

  async insert(row: Insertable<UsersTable>, ex: Executor = this.db): Promise<UserRow> {
    return ex.insertInto('users').values(row).returningAll().executeTakeFirstOrThrow();
  }

  async update(id: string, patch: Updateable<UsersTable>, ex: Executor = this.db): Promise<UserRow | undefined> {
    return ex.updateTable('users').set({ ...patch, updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirst();
  }

  async delete(id: string, ex: Executor = this.db): Promise<boolean> {
    const r = await ex.deleteFrom('users').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async count(ex: Executor = this.db): Promise<number> {
    const r = await ex.selectFrom('users').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async list(opts: { q?: string | undefined; limit: number; cursor?: string | undefined; ids?: string[] }, ex: Executor = this.db): Promise<Page<UserRow>> {
    const cursor = decodeCursor(opts.cursor);
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
    return toPage(rows, opts.limit, (r) => ({ k: r.email.toLowerCase(), id: r.id }));
  }
}
