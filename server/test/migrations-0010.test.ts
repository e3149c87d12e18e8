// Migrations 0009 and 0010 on a database in the old shape (roles with role_assignments,
// role_scope and all_rooms, as through 0008): every role's members and scope survive as
// one assignment each, the old tables and column are gone, and the built-in Site lead and
// Site technician exist with no assignments (a custom role that has one of their names keeps it).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratingDb, type MigratingDb } from './support/migrations.ts';

let m: MigratingDb;
beforeAll(async () => {
  m = await migratingDb();
  await m.upTo('0008-room-actions');
});
afterAll(async () => m?.close());

const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const levels = JSON.stringify({ rooms: 'modify', incidents: 'view', remoteAccess: 'view', roomActions: 'none', settings: 'none', roles: 'none', directory: 'none', enrollment: 'none', audit: 'none' });

describe('0009 + 0010: from roles with one scope to assignments', () => {
  it('keeps every member and scope entry of every role, as one assignment each', async () => {
    const [site, room1, room2, user1, user2, group1, group2, scoped, everywhere] = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => id(100 + n));
    await sql`insert into sites (id, name) values (${site}, 'Nordics')`.execute(m.db);
    await sql`insert into rooms (id, name, site_id, region, status, updated_at) values (${room1}, 'Oslo 1', ${site}, 'eu', 'offline', now()), (${room2}, 'Berlin 2', null, 'eu', 'offline', now())`.execute(m.db);
    await sql`insert into users (id, email, display_name) values (${user1}, 'u1@test.local', 'U1'), (${user2}, 'u2@test.local', 'U2')`.execute(m.db);
    await sql`insert into groups (id, display_name) values (${group1}, 'G1'), (${group2}, 'G2')`.execute(m.db);
    await sql`insert into roles (id, name, description, permissions, all_rooms, updated_at) values
      (${scoped}, 'Nordic leads', 'old shape', ${levels}::jsonb, false, now()),
      (${everywhere}, 'Everywhere', '', ${levels}::jsonb, true, now()),
      (${id(120)}, 'site technician', 'a custom role that already has the name', ${levels}::jsonb, false, now())`.execute(m.db);
    await sql`insert into role_assignments (role_id, principal_type, principal_id) values
      (${scoped}, 'user', ${user1}), (${scoped}, 'group', ${group1}), (${scoped}, 'group', ${group2}),
      (${everywhere}, 'user', ${user2})`.execute(m.db);
    await sql`insert into role_scope (role_id, kind, target_id) values (${scoped}, 'site', ${site}), (${scoped}, 'room', ${room1}), (${scoped}, 'room', ${room2})`.execute(m.db);

    await m.toLatest();

    const assignments = await sql<{ id: string; role_id: string; name: string; all_rooms: boolean; email_notifications: boolean }>`
      select id, role_id, name, all_rooms, email_notifications from assignments where role_id in (${scoped}, ${everywhere}) order by name`.execute(m.db);
    expect(assignments.rows.map((a) => [a.role_id, a.name, a.all_rooms, a.email_notifications])).toEqual([
      [everywhere, 'Everywhere', true, false],
      [scoped, 'Nordic leads', false, false],
    ]);
    const [all, nordic] = assignments.rows;
    const members = async (assignmentId: string) =>
      (await sql<{ t: string; p: string }>`select principal_type as t, principal_id as p from assignment_members where assignment_id = ${assignmentId} order by 1, 2`.execute(m.db)).rows.map((r) => `${r.t}:${r.p}`);
    const scope = async (assignmentId: string) =>
      (await sql<{ k: string; t: string }>`select kind as k, target_id as t from assignment_scope where assignment_id = ${assignmentId} order by 1, 2`.execute(m.db)).rows.map((r) => `${r.k}:${r.t}`);
    expect(await members(nordic!.id)).toEqual([`group:${group1}`, `group:${group2}`, `user:${user1}`]);
    expect(await scope(nordic!.id)).toEqual([`room:${room1}`, `room:${room2}`, `site:${site}`]);
    expect(await members(all!.id)).toEqual([`user:${user2}`]);
    expect(await scope(all!.id)).toEqual([]);
    // The built-in roles moved too: each has its one all-rooms assignment.
    const builtIns = await sql<{ built_in: string; n: string; all_rooms: boolean }>`
      select r.built_in, count(a.id) as n, bool_and(coalesce(a.all_rooms, false)) as all_rooms from roles r left join assignments a on a.role_id = r.id
      where r.built_in is not null group by r.built_in order by r.built_in`.execute(m.db);
    expect(builtIns.rows.map((r) => [r.built_in, Number(r.n), r.all_rooms])).toEqual([
      ['administrator', 1, true],
      ['reader', 1, true],
      ['site_lead', 0, false],
      ['site_technician', 0, false],
    ]);
  });

  it('drops the old shape and adds Site lead and Site technician with their levels', async () => {
    const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_name in ('role_assignments', 'role_scope')`.execute(m.db);
    expect(tables.rows).toEqual([]);
    const column = await sql<{ column_name: string }>`select column_name from information_schema.columns where table_name = 'roles' and column_name = 'all_rooms'`.execute(m.db);
    expect(column.rows).toEqual([]);
    expect((await sql<{ name: string }>`select name from roles where id = ${id(120)}`.execute(m.db)).rows).toEqual([{ name: 'site technician' }]);
    const roles = await sql<{ name: string; built_in: string; permissions: Record<string, string> }>`select name, built_in, permissions from roles where built_in in ('site_lead', 'site_technician') order by built_in`.execute(m.db);
    expect(roles.rows).toEqual([
      { name: 'Site lead', built_in: 'site_lead', permissions: expect.objectContaining({ rooms: 'modify', incidents: 'modify', roomActions: 'modify', remoteAccess: 'view', settings: 'none', roles: 'none', directory: 'none', enrollment: 'none', audit: 'none' }) },
      // A custom role had the name already: it keeps it, the built-in one says what it is.
      { name: 'Site technician (built-in)', built_in: 'site_technician', permissions: expect.objectContaining({ rooms: 'view', incidents: 'modify', remoteAccess: 'none', roomActions: 'none', settings: 'none' }) },
    ]);
  });
});
