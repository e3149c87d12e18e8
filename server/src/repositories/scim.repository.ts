// SCIM: the provisioning bearer tokens (hashed) and the filtered, offset-paged lists that
// SCIM's startIndex/count model needs.
import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import type { ScimTokensTable } from '../db/schema.ts';
import { decodeCursor, toPage, type Page } from './cursor.ts';
import type { GroupRecord } from './groups.repository.ts';
import { camel, columns, type Camel } from './records.ts';
import type { UserRecord } from './users.repository.ts';

export type ScimTokenRecord = Camel<Selectable<ScimTokensTable>>;
export type NewScimToken = Camel<Insertable<ScimTokensTable>>;

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
  async insertToken(token: NewScimToken, ex: Executor = this.db): Promise<ScimTokenRecord> {
    return camel(await ex.insertInto('scim_tokens').values(columns<Insertable<ScimTokensTable>>(token)).returningAll().executeTakeFirstOrThrow());
  }

  async findLiveTokenByHash(hash: string, ex: Executor = this.db): Promise<ScimTokenRecord | undefined> {
    const row = await ex.selectFrom('scim_tokens').selectAll().where('token_hash', '=', hash).where('revoked_at', 'is', null).executeTakeFirst();
    return row && camel(row);
  }

  async findToken(id: string, ex: Executor = this.db): Promise<ScimTokenRecord | undefined> {
    const row = await ex.selectFrom('scim_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    return row && camel(row);
  }

  async touchToken(id: string, at: Date, ex: Executor = this.db): Promise<void> {
    await ex.updateTable('scim_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
  }

  async revokeToken(id: string, at: Date, ex: Executor = this.db): Promise<void> {
    await ex.updateTable('scim_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  }

  async listTokens(limit: number, cursorRaw?: string, ex: Executor = this.db): Promise<Page<ScimTokenRecord>> {
    const cursor = decodeCursor(cursorRaw, { k: 'none', id: 'uuid' });
    let q = ex.selectFrom('scim_tokens').selectAll().where('revoked_at', 'is', null);
    if (cursor) q = q.where('id', '>', cursor.id);
    const rows = await q.orderBy('id').limit(limit + 1).execute();
    return toPage(rows.map(camel), limit, (r) => ({ k: 0, id: r.id }));
  }

  // ---- resources
  async listUsers(conditions: ScimCondition[], offset: number, count: number, ex: Executor = this.db): Promise<OffsetPage<UserRecord>> {
    if (conditions.some((c) => c.column === 'id' && !UUID.test(c.value))) return { total: 0, rows: [] };
    let q = ex.selectFrom('users');
    for (const c of conditions) {
      if (c.column === 'email') q = q.where(sql<string>`lower(email)`, '=', c.value.toLowerCase());
      else if (c.column === 'display_name') q = q.where(sql<string>`lower(display_name)`, '=', c.value.toLowerCase());
      else q = q.where(c.column, '=', c.value);
    }
    const totalRow = await q.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
    const rows = count === 0 ? [] : await q.selectAll().orderBy('created_at').orderBy('id').offset(offset).limit(count).execute();
    return { total: Number(totalRow.n), rows: rows.map(camel) };
  }

  async listGroups(conditions: ScimCondition[], offset: number, count: number, ex: Executor = this.db): Promise<OffsetPage<GroupRecord>> {
    if (conditions.some((c) => c.column === 'id' && !UUID.test(c.value))) return { total: 0, rows: [] };
    let q = ex.selectFrom('groups');
    for (const c of conditions) {
      if (c.column === 'email') return { total: 0, rows: [] };
      // displayName is not case-exact (RFC 7643 §4.2): Entra ID matches groups by it.
      q = c.column === 'display_name' ? q.where(sql<string>`lower(display_name)`, '=', c.value.toLowerCase()) : q.where(c.column, '=', c.value);
    }
    const totalRow = await q.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
    const rows = count === 0 ? [] : await q.selectAll().orderBy('created_at').orderBy('id').offset(offset).limit(count).execute();
    return { total: Number(totalRow.n), rows: rows.map(camel) };
  }
}
