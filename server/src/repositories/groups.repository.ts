import type { Selectable } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import type { GroupsTable } from '../db/schema.ts';

export type GroupRow = Selectable<GroupsTable>;

export class GroupsRepository {
  constructor(private readonly db: Db) {}

  listForUser(userId: string, ex: Executor = this.db): Promise<GroupRow[]> {
    return ex
      .selectFrom('groups')
      .innerJoin('group_members', 'group_members.group_id', 'groups.id')
      .selectAll('groups')
      .where('group_members.user_id', '=', userId)
      .orderBy('groups.display_name')
      .execute();
  }
}
