// What the authorisation service needs to decide: the roles a user holds (directly or
// through any of their groups) with their levels and room scopes, in two queries
// however many roles and rooms there are.
import type { Selectable } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import type { RolesTable } from '../db/schema.ts';
import type { RoleRecord } from './roles.repository.ts';

export type HeldRole = Pick<RoleRecord, 'id' | 'name' | 'builtIn' | 'permissions' | 'allRooms' | 'siteIds' | 'roomIds'>;

export class AccessRepository {
  constructor(private readonly db: Db) {}

  async rolesHeldBy(userId: string, ex: Executor = this.db): Promise<HeldRole[]> {
    const roles = await ex
      .selectFrom('roles')
      .select(['roles.id', 'roles.name', 'roles.built_in', 'roles.permissions', 'roles.all_rooms'])
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('role_assignments as ra')
            .select('ra.role_id')
            .whereRef('ra.role_id', '=', 'roles.id')
            .where((w) =>
              w.or([
                w.and([w('ra.principal_type', '=', 'user'), w('ra.principal_id', '=', userId)]),
                w.and([
                  w('ra.principal_type', '=', 'group'),
                  w('ra.principal_id', 'in', w.selectFrom('group_members').select('group_id').where('user_id', '=', userId)),
                ]),
              ]),
            ),
        ),
      )
      .execute();
    return this.withScopes(roles, ex);
  }

  /**
   * The roles each of many users holds, in three queries whatever the number of users
   * (the remote-session re-check asks for every user with a live session at once).
   */
  async rolesHeldByEach(userIds: readonly string[], ex: Executor = this.db): Promise<Map<string, HeldRole[]>> {
    const held = new Map<string, HeldRole[]>(userIds.map((id) => [id, []]));
    if (userIds.length === 0) return held;
    const pairs: Array<{ user_id: string; role_id: string }> = [];
    for (let i = 0; i < userIds.length; i += 500) {
      const ids = userIds.slice(i, i + 500);
      pairs.push(
        ...(await ex
          .selectFrom('role_assignments as ra')
          .select(['ra.principal_id as user_id', 'ra.role_id'])
          .where('ra.principal_type', '=', 'user')
          .where('ra.principal_id', 'in', ids)
          .union(
            ex
              .selectFrom('role_assignments as ra')
              .innerJoin('group_members as gm', 'gm.group_id', 'ra.principal_id')
              .select(['gm.user_id', 'ra.role_id'])
              .where('ra.principal_type', '=', 'group')
              .where('gm.user_id', 'in', ids),
          )
          .execute()),
      );
    }
    const roleIds = [...new Set(pairs.map((p) => p.role_id))];
    if (roleIds.length === 0) return held;
    const roles = await ex.selectFrom('roles').select(['roles.id', 'roles.name', 'roles.built_in', 'roles.permissions', 'roles.all_rooms']).where('roles.id', 'in', roleIds).execute();
    const byId = new Map((await this.withScopes(roles, ex)).map((r) => [r.id, r]));
    for (const { user_id, role_id } of pairs) {
      const role = byId.get(role_id);
      if (role) held.get(user_id)?.push(role);
    }
    return held;
  }

  private async withScopes(roles: Array<Pick<Selectable<RolesTable>, 'id' | 'name' | 'built_in' | 'permissions' | 'all_rooms'>>, ex: Executor): Promise<HeldRole[]> {
    if (roles.length === 0) return [];
    const scoped = roles.filter((r) => !r.all_rooms).map((r) => r.id);
    const scope = scoped.length
      ? await ex.selectFrom('role_scope').select(['role_id', 'kind', 'target_id']).where('role_id', 'in', scoped).execute()
      : [];
    return roles.map((r) => ({
      id: r.id,
      name: r.name,
      builtIn: r.built_in,
      permissions: r.permissions,
      allRooms: r.all_rooms,
      siteIds: scope.filter((s) => s.role_id === r.id && s.kind === 'site').map((s) => s.target_id),
      roomIds: scope.filter((s) => s.role_id === r.id && s.kind === 'room').map((s) => s.target_id),
    }));
  }
}
