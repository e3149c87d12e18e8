// What the authorisation service needs to decide: the role assignments a user holds
// (an assignment names them, or a group of theirs), each with its role's levels and its
// own room scope, in a fixed number of queries however many roles and rooms there are.
import type { Db, Executor } from '../db/database.ts';

export interface HeldAssignment {
  assignmentId: string;
  roleId: string;
  /** The role's name. */
  name: string;
  builtIn: string | null;
  permissions: Record<string, string>;
  allRooms: boolean;
  siteIds: string[];
  roomGroupIds: string[];
  roomIds: string[];
}

interface Pair {
  user_id: string;
  assignment_id: string;
}

export class AccessRepository {
  constructor(private readonly db: Db) {}

  async assignmentsHeldBy(userId: string, ex: Executor = this.db): Promise<HeldAssignment[]> {
    return (await this.assignmentsHeldByEach([userId], ex)).get(userId) ?? [];
  }

  /**
   * The assignments each of many users holds, in three queries per 500 users (the
   * remote-session re-check asks for every user with a live session at once).
   */
  async assignmentsHeldByEach(userIds: readonly string[], ex: Executor = this.db): Promise<Map<string, HeldAssignment[]>> {
    const held = new Map<string, HeldAssignment[]>(userIds.map((id) => [id, []]));
    if (userIds.length === 0) return held;
    const pairs: Pair[] = [];
    for (let i = 0; i < userIds.length; i += 500) {
      const ids = userIds.slice(i, i + 500);
      pairs.push(
        ...(await ex
          .selectFrom('assignment_members as am')
          .select(['am.principal_id as user_id', 'am.assignment_id'])
          .where('am.principal_type', '=', 'user')
          .where('am.principal_id', 'in', ids)
          .union(
            ex
              .selectFrom('assignment_members as am')
              .innerJoin('group_members as gm', 'gm.group_id', 'am.principal_id')
              .select(['gm.user_id', 'am.assignment_id'])
              .where('am.principal_type', '=', 'group')
              .where('gm.user_id', 'in', ids),
          )
          .execute()),
      );
    }
    const assignmentIds = [...new Set(pairs.map((p) => p.assignment_id))];
    if (assignmentIds.length === 0) return held;
    const byId = new Map((await this.load(assignmentIds, ex)).map((a) => [a.assignmentId, a]));
    for (const { user_id, assignment_id } of pairs) {
      const a = byId.get(assignment_id);
      if (a) held.get(user_id)?.push(a);
    }
    return held;
  }

  /** The room groups each of `roomIds` is in. */
  async roomGroupIdsOf(roomIds: readonly string[], ex: Executor = this.db): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>(roomIds.map((id) => [id, []]));
    if (roomIds.length === 0) return out;
    const rows = await ex.selectFrom('room_group_rooms').select(['room_id', 'room_group_id']).where('room_id', 'in', [...roomIds]).orderBy('room_group_id').execute();
    for (const r of rows) out.get(r.room_id)?.push(r.room_group_id);
    return out;
  }

  private async load(ids: string[], ex: Executor): Promise<HeldAssignment[]> {
    const rows = await ex
      .selectFrom('assignments as a')
      .innerJoin('roles as r', 'r.id', 'a.role_id')
      .select(['a.id', 'a.role_id', 'a.all_rooms', 'r.name', 'r.built_in', 'r.permissions'])
      .where('a.id', 'in', ids)
      .execute();
    const scoped = rows.filter((r) => !r.all_rooms).map((r) => r.id);
    const scope = scoped.length ? await ex.selectFrom('assignment_scope').select(['assignment_id', 'kind', 'target_id']).where('assignment_id', 'in', scoped).execute() : [];
    const ofKind = (id: string, kind: string): string[] => scope.filter((s) => s.assignment_id === id && s.kind === kind).map((s) => s.target_id);
    return rows.map((r) => ({
      assignmentId: r.id,
      roleId: r.role_id,
      name: r.name,
      builtIn: r.built_in,
      permissions: r.permissions,
      allRooms: r.all_rooms,
      siteIds: ofKind(r.id, 'site'),
      roomGroupIds: ofKind(r.id, 'room_group'),
      roomIds: ofKind(r.id, 'room'),
    }));
  }
}
