import type { Selectable, Insertable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { AuthSessionsTable } from '../db/schema.ts';

export type AuthSessionRow = Selectable<AuthSessionsTable>;

export class AuthSessionsRepository {
  constructor(private readonly db: Db) {}

  async insert(row: Insertable<AuthSessionsTable>): Promise<void> {
    await this.db.insertInto('auth_sessions').values(row).execute();
  }

  findLive(id: string, now: Date): Promise<AuthSessionRow | undefined> {
    return this.db
      .selectFrom('auth_sessions')
      .selectAll()
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.db.updateTable('auth_sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
  }

  async revoke(id: string, at: Date): Promise<void> {
    await this.db.updateTable('auth_sessions').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  }

  async revokeAllForUser(userId: string, at: Date): Promise<number> {
    const r = await this.db.updateTable('auth_sessions').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async deleteExpired(before: Date): Promise<void> {
    await this.db.deleteFrom('auth_sessions').where('expires_at', '<', before).execute();
  }
}
