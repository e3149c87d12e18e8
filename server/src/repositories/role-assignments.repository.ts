import type { Db, Executor } from '../db/database.ts';

/** The small write side of roles needed at bootstrap: a member added to a built-in role's
 * all-rooms assignment (the oldest one; made when there is none). */
export class RolesWriter {
  constructor(private readonly db: Db) {}

  async assignBuiltIn(builtIn: 'administrator' | 'reader', principalType: 'user' | 'group', principalId: string, ex: Executor = this.db): Promise<void> {
    const role = await ex.selectFrom('roles').select(['id', 'name']).where('built_in', '=', builtIn).executeTakeFirstOrThrow();
    let assignment = await ex.selectFrom('assignments').select('id').where('role_id', '=', role.id).where('all_rooms', '=', true).orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
    if (!assignment) {
      assignment = { id: crypto.randomUUID() };
      await ex.insertInto('assignments').values({ id: assignment.id, role_id: role.id, name: role.name, all_rooms: true }).execute();
    }
    await ex
      .insertInto('assignment_members')
      .values({ assignment_id: assignment.id, principal_type: principalType, principal_id: principalId })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}
