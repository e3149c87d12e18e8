// Roles with their assignments (each: members, room scope, email flag; see
// assignments.repository.ts), and the "enabled administrators" count that guards the last
// Administrator.
import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import type { RolesTable } from '../db/schema.ts';
import { assignmentsOfRoles, type AssignmentRecord } from './assignments.repository.ts';
import { toPage, type Page } from './cursor.ts';
import { containsPattern, decodeUuidCursor, mapUnique, afterNameCursor } from './directory-support.ts';

type RoleRow = Selectable<RolesTable>;

export interface RoleRecord {
  id: string;
  name: string;
  description: string;
  builtIn: string | null;
  permissions: Record<string, string>;
  assignments: AssignmentRecord[];
  createdAt: Date;
  updatedAt: Date;
}

export interface RoleWrite {
  name: string;
  description: string;
  permissions: Record<string, string>;
}

/** Who holds the built-in Administrator role: an assignment of it names the user, or a group of theirs. */
const HOLDS_ADMINISTRATOR = (user: RawBuilder<unknown> | string): RawBuilder<boolean> => sql<boolean>`exists (
  select 1 from assignment_members am
  join assignments a on a.id = am.assignment_id
  join roles r on r.id = a.role_id
  where r.built_in = 'administrator' and (
    (am.principal_type = 'user' and am.principal_id = ${user})
    or (am.principal_type = 'group' and exists (
          select 1 from group_members gm where gm.group_id = am.principal_id and gm.user_id = ${user}))))`;

export class RolesRepository {
  constructor(private readonly db: Db) {}

  /** Loads the assignments of a set of roles: three queries whatever the count. */
  private async hydrate(rows: RoleRow[], ex: Executor): Promise<RoleRecord[]> {
    if (rows.length === 0) return [];
    const assignments = await assignmentsOfRoles(rows.map((r) => r.id), ex);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      description: r.description,
      builtIn: r.built_in,
      permissions: r.permissions,
      assignments: assignments.get(r.id) ?? [],
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
    if (cursor) q = q.where(afterNameCursor(cursor));
    const rows = await q.orderBy(sql`lower(name)`).orderBy('id').limit(opts.limit + 1).execute();
    const page = toPage(rows, opts.limit, (r) => ({ k: r.name.toLowerCase(), id: r.id }));
    return { items: await this.hydrate(page.items, ex), nextCursor: page.nextCursor };
  }

  async insert(id: string, role: RoleWrite, ex: Executor = this.db): Promise<void> {
    await mapUnique(
      ex
        .insertInto('roles')
        .values({ id, name: role.name, description: role.description, permissions: JSON.stringify(role.permissions), updated_at: new Date() })
        .execute(),
      'name',
      'A role with this name',
    );
  }

  async update(id: string, role: RoleWrite, ex: Executor = this.db): Promise<void> {
    await mapUnique(
      ex
        .updateTable('roles')
        .set({ name: role.name, description: role.description, permissions: JSON.stringify(role.permissions), updated_at: new Date() })
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

  /**
   * Serialises every change that could remove an Administrator: takes a row lock on the
   * built-in Administrator role until the transaction ends. Call first in the transaction.
   */
  async lockAdministratorRole(ex: Executor): Promise<void> {
    await ex.selectFrom('roles').select('id').where('built_in', '=', 'administrator').forUpdate().execute();
  }

  /** Whether a user holds the built-in Administrator role, directly or through a group (enabled or not). */
  async userHoldsAdministrator(userId: string, ex: Executor = this.db): Promise<boolean> {
    const r = await sql<{ held: boolean }>`select ${HOLDS_ADMINISTRATOR(userId)} as held`.execute(ex);
    return r.rows[0]?.held === true;
  }

  /** Whether an assignment of the built-in Administrator role names a group. */
  async groupHoldsAdministrator(groupId: string, ex: Executor = this.db): Promise<boolean> {
    const r = await ex
      .selectFrom('assignment_members as am')
      .innerJoin('assignments as a', 'a.id', 'am.assignment_id')
      .innerJoin('roles as r', 'r.id', 'a.role_id')
      .select('am.assignment_id')
      .where('r.built_in', '=', 'administrator')
      .where('am.principal_type', '=', 'group')
      .where('am.principal_id', '=', groupId)
      .executeTakeFirst();
    return r !== undefined;
  }

  /** Enabled users who hold the built-in Administrator role (over all its assignments), directly or through a group. */
  async countEnabledAdministrators(ex: Executor = this.db): Promise<number> {
    const r = await sql<{ n: string }>`select count(*) as n from users u where not u.disabled and ${HOLDS_ADMINISTRATOR(sql.ref('u.id'))}`.execute(ex);
    return Number(r.rows[0]?.n ?? 0);
  }
}
