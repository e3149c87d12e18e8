import type { Insertable, Selectable } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import type { ApiTokensTable } from '../db/schema.ts';
import { decodeCursor, toPage, type Page } from './cursor.ts';
import { camel, columns, type Camel } from './records.ts';

export type ApiTokenRecord = Camel<Selectable<ApiTokensTable>>;
export type NewApiToken = Camel<Insertable<ApiTokensTable>>;

export class ApiTokensRepository {
  constructor(private readonly db: Db) {}

  async insert(token: NewApiToken, ex: Executor = this.db): Promise<ApiTokenRecord> {
    return camel(await ex.insertInto('api_tokens').values(columns<Insertable<ApiTokensTable>>(token)).returningAll().executeTakeFirstOrThrow());
  }

  async findLiveByHash(hash: string, now: Date, ex: Executor = this.db): Promise<ApiTokenRecord | undefined> {
    const row = await ex
      .selectFrom('api_tokens')
      .selectAll()
      .where('token_hash', '=', hash)
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .executeTakeFirst();
    return row && camel(row);
  }

  async findById(id: string, ex: Executor = this.db): Promise<ApiTokenRecord | undefined> {
    const row = await ex.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    return row && camel(row);
  }

  async touch(id: string, at: Date, ex: Executor = this.db): Promise<void> {
    await ex.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
  }

  async revoke(id: string, at: Date, ex: Executor = this.db): Promise<void> {
    await ex.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  }

  async listForUser(userId: string | null, limit: number, cursorRaw?: string, ex: Executor = this.db): Promise<Page<ApiTokenRecord>> {
    const cursor = decodeCursor(cursorRaw, { k: 'none', id: 'uuid' });
    let q = ex.selectFrom('api_tokens').selectAll().where('revoked_at', 'is', null);
    if (userId) q = q.where('user_id', '=', userId);
    if (cursor) q = q.where('id', '>', cursor.id);
    const rows = await q.orderBy('id').limit(limit + 1).execute();
    return toPage(rows.map(camel), limit, (r) => ({ k: 0, id: r.id }));
  }
}
