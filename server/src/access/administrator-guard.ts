// The last Administrator can never be removed, whatever the path: a role edit that drops
// assignments, an assignment changed or removed, a group member removed or a group deleted,
// a user disabled or deleted. "Administrator" = an enabled user who is a member (directly
// or through a group) of any assignment of the built-in Administrator role. Every such
// change runs through protect(), inside its transaction: the Administrator role row is
// locked first (so two concurrent removals serialise), the change is made, and if no
// administrator is left the error rolls the transaction back.
//
// It also stops escalation through the directory: only an Administrator may edit, disable
// or delete an Administrator's account (otherwise Users & groups: Modify could reset an
// Administrator's password and sign in as them), or change the members of, edit or
// delete a group that holds the Administrator role (or add themselves to it), or change
// the Administrator role's assignments.
import type { Executor } from '../db/database.ts';
import type { RolesRepository } from '../repositories/roles.repository.ts';
import { AppError } from '../errors.ts';
import type { Caller } from './caller.ts';

export class AdministratorGuard {
  constructor(private readonly roles: RolesRepository) {}

  async protect<T>(ex: Executor, change: () => Promise<T>): Promise<T> {
    await this.roles.lockAdministratorRole(ex);
    const result = await change();
    if ((await this.roles.countEnabledAdministrators(ex)) === 0) {
      throw new AppError('LAST_ADMINISTRATOR', 'This would leave no enabled Administrator; assign the Administrator role to someone else first');
    }
    return result;
  }

  /**
   * For changes an outside authority makes that must not fail as a whole (the group sync
   * of a single sign-on): lock as protect() does, and tell whether the change just made
   * left no enabled Administrator, so that the caller can take that part back.
   */
  async noAdministratorLeft(ex: Executor): Promise<boolean> {
    await this.roles.lockAdministratorRole(ex);
    return (await this.roles.countEnabledAdministrators(ex)) === 0;
  }

  async mayManageUser(caller: Caller, userId: string, ex: Executor): Promise<void> {
    if (!caller.grants.isAdministrator() && (await this.roles.userHoldsAdministrator(userId, ex))) {
      throw new AppError('FORBIDDEN', 'Only an Administrator can change, disable or delete an Administrator');
    }
  }

  /** Only an Administrator adds, changes or removes an assignment of the Administrator role. */
  mayChangeAdministratorAssignments(caller: Caller): void {
    if (!caller.grants.isAdministrator()) throw new AppError('FORBIDDEN', 'Only an Administrator can change who holds the Administrator role');
  }

  async mayManageGroup(caller: Caller, groupId: string, ex: Executor): Promise<void> {
    if (!caller.grants.isAdministrator() && (await this.roles.groupHoldsAdministrator(groupId, ex))) {
      throw new AppError('FORBIDDEN', 'Only an Administrator can change a group that holds the Administrator role');
    }
  }
}
