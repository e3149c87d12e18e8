// Security groups and their members.
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import type { GroupsTable } from '../db/schema.ts';
import { toPage, type Page } from './cursor.ts';
import { containsPattern, decodeUuidCursor, mapUnique } from './directory-support.ts';
import { camel, columns, type Camel } from './records.ts';
import type { UserRecord } from './users.repository.ts';

export type GroupRecord = Camel<Selectable<GroupsTable>>;
export type GroupWithCount = GroupRecord & { memberCount: number };
export type NewGroup = Camel<Insertable<GroupsTable>>;
export type GroupChanges = Camel<Updateable<GroupsTable>>;

export class GroupsRepository {
  constructor(private readonly db: Db) {}

  async listForUser(userId: string, ex: Executor = this.db): Promise<GroupRecord[]> {
    const rows = await ex
      .selectFrom('groups')
      .innerJoin('group_members', 'group_members.group_id', 'groups.id')
      .selectAll('groups')
      .where('group_members.user_id', '=', userId)
      .orderBy('groups.display_name')
      .execute();
    return rows.map(camel);
  }

  /** A user's groups by name, a page at a time. */
  async pageForUser(userId: string, opts: { limit: number; cursor?: string | undefined }, ex: Executor = this.db): Promise<Page<GroupRecord>> {
    const cursor = decodeUuidCursor(opts.cursor);
    let q = ex.selectFrom('groups').innerJoin('group_members as gm', 'gm.group_id', 'groups.id').selectAll('groups').where('gm.user_id', '=', userId);
    if (cursor) {
      const k = String(cursor.k);
      q = q.where((eb) => eb.or([eb(sql`lower(groups.display_name)`, '>', k), eb.and([eb(sql`lower(groups.display_name)`, '=', k), eb('groups.id', '>', cursor.id)])]));
    }
    const rows = await q.orderBy(sql`lower(groups.display_name)`).orderBy('groups.id').limit(opts.limit + 1).execute();
    return toPage(rows.map(camel), opts.limit, (r) => ({ k: r.displayName.toLowerCase(), id: r.id }));
  }

  async findById(id: string, ex: Executor = this.db): Promise<GroupRecord | undefined> {
    const row = await ex.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst();
    return row && camel(row);
  }

  async findByExternalId(externalId: string, ex: Executor = this.db): Promise<GroupRecord | undefined> {
    const row = await ex.selectFrom('groups').selectAll().where('external_id', '=', externalId).executeTakeFirst();
    return row && camel(row);
  }

  async memberCount(id: string, ex: Executor = this.db): Promise<number> {
    const r = await ex.selectFrom('group_members').select(sql<string>`count(*)`.as('n')).where('group_id', '=', id).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async list(opts: { q?: string | undefined; limit: number; cursor?: string | undefined }, ex: Executor = this.db): Promise<Page<GroupWithCount>> {
    const cursor = decodeUuidCursor(opts.cursor);
    let q = ex
      .selectFrom('groups')
      .selectAll('groups')
      .select((eb) => eb.selectFrom('group_members').select(sql<string>`count(*)`.as('n')).whereRef('group_members.group_id', '=', 'groups.id').as('member_count'));
    if (opts.q) {
      const like = containsPattern(opts.q);
      q = q.where((eb) => eb.or([eb(sql`lower(display_name)`, 'like', like), eb(sql`lower(description)`, 'like', like)]));
    }
    if (cursor) {
      const k = String(cursor.k);
      q = q.where((eb) => eb.or([eb(sql`lower(display_name)`, '>', k), eb.and([eb(sql`lower(display_name)`, '=', k), eb('id', '>', cursor.id)])]));
    }
    const rows = await q.orderBy(sql`lower(display_name)`).orderBy('id').limit(opts.limit + 1).execute();
    const withCounts = rows.map((r) => ({ ...camel(r), memberCount: Number(r.member_count ?? 0) }));
    return toPage(withCounts, opts.limit, (r) => ({ k: r.displayName.toLowerCase(), id: r.id }));
  }

  async insert(group: NewGroup, ex: Executor = this.db): Promise<GroupRecord> {
    const row = await mapUnique(
      ex.insertInto('groups').values(columns<Insertable<GroupsTable>>(group)).returningAll().executeTakeFirstOrThrow(),
      'externalId',
      'A group with this externalId',
    );
    return camel(row);
  }

  async update(id: string, patch: GroupChanges, ex: Executor = this.db): Promise<GroupRecord | undefined> {
    const row = await mapUnique(
      ex
        .updateTable('groups')
        .set({ ...columns<Updateable<GroupsTable>>(patch), updated_at: new Date() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst(),
      'externalId',
      'A group with this externalId',
    );
    return row && camel(row);
  }

  /** Removes a group, its memberships (cascade) and the role assignments that name it. */
  async deleteWithAssignments(id: string, ex: Executor = this.db): Promise<boolean> {
    await ex.deleteFrom('assignment_members').where('principal_type', '=', 'group').where('principal_id', '=', id).execute();
    const r = await ex.deleteFrom('groups').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async existingIds(ids: readonly string[], ex: Executor = this.db): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await ex.selectFrom('groups').select('id').where('id', 'in', [...ids]).execute();
    return new Set(rows.map((r) => r.id));
  }

  async isMember(groupId: string, userId: string, ex: Executor = this.db): Promise<boolean> {
    const r = await ex.selectFrom('group_members').select('user_id').where('group_id', '=', groupId).where('user_id', '=', userId).executeTakeFirst();
    return r !== undefined;
  }

  /** True when the membership was added (false when it already existed). */
  async addMember(groupId: string, userId: string, ex: Executor = this.db): Promise<boolean> {
    const r = await ex.insertInto('group_members').values({ group_id: groupId, user_id: userId }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  async removeMember(groupId: string, userId: string, ex: Executor = this.db): Promise<boolean> {
    const r = await ex.deleteFrom('group_members').where('group_id', '=', groupId).where('user_id', '=', userId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** Members of a group, ordered by email, a page at a time. */
  async members(groupId: string, opts: { q?: string | undefined; limit: number; cursor?: string | undefined }, ex: Executor = this.db): Promise<Page<UserRecord>> {
    const cursor = decodeUuidCursor(opts.cursor);
    let q = ex.selectFrom('users').innerJoin('group_members as gm', 'gm.user_id', 'users.id').selectAll('users').where('gm.group_id', '=', groupId);
    if (opts.q) {
      const like = containsPattern(opts.q);
      q = q.where((eb) => eb.or([eb(sql`lower(users.email)`, 'like', like), eb(sql`lower(users.display_name)`, 'like', like)]));
    }
    if (cursor) {
      const k = String(cursor.k);
      q = q.where((eb) => eb.or([eb(sql`lower(users.email)`, '>', k), eb.and([eb(sql`lower(users.email)`, '=', k), eb('users.id', '>', cursor.id)])]));
    }
    const rows = await q.orderBy(sql`lower(users.email)`).orderBy('users.id').limit(opts.limit + 1).execute();
    return toPage(rows.map(camel), opts.limit, (r) => ({ k: r.email.toLowerCase(), id: r.id }));
  }
}
