// Roles with their assignments (groups, users) and room scopes (all rooms, sites, rooms),
// and the "enabled administrators" count that guards the last Administrator.
import { sql, type Selectable } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import type { RolesTable } from '../db/schema.ts';
import { toPage, type Page } from './cursor.ts';
import { containsPattern, decodeUuidCursor, mapUnique } from './directory-support.ts';

type RoleRow = Selectable<RolesTable>;

export interface RoleRecord {
  id: string;
  name: string;
  description: string;
  builtIn: string | null;
  permissions: Record<string, string>;
  allRooms: boolean;
  groupIds: string[];
  userIds: string[];
  siteIds: string[];
  roomIds: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface RoleWrite {
  name: string;
  description: string;
  permissions: Record<string, string>;
  allRooms: boolean;
}

export class RolesRepository {
  constructor(private readonly db: Db) {}

  /** Loads assignments and scopes for a set of roles: two queries whatever the count. */
  private async hydrate(rows: RoleRow[], ex: Executor): Promise<RoleRecord[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [assignments, scopes] = await Promise.all([
      ex.selectFrom('role_assignments').select(['role_id', 'principal_type', 'principal_id']).where('role_id', 'in', ids).orderBy('principal_id').execute(),
      ex.selectFrom('role_scope').select(['role_id', 'kind', 'target_id']).where('role_id', 'in', ids).orderBy('target_id').execute(),
    ]);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      description: r.description,
      builtIn: r.built_in,
      permissions: r.permissions,
      allRooms: r.all_rooms,
      groupIds: assignments.filter((a) => a.role_id === r.id && a.principal_type === 'group').map((a) => a.principal_id),
      userIds: assignments.filter((a) => a.role_id === r.id && a.principal_type === 'user').map((a) => a.principal_id),
      siteIds: scopes.filter((s) => s.role_id === r.id && s.kind === 'site').map((s) => s.target_id),
      roomIds: scopes.filter((s) => s.role_id === r.id && s.kind === 'room').map((s) => s.target_id),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  }

  async findById(id: string, ex: Executor = this.db): Promise<RoleRecord | undefined> {
    const row = await ex.selectFrom('roles').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? (await this.hydrate([row], ex))[0] : undefined;
  }

  async findByName(name: string, ex: Executor = this.db): Promise<RoleRecord | undefined> {
    const row = await ex.selectFrom('roles').selectAll().where(sql<string>`lower(name)`, '=', name.toLowerCase()).executeTakeFirst();
    return row ? (await this.hydrate([row], ex))[0] : undefined;
  }

  async list(opts: { q?: string | undefined; limit: number; cursor?: string | undefined }, ex: Executor = this.db): Promise<Page<RoleRecord>> {
    const cursor = decodeUuidCursor(opts.cursor);
    let q = ex.selectFrom('roles').selectAll();
    if (opts.q) {
      const like = containsPattern(opts.q);
      q = q.where((eb) => eb.or([eb(sql`lower(name)`, 'like', like), eb(sql`lower(description)`, 'like', like)]));
    }
    if (cursor) {
      const k = String(cursor.k);
      q = q.where((eb) => eb.or([eb(sql`lower(name)`, '>', k), eb.and([eb(sql`lower(name)`, '=', k), eb('id', '>', cursor.id)])]));
    }
    const rows = await q.orderBy(sql`lower(name)`).orderBy('id').limit(opts.limit + 1).execute();
    const page = toPage(rows, opts.limit, (r) => ({ k: r.name.toLowerCase(), id: r.id }));
    return { items: await this.hydrate(page.items, ex), nextCursor: page.nextCursor };
  }

  async insert(id: string, role: RoleWrite, ex: Executor = this.db): Promise<void> {
    await mapUnique(
      ex
        .insertInto('roles')
        .values({ id, name: role.name, description: role.description, permissions: JSON.stringify(role.permissions), all_rooms: role.allRooms, updated_at: new Date() })
        .execute(),
      'name',
      'A role with this name',
    );
  }

  async update(id: string, role: RoleWrite, ex: Executor = this.db): Promise<void> {
    await mapUnique(
      ex
        .updateTable('roles')
        .set({ name: role.name, description: role.description, permissions: JSON.stringify(role.permissions), all_rooms: role.allRooms, updated_at: new Date() })
        .where('id', '=', id)
        .execute(),
      'name',
      'A role with this name',
    );
  }

  async delete(id: string, ex: Executor = this.db): Promise<boolean> {
    const r = await ex.deleteFrom('roles').where('id', '=', id).where('built_in', 'is', null).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async replaceAssignments(roleId: string, groupIds: readonly string[], userIds: readonly string[], ex: Executor = this.db): Promise<void> {
    await ex.deleteFrom('role_assignments').where('role_id', '=', roleId).execute();
    const rows = [
      ...groupIds.map((id) => ({ role_id: roleId, principal_type: 'group' as const, principal_id: id })),
      ...userIds.map((id) => ({ role_id: roleId, principal_type: 'user' as const, principal_id: id })),
    ];
    if (rows.length) await ex.insertInto('role_assignments').values(rows).execute();
  }

  async replaceScope(roleId: string, siteIds: readonly string[], roomIds: readonly string[], ex: Executor = this.db): Promise<void> {
    await ex.deleteFrom('role_scope').where('role_id', '=', roleId).execute();
    const rows = [
      ...siteIds.map((id) => ({ role_id: roleId, kind: 'site' as const, target_id: id })),
      ...roomIds.map((id) => ({ role_id: roleId, kind: 'room' as const, target_id: id })),
    ];
    if (rows.length) await ex.insertInto('role_scope').values(rows).execute();
  }

  /**
   * Serialises every change that could remove an Administrator: takes a row lock on the
   * built-in Administrator role until the transaction ends. Call first in the transaction.
   */
  async lockAdministratorRole(ex: Executor): Promise<void> {
    await ex.selectFrom('roles').select('id').where('built_in', '=', 'administrator').forUpdate().execute();
  }

  /** Whether a user holds the built-in Administrator role, directly or through a group (enabled or not). */
  async userHoldsAdministrator(userId: string, ex: Executor = this.db): Promise<boolean> {
    const r = await sql<{ n: string }>`
      select count(*) as n from role_assignments ra join roles r on r.id = ra.role_id
      where r.built_in = 'administrator' and (
        (ra.principal_type = 'user' and ra.principal_id = ${userId})
        or (ra.principal_type = 'group' and exists (
              select 1 from group_members gm where gm.group_id = ra.principal_id and gm.user_id = ${userId})))`.execute(ex);
    return Number(r.rows[0]?.n ?? 0) > 0;
  }

  /** Whether a group is assigned the built-in Administrator role. */
  async groupHoldsAdministrator(groupId: string, ex: Executor = this.db): Promise<boolean> {
    const r = await ex
      .selectFrom('role_assignments as ra')
      .innerJoin('roles as r', 'r.id', 'ra.role_id')
      .select('ra.role_id')
      .where('r.built_in', '=', 'administrator')
      .where('ra.principal_type', '=', 'group')
      .where('ra.principal_id', '=', groupId)
      .executeTakeFirst();
    return r !== undefined;
  }

  /** Enabled users who hold the built-in Administrator role, directly or through a group. */
  async countEnabledAdministrators(ex: Executor = this.db): Promise<number> {
    const r = await sql<{ n: string }>`
      select count(*) as n from users u
      where not u.disabled and exists (
        select 1 from role_assignments ra join roles r on r.id = ra.role_id
        where r.built_in = 'administrator' and (
          (ra.principal_type = 'user' and ra.principal_id = u.id)
          or (ra.principal_type = 'group' and exists (
                select 1 from group_members gm where gm.group_id = ra.principal_id and gm.user_id = u.id))))`.execute(ex);
    return Number(r.rows[0]?.n ?? 0);
  }
}
