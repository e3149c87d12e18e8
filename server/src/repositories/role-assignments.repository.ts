import type { Db, Executor } from '../db/database.ts';

/** The small write side of roles needed at bootstrap; the roles repository does the rest. */
export class RolesWriter {
  constructor(private readonly db: Db) {}

  async assignBuiltIn(builtIn: 'administrator' | 'reader', principalType: 'user' | 'group', principalId: string, ex: Executor = this.db): Promise<void> {
    const role = await ex.selectFrom('roles').select('id').where('built_in', '=', builtIn).executeTakeFirstOrThrow();
    await ex.insertInto('role_assignments').values({ role_id: role.id, principal_type: principalType, principal_id: principalId }).onConflict((oc) => oc.doNothing()).execute();
  }
}
