// First start: the built-in Administrator account. Without a configured password a
// strong one is generated and returned so that the caller prints it once. Nodes started
// together on a fresh database create it once: the check and the insert run under an
// advisory lock, so a second node waits for the first and then finds a user.
import type { UsersRepository } from '../repositories/users.repository.ts';
import type { Transactor } from '../repositories/transactor.ts';
import type { RolesWriter } from '../repositories/role-assignments.repository.ts';
import type { AuditService } from '../platform/audit.service.ts';
import type { AdvisoryLocksRepository } from '../repositories/advisory-locks.repository.ts';
import { systemCaller } from '../access/caller.ts';
import { hashPassword } from '../auth/passwords.ts';
import { generatePassword } from '../secrets/random-secrets.ts';

export class BootstrapService {
  constructor(
    private readonly users: UsersRepository,
    private readonly roles: RolesWriter,
    private readonly tx: Transactor,
    private readonly audit: AuditService,
    private readonly locks: AdvisoryLocksRepository,
  ) {}

  /** Creates the first administrator if there is no user yet; returns the generated password, if any. */
  async ensureAdministrator(email: string, configuredPassword: string | undefined): Promise<{ created: boolean; email: string; generatedPassword?: string }> {
    if ((await this.users.count()) > 0) return { created: false, email };
    const password = configuredPassword ?? generatePassword();
    const hash = await hashPassword(password);
    const created = await this.tx.run(async (ex) => {
      await this.locks.lockForTransaction('firstAdministrator', ex);
      if ((await this.users.count(ex)) > 0) return false; // another node was first
      const user = await this.users.insert({ id: crypto.randomUUID(), email, displayName: 'Administrator', passwordHash: hash, updatedAt: new Date() }, ex);
      await this.roles.assignBuiltIn('administrator', 'user', user.id, ex);
      await this.audit.record(systemCaller('bootstrap'), { action: 'user.create', targetType: 'user', targetId: user.id, details: { email, role: 'Administrator', reason: 'first start' } }, ex);
      return true;
    });
    if (!created) return { created: false, email };
    return configuredPassword ? { created: true, email } : { created: true, email, generatedPassword: password };
  }
}
