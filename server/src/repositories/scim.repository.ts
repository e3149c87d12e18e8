// SCIM: the provisioning bearer tokens (hashed) and the filtered, offset-paged lists that
// SCIM's startIndex/count model needs.
import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import type { GroupsTable, ScimTokensTable, UsersTable } from '../db/schema.ts';
import { decodeCursor, toPage, type Page } from './cursor.ts';

export type ScimTokenRow = Selectable<ScimTokensTable>;

/** One `attribute eq "value"` condition, already mapped to a column by the service. */
export interface ScimCondition {
  column: 'email' | 'external_id' | 'display_name' | 'id';
  value: string;
}

export interface OffsetPage<T> {
  total: number;
  rows: T[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class ScimRepository {
  constructor(private readonly db: Db) {}

  // ---- tokens
  insertToken(row: Insertable<ScimTokensTable>): Promise<ScimTokenRow> {
    return this.db.insertInto('scim_tokens').values(row).returningAll().executeTakeFirstOrThrow();
  }

  findLiveTokenByHash(hash: string): Promise<ScimTokenRow | undefined> {
    return this.db.selectFrom('scim_tokens').selectAll().where('token_hash', '=', hash).where('revoked_at', 'is', null).executeTakeFirst();
  }

  findToken(id: string): Promise<ScimTokenRow | undefined> {
    return this.db.selectFrom('scim_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async touchToken(id: string, at: Date): Promise<void> {
    await this.db.updateTable('scim_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
  }

  async revokeToken(id: string, at: Date): Promise<void> {
    await this.db.updateTable('scim_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  }

  async listTokens(limit: number, cursorRaw?: string): Promise<Page<ScimTokenRow>> {
    const cursor = decodeCursor(cursorRaw, { k: 'none', id: 'uuid' });
    let q = this.db.selectFrom('scim_tokens').selectAll().where('revoked_at', 'is', null);
    if (cursor) q = q.where('id', '>', cursor.id);
    const rows = await q.orderBy('id').limit(limit + 1).execute();
    return toPage(rows, limit, (r) => ({ k: 0, id: r.id }));
  }

  // ---- resources
  async listUsers(conditions: ScimCondition[], offset: number, count: number, ex: Executor = this.db): Promise<OffsetPage<Selectable<UsersTable>>> {
    if (conditions.some((c) => c.column === 'id' && !UUID.test(c.value))) return { total: 0, rows: [] };
    let q = ex.selectFrom('users');
    for (const c of conditions) {
      if (c.column === 'email') q = q.where(sql<string>`lower(email)`, '=', c.value.toLowerCase());
      else if (c.column === 'display_name') q = q.where(sql<string>`lower(display_name)`, '=', c.value.toLowerCase());
      else q = q.where(c.column, '=', c.value);
    }
    const totalRow = await q.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
    const rows = count === 0 ? [] : await q.selectAll().orderBy('created_at').orderBy('id').offset(offset).limit(count).execute();
    return { total: Number(totalRow.n), rows };
  }

  async listGroups(conditions: ScimCondition[], offset: number, count: number, ex: Executor = this.db): Promise<OffsetPage<Selectable<GroupsTable>>> {
    if (conditions.some((c) => c.column === 'id' && !UUID.test(c.value))) return { total: 0, rows: [] };
    let q = ex.selectFrom('groups');
    for (const c of conditions) {
      if (c.column === 'email') return { total: 0, rows: [] };
      // displayName is not case-exact (RFC 7643 §4.2): Entra ID matches groups by it.
      q = c.column === 'display_name' ? q.where(sql<string>`lower(display_name)`, '=', c.value.toLowerCase()) : q.where(c.column, '=', c.value);
    }
    const totalRow = await q.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
    const rows = count === 0 ? [] : await q.selectAll().orderBy('created_at').orderBy('id').offset(offset).limit(count).execute();
    return { total: Number(totalRow.n), rows };
  }
}
