// Role assignments: each has a name, members (groups, users), a room scope (all rooms, or
// sites, room groups and rooms) and an email-notifications flag. Loading many roles'
// assignments takes three queries whatever their number.
import { sql, type Selectable } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import type { AssignmentsTable } from '../db/schema.ts';
import { toPage, type Page } from './cursor.ts';
import { decodeUuidCursor, mapUnique, afterNameCursor } from './directory-support.ts';

export interface AssignmentRecord {
  id: string;
  roleId: string;
  name: string;
  groupIds: string[];
  userIds: string[];
  allRooms: boolean;
  siteIds: string[];
  roomGroupIds: string[];
  roomIds: string[];
  emailNotifications: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** What an assignment is made of; `allRooms` empties the lists. */
export type AssignmentWrite = Omit<AssignmentRecord, 'id' | 'roleId' | 'createdAt' | 'updatedAt'>;

type Row = Selectable<AssignmentsTable>;

async function hydrate(rows: Row[], ex: Executor): Promise<AssignmentRecord[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [members, scope] = await Promise.all([
    ex.selectFrom('assignment_members').select(['assignment_id', 'principal_type', 'principal_id']).where('assignment_id', 'in', ids).orderBy('principal_id').execute(),
    ex.selectFrom('assignment_scope').select(['assignment_id', 'kind', 'target_id']).where('assignment_id', 'in', ids).orderBy('target_id').execute(),
  ]);
  const ofKind = (id: string, kind: string): string[] => scope.filter((s) => s.assignment_id === id && s.kind === kind).map((s) => s.target_id);
  return rows.map((r) => ({
    id: r.id,
    roleId: r.role_id,
    name: r.name,
    groupIds: members.filter((m) => m.assignment_id === r.id && m.principal_type === 'group').map((m) => m.principal_id),
    userIds: members.filter((m) => m.assignment_id === r.id && m.principal_type === 'user').map((m) => m.principal_id),
    allRooms: r.all_rooms,
    siteIds: r.all_rooms ? [] : ofKind(r.id, 'site'),
    roomGroupIds: r.all_rooms ? [] : ofKind(r.id, 'room_group'),
    roomIds: r.all_rooms ? [] : ofKind(r.id, 'room'),
    emailNotifications: r.email_notifications,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

/** The assignments of each of `roleIds`, by name, keyed by role id. */
export async function assignmentsOfRoles(roleIds: readonly string[], ex: Executor): Promise<Map<string, AssignmentRecord[]>> {
  const out = new Map<string, AssignmentRecord[]>(roleIds.map((id) => [id, []]));
  if (roleIds.length === 0) return out;
  const rows = await ex.selectFrom('assignments').selectAll().where('role_id', 'in', [...roleIds]).orderBy(sql`lower(name)`).orderBy('id').execute();
  for (const a of await hydrate(rows, ex)) out.get(a.roleId)?.push(a);
  return out;
}

export class AssignmentsRepository {
  constructor(private readonly db: Db) {}

  async findById(roleId: string, id: string, ex: Executor = this.db): Promise<AssignmentRecord | undefined> {
    const row = await ex.selectFrom('assignments').selectAll().where('role_id', '=', roleId).where('id', '=', id).executeTakeFirst();
    return row ? (await hydrate([row], ex))[0] : undefined;
  }

  async list(roleId: string, opts: { limit: number; cursor?: string | undefined }, ex: Executor = this.db): Promise<Page<AssignmentRecord>> {
    const cursor = decodeUuidCursor(opts.cursor);
    let q = ex.selectFrom('assignments').selectAll().where('role_id', '=', roleId);
    if (cursor) q = q.where(afterNameCursor(cursor));
    const rows = await q.orderBy(sql`lower(name)`).orderBy('id').limit(opts.limit + 1).execute();
    const page = toPage(rows, opts.limit, (r) => ({ k: r.name.toLowerCase(), id: r.id }));
    return { items: await hydrate(page.items, ex), nextCursor: page.nextCursor };
  }

  async insert(roleId: string, id: string, a: AssignmentWrite, ex: Executor = this.db): Promise<void> {
    await mapUnique(
      ex.insertInto('assignments').values({ id, role_id: roleId, name: a.name, all_rooms: a.allRooms, email_notifications: a.emailNotifications }).execute(),
      'name',
      'An assignment of this role with this name',
    );
    await this.writeParts(id, a, ex);
  }

  async update(id: string, a: AssignmentWrite, ex: Executor = this.db): Promise<void> {
    await mapUnique(
      ex.updateTable('assignments').set({ name: a.name, all_rooms: a.allRooms, email_notifications: a.emailNotifications, updated_at: new Date() }).where('id', '=', id).execute(),
      'name',
      'An assignment of this role with this name',
    );
    await ex.deleteFrom('assignment_members').where('assignment_id', '=', id).execute();
    await ex.deleteFrom('assignment_scope').where('assignment_id', '=', id).execute();
    await this.writeParts(id, a, ex);
  }

  async rename(id: string, name: string, ex: Executor = this.db): Promise<void> {
    await ex.updateTable('assignments').set({ name }).where('id', '=', id).execute();
  }

  private async writeParts(id: string, a: AssignmentWrite, ex: Executor): Promise<void> {
    const members = [
      ...a.groupIds.map((p) => ({ assignment_id: id, principal_type: 'group' as const, principal_id: p })),
      ...a.userIds.map((p) => ({ assignment_id: id, principal_type: 'user' as const, principal_id: p })),
    ];
    if (members.length) await ex.insertInto('assignment_members').values(members).execute();
    if (a.allRooms) return;
    const scope = [
      ...a.siteIds.map((t) => ({ assignment_id: id, kind: 'site' as const, target_id: t })),
      ...a.roomGroupIds.map((t) => ({ assignment_id: id, kind: 'room_group' as const, target_id: t })),
      ...a.roomIds.map((t) => ({ assignment_id: id, kind: 'room' as const, target_id: t })),
    ];
    if (scope.length) await ex.insertInto('assignment_scope').values(scope).execute();
  }

  async delete(id: string, ex: Executor = this.db): Promise<boolean> {
    const r = await ex.deleteFrom('assignments').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** Marks the role changed (its updatedAt) when one of its assignments changes. */
  async touchRole(roleId: string, ex: Executor = this.db): Promise<void> {
    await ex.updateTable('roles').set({ updated_at: new Date() }).where('id', '=', roleId).execute();
  }
}
