// Assignments only (issue 14, part A). The code now reads a role's members and scope from
// its assignments (0009 copied every role into one), so the old shape goes: the tables
// role_assignments and role_scope and the column roles.all_rooms.
// It also adds the two built-in roles that are assigned per scope (DESIGN "Authorisation
// model"): Site lead (rooms, incidents and room actions: modify; remote access: view) and
// Site technician (rooms: view; incidents: modify, which acknowledging needs), with no
// assignments. An existing custom role that already has one of these names keeps it; the
// built-in one is then called "… (built-in)".
import { sql, type Kysely } from 'kysely';

export const SITE_ROLE_IDS = {
  siteLead: '00000000-0000-4000-8000-000000000003',
  siteTechnician: '00000000-0000-4000-8000-000000000004',
} as const;

const levels = (given: Record<string, 'view' | 'modify'>): string =>
  JSON.stringify(Object.fromEntries(['rooms', 'incidents', 'remoteAccess', 'roomActions', 'settings', 'roles', 'directory', 'enrollment', 'audit'].map((a) => [a, given[a] ?? 'none'])));

async function addBuiltIn(db: Kysely<unknown>, id: string, kind: string, name: string, description: string, permissions: string): Promise<void> {
  await sql`insert into roles (id, name, description, built_in, permissions, updated_at)
    select ${id}, case when exists (select 1 from roles where lower(name) = lower(${name})) then ${`${name} (built-in)`} else ${name} end,
           ${description}, ${kind}, ${permissions}::jsonb, now()`.execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await addBuiltIn(
    db,
    SITE_ROLE_IDS.siteLead,
    'site_lead',
    'Site lead',
    'Runs the rooms of a scope: rooms, incidents and room actions; watches remote sessions',
    levels({ rooms: 'modify', incidents: 'modify', roomActions: 'modify', remoteAccess: 'view' }),
  );
  await addBuiltIn(db, SITE_ROLE_IDS.siteTechnician, 'site_technician', 'Site technician', 'Looks after the rooms of a scope: sees them and acknowledges their incidents', levels({ rooms: 'view', incidents: 'modify' }));

  await db.schema.dropTable('role_scope').execute();
  await db.schema.dropTable('role_assignments').execute();
  await db.schema.alterTable('roles').dropColumn('all_rooms').execute();
}
