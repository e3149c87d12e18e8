import type { Insertable, Selectable } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import type { AuthSessionsTable } from '../db/schema.ts';
import { camel, columns, type Camel } from './records.ts';

export type AuthSessionRecord = Camel<Selectable<AuthSessionsTable>>;
export type NewAuthSession = Camel<Insertable<AuthSessionsTable>>;

export class AuthSessionsRepository {
  constructor(private readonly db: Db) {}

  async insert(session: NewAuthSession, ex: Executor = this.db): Promise<void> {
    await ex.insertInto('auth_sessions').values(columns<Insertable<AuthSessionsTable>>(session)).execute();
  }

  async findLive(id: string, now: Date, ex: Executor = this.db): Promise<AuthSessionRecord | undefined> {
    const row = await ex
      .selectFrom('auth_sessions')
      .selectAll()
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return row && camel(row);
  }

  async touch(id: string, at: Date, ex: Executor = this.db): Promise<void> {
    await ex.updateTable('auth_sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
  }

  async revoke(id: string, at: Date, ex: Executor = this.db): Promise<void> {
    await ex.updateTable('auth_sessions').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  }

  async revokeAllForUser(userId: string, at: Date, ex: Executor = this.db): Promise<number> {
    const r = await ex.updateTable('auth_sessions').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async deleteExpired(before: Date, ex: Executor = this.db): Promise<void> {
    await ex.deleteFrom('auth_sessions').where('expires_at', '<', before).execute();
  }
}
