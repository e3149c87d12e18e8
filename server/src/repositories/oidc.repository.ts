// OpenID Connect login states: one row per started sign-in, consumed once by the callback.
import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { OidcLoginStatesTable } from '../db/schema.ts';

export type OidcLoginStateRow = Selectable<OidcLoginStatesTable>;

export class OidcRepository {
  constructor(private readonly db: Db) {}

  async insertState(row: Insertable<OidcLoginStatesTable>): Promise<void> {
    await this.db.insertInto('oidc_login_states').values(row).execute();
  }

  /** Deletes and returns the state: a second callback with the same state finds nothing. */
  takeState(state: string): Promise<OidcLoginStateRow | undefined> {
    return this.db.deleteFrom('oidc_login_states').where('state', '=', state).returningAll().executeTakeFirst();
  }

  async countLive(now: Date): Promise<number> {
    const r = await this.db.selectFrom('oidc_login_states').select(sql<string>`count(*)`.as('n')).where('expires_at', '>=', now).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async deleteExpired(now: Date): Promise<void> {
    await this.db.deleteFrom('oidc_login_states').where('expires_at', '<', now).execute();
  }
}
