// Remote sessions: one row per session from the moment it is requested until it ends.
// Live byte counts are kept in memory by the relay and written when the session ends.
// History outlives its room and its user (no cascading foreign keys): the room's name and
// the user's label are kept on the row.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('remote_sessions')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('room_id', 'uuid', (c) => c.notNull())
    .addColumn('room_name', 'text', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('user_label', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('control','view')`))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('pending','active','ended')`))
    .addColumn('end_reason', 'text')
    .addColumn('end_message', 'text')
    .addColumn('contact_email', 'text')
    .addColumn('node_id', 'text', (c) => c.notNull())
    .addColumn('idle_timeout_minutes', 'integer', (c) => c.notNull())
    .addColumn('max_minutes', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('connected_at', 'timestamptz')
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ended_at', 'timestamptz')
    .addColumn('bytes_to_viewer', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('bytes_from_viewer', 'bigint', (c) => c.notNull().defaultTo(0))
    .addCheckConstraint('remote_sessions_end_check', sql`(state = 'ended') = (ended_at is not null and end_reason is not null)`)
    .execute();
  await sql`create index remote_sessions_started_idx on remote_sessions (started_at desc, id desc)`.execute(db);
  await sql`create index remote_sessions_room_idx on remote_sessions (room_id, started_at desc)`.execute(db);
  await sql`create index remote_sessions_user_idx on remote_sessions (user_id, started_at desc)`.execute(db);
  await sql`create index remote_sessions_live_idx on remote_sessions (state) where state <> 'ended'`.execute(db);
}
