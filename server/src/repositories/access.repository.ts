// What the authorisation service needs to decide: the roles a user holds (directly or
// through any of their groups) with their levels and room scopes, in two queries
// however many roles and rooms there are.
import type { Db } from '../db/database.ts';

export interface HeldRole {
  id: string;
  name: string;
  builtIn: string | null;
  permissions: Record<string, string>;
  allRooms: boolean;
  siteIds: string[];
  roomIds: string[];
}

export class AccessRepository {
  constructor(private readonly db: Db) {}

  async rolesHeldBy(userId: string): Promise<HeldRole[]> {
    const roles = await this.db
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
    if (roles.length === 0) return [];
    const scoped = roles.filter((r) => !r.all_rooms).map((r) => r.id);
    const scope = scoped.length
      ? await this.db.selectFrom('role_scope').select(['role_id', 'kind', 'target_id']).where('role_id', 'in', scoped).execute()
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
