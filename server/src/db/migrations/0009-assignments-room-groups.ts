// Role assignments and room groups (DESIGN "Authorisation model", issue 14).
// A role is its levels per area; each of its assignments has a name, members (groups,
// users), a scope (all rooms, or any of sites, room groups and rooms) and whether its
// members are emailed about incidents in that scope. Room groups are named, free sets of
// rooms (a room is in one site and any number of groups).
// Every existing role becomes one assignment holding its members and its scope, so nobody
// gains or loses a room. The old tables (role_assignments, role_scope, roles.all_rooms)
// stay until the code that reads them has moved (a later migration drops them).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const now = sql`now()`;
  await db.schema
    .createTable('room_groups')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await sql`create unique index room_groups_name_key on room_groups (lower(name))`.execute(db);
  await db.schema
    .createTable('room_group_rooms')
    .addColumn('room_group_id', 'uuid', (c) => c.notNull().references('room_groups.id').onDelete('cascade'))
    .addColumn('room_id', 'uuid', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('added_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('room_group_rooms_pk', ['room_group_id', 'room_id'])
    .execute();
  await db.schema.createIndex('room_group_rooms_room_idx').on('room_group_rooms').columns(['room_id']).execute();

  await db.schema
    .createTable('assignments')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('role_id', 'uuid', (c) => c.notNull().references('roles.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('all_rooms', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('email_notifications', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('assignments_role_idx').on('assignments').columns(['role_id']).execute();
  await sql`create unique index assignments_role_name_key on assignments (role_id, lower(name))`.execute(db);
  await db.schema
    .createTable('assignment_members')
    .addColumn('assignment_id', 'uuid', (c) => c.notNull().references('assignments.id').onDelete('cascade'))
    .addColumn('principal_type', 'text', (c) => c.notNull().check(sql`principal_type in ('group','user')`))
    .addColumn('principal_id', 'uuid', (c) => c.notNull())
    .addPrimaryKeyConstraint('assignment_members_pk', ['assignment_id', 'principal_type', 'principal_id'])
    .execute();
  await db.schema.createIndex('assignment_members_principal_idx').on('assignment_members').columns(['principal_id']).execute();
  await db.schema
    .createTable('assignment_scope')
    .addColumn('assignment_id', 'uuid', (c) => c.notNull().references('assignments.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('site','room_group','room')`))
    .addColumn('target_id', 'uuid', (c) => c.notNull())
    .addPrimaryKeyConstraint('assignment_scope_pk', ['assignment_id', 'kind', 'target_id'])
    .execute();
  await db.schema.createIndex('assignment_scope_target_idx').on('assignment_scope').columns(['target_id']).execute();

  // One assignment per existing role, named after it, with its members and scope.
  await sql`insert into assignments (id, role_id, name, all_rooms, email_notifications, created_at, updated_at)
    select gen_random_uuid(), r.id, r.name, r.all_rooms, false, r.created_at, r.updated_at from roles r`.execute(db);
  await sql`insert into assignment_members (assignment_id, principal_type, principal_id)
    select a.id, ra.principal_type, ra.principal_id from role_assignments ra join assignments a on a.role_id = ra.role_id`.execute(db);
  await sql`insert into assignment_scope (assignment_id, kind, target_id)
    select a.id, rs.kind, rs.target_id from role_scope rs join assignments a on a.role_id = rs.role_id`.execute(db);
}
