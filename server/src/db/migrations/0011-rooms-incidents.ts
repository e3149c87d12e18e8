// Issue 14 B: rooms that retire (they leave the lists, their history stays), per-room
// maintenance windows, and incidents with a timeline: how and by whom each was resolved,
// who recorded it by hand and why, and its notes (a table of their own, kept with the
// incident). Incident settings live in `settings` under the key `incidents`.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table rooms add column retired_at timestamptz`.execute(db);
  await sql`alter table rooms add column maintenance_until timestamptz`.execute(db);
  await sql`alter table rooms add column maintenance_reason text`.execute(db);
  await sql`create index rooms_active_idx on rooms (id) where retired_at is null`.execute(db);

  await sql`alter table incidents add column resolution text check (resolution in ('recovered','manual','retired'))`.execute(db);
  await sql`alter table incidents add column resolved_by uuid`.execute(db);
  await sql`alter table incidents add column resolved_by_label text`.execute(db);
  await sql`alter table incidents add column resolution_note text`.execute(db);
  await sql`alter table incidents add column opened_by uuid`.execute(db);
  await sql`alter table incidents add column opened_by_label text`.execute(db);
  await sql`alter table incidents add column description text`.execute(db);
  // Every incident resolved so far was resolved by the health engine on recovery.
  await sql`update incidents set resolution = 'recovered' where state = 'resolved'`.execute(db);

  await db.schema
    .createTable('incident_notes')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('incident_id', 'uuid', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('author_id', 'uuid')
    .addColumn('author_label', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull().check(sql`length(text) between 1 and 4000`))
    .execute();
  await sql`create index incident_notes_incident_idx on incident_notes (incident_id, at, id)`.execute(db);
}
