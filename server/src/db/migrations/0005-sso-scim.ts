// Single sign-on and provisioning: SCIM bearer tokens (one per identity provider, stored
// as a hash) and the short-lived, one-time OpenID Connect login states (state, nonce and
// PKCE verifier kept server-side, bound to the browser by a cookie).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const now = sql`now()`;
  // SCIM's name.givenName / name.familyName, kept so that a provider sees back what it sent.
  await db.schema.alterTable('users').addColumn('given_name', 'text').execute();
  await db.schema.alterTable('users').addColumn('family_name', 'text').execute();
  await db.schema
    .createTable('scim_tokens')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('created_by', 'uuid')
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('oidc_login_states')
    .addColumn('state', 'text', (c) => c.primaryKey())
    .addColumn('browser_hash', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('code_verifier', 'text', (c) => c.notNull())
    .addColumn('return_to', 'text', (c) => c.notNull().defaultTo('/'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oidc_login_states_expires_idx').on('oidc_login_states').column('expires_at').execute();
}
