// OpenID Connect login states: one row per started sign-in, consumed once by the callback.
import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import type { OidcLoginStatesTable } from '../db/schema.ts';
import { camel, columns, type Camel } from './records.ts';

export type OidcLoginStateRecord = Camel<Selectable<OidcLoginStatesTable>>;
export type NewOidcLoginState = Camel<Insertable<OidcLoginStatesTable>>;

export class OidcRepository {
  constructor(private readonly db: Db) {}

  async insertState(loginState: NewOidcLoginState, ex: Executor = this.db): Promise<void> {
    await ex.insertInto('oidc_login_states').values(columns<Insertable<OidcLoginStatesTable>>(loginState)).execute();
  }

  /** Deletes and returns the state: a second callback with the same state finds nothing. */
  async takeState(state: string, ex: Executor = this.db): Promise<OidcLoginStateRecord | undefined> {
    const row = await ex.deleteFrom('oidc_login_states').where('state', '=', state).returningAll().executeTakeFirst();
    return row && camel(row);
  }

  async countLive(now: Date, ex: Executor = this.db): Promise<number> {
    const r = await ex.selectFrom('oidc_login_states').select(sql<string>`count(*)`.as('n')).where('expires_at', '>=', now).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async deleteExpired(now: Date, ex: Executor = this.db): Promise<void> {
    await ex.deleteFrom('oidc_login_states').where('expires_at', '<', now).execute();
  }
}
