// Room actions (DESIGN "Remote session" 11): one row per action asked of a room's agent,
// from the request until its result (or until it timed out). History outlives the room
// and the user (no cascading foreign keys): the user's label is kept on the row. A session
// may ask for a device restart when it ends (remote_sessions.restart_device_on_end).
// The new permission area roomActions: Administrator gets Modify, Reader View; custom roles
// keep None until someone gives them more.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('room_actions')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('room_id', 'uuid', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('restart-device','restart-app')`))
    .addColumn('requested_by', 'uuid')
    .addColumn('requested_by_label', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull())
    .addColumn('session_id', 'uuid')
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('pending','done')`))
    .addColumn('outcome', 'text', (c) => c.check(sql`outcome in ('succeeded','failed','unavailable','timed_out')`))
    .addColumn('exit_code', 'integer')
    .addColumn('output', 'text', (c) => c.notNull().defaultTo('').check(sql`length(output) <= 4000`))
    .addColumn('message', 'text')
    .addColumn('finished_at', 'timestamptz')
    .addCheckConstraint('room_actions_done_check', sql`(state = 'done') = (outcome is not null and finished_at is not null)`)
    .execute();
  await sql`create index room_actions_room_idx on room_actions (room_id, requested_at desc, id desc)`.execute(db);
  await sql`create index room_actions_pending_idx on room_actions (requested_at) where state = 'pending'`.execute(db);
  await sql`alter table remote_sessions add column restart_device_on_end boolean not null default false`.execute(db);
  await sql`update roles set permissions = permissions || jsonb_build_object('roomActions', case built_in when 'administrator' then 'modify' when 'reader' then 'view' else 'none' end)`.execute(db);
}
