// The last Administrator can never be removed, whatever the path: a role edit that drops
// assignments, a group member removed or a group deleted, a user disabled or deleted.
// "Administrator" = an enabled user holding the built-in Administrator role directly or
// through a group. Every such change runs through protect(), inside its transaction:
// the Administrator role row is locked first (so two concurrent removals serialise), the
// change is made, and if no administrator is left the error rolls the transaction back.
import type { Executor } from '../db/database.ts';
import type { RolesRepository } from '../repositories/roles.repository.ts';
import { AppError } from '../errors.ts';

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
}
