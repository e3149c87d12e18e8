// Directory writes that single sign-on and SCIM provisioning need: users and groups by
// external id, bulk membership changes, and the checks that keep the last Administrator.
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import type { GroupsTable, UsersTable } from '../db/schema.ts';

export type IdentityUserRow = Selectable<UsersTable>;
export type IdentityGroupRow = Selectable<GroupsTable>;

export class IdentityRepository {
  constructor(private readonly db: Db) {}

  // ---- users
  findUser(id: string, ex: Executor = this.db): Promise<IdentityUserRow | undefined> {
    return ex.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findUserByEmail(email: string, ex: Executor = this.db): Promise<IdentityUserRow | undefined> {
    return ex.selectFrom('users').selectAll().where(sql<string>`lower(email)`, '=', email.toLowerCase()).executeTakeFirst();
  }

  findUserByExternalId(externalId: string, ex: Executor = this.db): Promise<IdentityUserRow | undefined> {
    return ex.selectFrom('users').selectAll().where('external_id', '=', externalId).executeTakeFirst();
  }

  insertUser(row: Insertable<UsersTable>, ex: Executor = this.db): Promise<IdentityUserRow> {
    return ex.insertInto('users').values(row).returningAll().executeTakeFirstOrThrow();
  }

  updateUser(id: string, patch: Updateable<UsersTable>, ex: Executor = this.db): Promise<IdentityUserRow | undefined> {
    return ex.updateTable('users').set({ ...patch, updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirst();
  }

  /** Removes a user with what points at them; role assignments have no foreign key. */
  async deleteUser(id: string, ex: Executor): Promise<void> {
    await ex.deleteFrom('role_assignments').where('principal_type', '=', 'user').where('principal_id', '=', id).execute();
    await ex.deleteFrom('users').where('id', '=', id).execute();
  }

  /** A deleted user that other records still point at: disabled, renamed, out of every group and role. */
  async tombstoneUser(id: string, ex: Executor): Promise<void> {
    await ex.deleteFrom('group_members').where('user_id', '=', id).execute();
    await ex.deleteFrom('role_assignments').where('principal_type', '=', 'user').where('principal_id', '=', id).execute();
    await ex
      .updateTable('users')
      .set({ source: 'deleted', disabled: true, external_id: null, email: `deleted+${id}@deleted.invalid`, password_hash: null, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
  }

  /** Which of these ids are users (for validating member lists). */
  async existingUserIds(ids: string[], ex: Executor = this.db): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await ex.selectFrom('users').select('id').where('id', 'in', ids).execute();
    return new Set(rows.map((r) => r.id));
  }

  async revokeApiTokens(userId: string, at: Date, ex: Executor = this.db): Promise<number> {
    const r = await ex.updateTable('api_tokens').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  // ---- groups
  findGroup(id: string, ex: Executor = this.db): Promise<IdentityGroupRow | undefined> {
    return ex.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findGroupByExternalId(externalId: string, ex: Executor = this.db): Promise<IdentityGroupRow | undefined> {
    return ex.selectFrom('groups').selectAll().where('external_id', '=', externalId).executeTakeFirst();
  }

  groupsByExternalIds(externalIds: string[], ex: Executor = this.db): Promise<IdentityGroupRow[]> {
    if (externalIds.length === 0) return Promise.resolve([]);
    return ex.selectFrom('groups').selectAll().where('external_id', 'in', externalIds).execute();
  }

  insertGroup(row: Insertable<GroupsTable>, ex: Executor = this.db): Promise<IdentityGroupRow> {
    return ex.insertInto('groups').values(row).returningAll().executeTakeFirstOrThrow();
  }

  updateGroup(id: string, patch: Updateable<GroupsTable>, ex: Executor = this.db): Promise<IdentityGroupRow | undefined> {
    return ex.updateTable('groups').set({ ...patch, updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirst();
  }

  async deleteGroup(id: string, ex: Executor): Promise<void> {
    await ex.deleteFrom('role_assignments').where('principal_type', '=', 'group').where('principal_id', '=', id).execute();
    await ex.deleteFrom('groups').where('id', '=', id).execute();
  }

  // ---- memberships
  async memberIds(groupId: string, ex: Executor = this.db): Promise<string[]> {
    const rows = await ex.selectFrom('group_members').select('user_id').where('group_id', '=', groupId).orderBy('added_at').orderBy('user_id').execute();
    return rows.map((r) => r.user_id);
  }

  /** Members with their email, for SCIM's members[].display. */
  members(groupId: string, ex: Executor = this.db): Promise<Array<{ id: string; email: string }>> {
    return ex
      .selectFrom('group_members')
      .innerJoin('users', 'users.id', 'group_members.user_id')
      .select(['users.id', 'users.email'])
      .where('group_members.group_id', '=', groupId)
      .orderBy('group_members.added_at')
      .orderBy('users.id')
      .execute();
  }

  async addMembers(groupId: string, userIds: string[], ex: Executor): Promise<void> {
    if (userIds.length === 0) return;
    await ex
      .insertInto('group_members')
      .values(userIds.map((user_id) => ({ group_id: groupId, user_id })))
      .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
      .execute();
  }

  async removeMembers(groupId: string, userIds: string[], ex: Executor): Promise<void> {
    if (userIds.length === 0) return;
    await ex.deleteFrom('group_members').where('group_id', '=', groupId).where('user_id', 'in', userIds).execute();
  }

  /** The groups a user is in that an identity provider manages (they have an external id). */
  managedGroupsOf(userId: string, ex: Executor = this.db): Promise<IdentityGroupRow[]> {
    return ex
      .selectFrom('groups')
      .innerJoin('group_members', 'group_members.group_id', 'groups.id')
      .selectAll('groups')
      .where('group_members.user_id', '=', userId)
      .where('groups.external_id', 'is not', null)
      .execute();
  }

  async addUserToGroups(userId: string, groupIds: string[], ex: Executor): Promise<void> {
    if (groupIds.length === 0) return;
    await ex
      .insertInto('group_members')
      .values(groupIds.map((group_id) => ({ group_id, user_id: userId })))
      .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
      .execute();
  }

  async removeUserFromGroups(userId: string, groupIds: string[], ex: Executor): Promise<void> {
    if (groupIds.length === 0) return;
    await ex.deleteFrom('group_members').where('user_id', '=', userId).where('group_id', 'in', groupIds).execute();
  }

  // ---- the Administrator role
  /** Enabled users holding the built-in Administrator role, directly or through a group. */
  async countEnabledAdministrators(ex: Executor = this.db): Promise<number> {
    const r = await sql<{ n: string }>`
      select count(distinct u.id) as n from users u
      join roles r on r.built_in = 'administrator'
      join role_assignments ra on ra.role_id = r.id
      where u.disabled = false and (
        (ra.principal_type = 'user' and ra.principal_id = u.id) or
        (ra.principal_type = 'group' and exists (select 1 from group_members gm where gm.group_id = ra.principal_id and gm.user_id = u.id)))`.execute(ex);
    return Number(r.rows[0]?.n ?? 0);
  }

  /** The first user ever given the Administrator role directly: the built-in administrator. */
  async builtInAdministratorId(ex: Executor = this.db): Promise<string | undefined> {
    const row = await ex
      .selectFrom('users')
      .innerJoin('role_assignments', (j) => j.onRef('role_assignments.principal_id', '=', 'users.id').on('role_assignments.principal_type', '=', 'user'))
      .innerJoin('roles', 'roles.id', 'role_assignments.role_id')
      .select('users.id')
      .where('roles.built_in', '=', 'administrator')
      .orderBy('users.created_at')
      .orderBy('users.id')
      .limit(1)
      .executeTakeFirst();
    return row?.id;
  }
}
