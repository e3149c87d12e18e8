import type { Selectable, Insertable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { ApiTokensTable } from '../db/schema.ts';
import { decodeCursor, toPage, type Page } from './cursor.ts';

export type ApiTokenRow = Selectable<ApiTokensTable>;

export class ApiTokensRepository {
  constructor(private readonly db: Db) {}

  async insert(row: Insertable<ApiTokensTable>): Promise<ApiTokenRow> {
    return this.db.insertInto('api_tokens').values(row).returningAll().executeTakeFirstOrThrow();
  }

  findLiveByHash(hash: string, now: Date): Promise<ApiTokenRow | undefined> {
    return this.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('token_hash', '=', hash)
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .executeTakeFirst();
  }

  findById(id: string): Promise<ApiTokenRow | undefined> {
    return this.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
  }

  async revoke(id: string, at: Date): Promise<void> {
    await this.db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  }

  async listForUser(userId: string | null, limit: number, cursorRaw?: string): Promise<Page<ApiTokenRow>> {
    const cursor = decodeCursor(cursorRaw, { k: 'none', id: 'uuid' });
    let q = this.db.selectFrom('api_tokens').selectAll().where('revoked_at', 'is', null);
    if (userId) q = q.where('user_id', '=', userId);
    if (cursor) q = q.where('id', '>', cursor.id);
    const rows = await q.orderBy('id').limit(limit + 1).execute();
    return toPage(rows, limit, (r) => ({ k: 0, id: r.id }));
  }
}
