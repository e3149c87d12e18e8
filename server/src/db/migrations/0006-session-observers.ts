// One controller at a time, and observers (DESIGN Remote session 7).
// - A room has at most one live (pending or active) control session: a partial unique
//   index, so two concurrent starts cannot both win (the loser's insert fails, 23505).
//   Rows a previous version left live twice in one room are ended first (the newest stays).
// - session_observers: one row per person who joined a live session to watch it, from
//   their join until they leave (history outlives the user: no cascading foreign keys).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    update remote_sessions set state = 'ended', end_reason = 'server_restart', ended_at = now()
    where mode = 'control' and state <> 'ended' and id not in (
      select distinct on (room_id) id from remote_sessions
      where mode = 'control' and state <> 'ended'
      order by room_id, started_at desc, id desc
    )`.execute(db);
  await sql`create unique index remote_sessions_one_control_idx on remote_sessions (room_id) where mode = 'control' and state <> 'ended'`.execute(db);

  await db.schema
    .createTable('session_observers')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('session_id', 'uuid', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('user_label', 'text', (c) => c.notNull())
    .addColumn('joined_at', 'timestamptz', (c) => c.notNull())
    .addColumn('left_at', 'timestamptz')
    .addColumn('leave_reason', 'text')
    .addCheckConstraint('session_observers_leave_check', sql`(left_at is null) = (leave_reason is null)`)
    .execute();
  await sql`create index session_observers_session_idx on session_observers (session_id, joined_at, id)`.execute(db);
}
