// What single sign-on and SCIM provisioning need beyond the directory repositories:
// groups by many external ids, bulk and provider-managed membership changes, and which
// user is the built-in (break-glass) Administrator.
import type { Db, Executor } from '../db/database.ts';
import type { GroupRecord } from './groups.repository.ts';
import { camel } from './records.ts';

export class IdentityRepository {
  constructor(private readonly db: Db) {}

  // ---- groups
  async groupsByExternalIds(externalIds: string[], ex: Executor = this.db): Promise<GroupRecord[]> {
    if (externalIds.length === 0) return [];
    const rows = await ex.selectFrom('groups').selectAll().where('external_id', 'in', externalIds).execute();
    return rows.map(camel);
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
  async managedGroupsOf(userId: string, ex: Executor = this.db): Promise<GroupRecord[]> {
    const rows = await ex
      .selectFrom('groups')
      .innerJoin('group_members', 'group_members.group_id', 'groups.id')
      .selectAll('groups')
      .where('group_members.user_id', '=', userId)
      .where('groups.external_id', 'is not', null)
      .execute();
    return rows.map(camel);
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
  /** The first user ever given the Administrator role directly: the built-in administrator. */
  async builtInAdministratorId(ex: Executor = this.db): Promise<string | undefined> {
    const row = await ex
      .selectFrom('users')
      .innerJoin('assignment_members', (j) => j.onRef('assignment_members.principal_id', '=', 'users.id').on('assignment_members.principal_type', '=', 'user'))
      .innerJoin('assignments', 'assignments.id', 'assignment_members.assignment_id')
      .innerJoin('roles', 'roles.id', 'assignments.role_id')
      .select('users.id')
      .where('roles.built_in', '=', 'administrator')
      .orderBy('users.created_at')
      .orderBy('users.id')
      .limit(1)
      .executeTakeFirst();
    return row?.id;
  }
}
