// Issue 12 (cluster-wide state): what used to live in one node's memory moves to the
// database every node shares. `session_tickets`: the one-time tickets of remote sessions
// (only their SHA-256; a ticket is spent by the one DELETE that returns its row, on
// whichever node). `sign_in_failures`: failed attempts, one row per failure, by throttle
// (`scope`: sign-in, enrollment) and key (`a:<email>`, `ip:<address>`), so the sliding
// windows of the login throttle count every node's failures.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('session_tickets')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'uuid', (c) => c.notNull())
    .addColumn('side', 'text', (c) => c.notNull().check(sql`side in ('viewer','agent')`))
    .addColumn('observer_id', 'uuid')
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create index session_tickets_session_idx on session_tickets (session_id)`.execute(db);
  await sql`create index session_tickets_observer_idx on session_tickets (observer_id) where observer_id is not null`.execute(db);
  await sql`create index session_tickets_expiry_idx on session_tickets (expires_at)`.execute(db);

  await db.schema
    .createTable('sign_in_failures')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create index sign_in_failures_key_at_idx on sign_in_failures (scope, key, at)`.execute(db);
  await sql`create index sign_in_failures_at_idx on sign_in_failures (at)`.execute(db);
}
