// Local users: list and search, create (argon2id password, optional), edit, disable,
// delete. Disabling or deleting a user ends their sign-in sessions and API tokens in
// the same transaction; the last Administrator is protected on both paths.
import type { GroupView, UserView } from '@roomwarden/protocol';
import type { EventBus } from '../bus/event-bus.ts';
import type { Page } from '../repositories/cursor.ts';
import type { GroupsRepository } from '../repositories/groups.repository.ts';
import type { Transactor } from '../repositories/transactor.ts';
import type { UserRecord, UsersRepository } from '../repositories/users.repository.ts';
import { AppError, invalid, notFound } from '../errors.ts';
import type { AuditService } from '../platform/audit.service.ts';
import type { Caller } from '../access/caller.ts';
import type { AdministratorGuard } from '../access/administrator-guard.ts';
import { hashPassword, passwordProblem } from '../auth/passwords.ts';
import { groupView, userView } from './views.ts';

export interface UserCreate {
  email: string;
  displayName: string;
  password?: string | undefined;
  externalId?: string | null | undefined;
}

export interface UserPatch {
  email?: string | undefined;
  displayName?: string | undefined;
  password?: string | undefined;
  disabled?: boolean | undefined;
  externalId?: string | null | undefined;
}

export interface ListQuery {
  q?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

async function hashChecked(password: string | undefined): Promise<string | undefined> {
  if (password === undefined) return undefined;
  const problem = passwordProblem(password);
  if (problem) throw invalid('password', problem);
  return hashPassword(password);
}

export interface UsersServiceDeps {
  users: UsersRepository;
  groups: GroupsRepository;
  tx: Transactor;
  audit: AuditService;
  guard: AdministratorGuard;
  bus: EventBus;
}

export class UsersService {
  constructor(private readonly deps: UsersServiceDeps) {}

  async list(query: ListQuery): Promise<Page<UserView>> {
    const page = await this.deps.users.list(query);
    return { items: page.items.map(userView), nextCursor: page.nextCursor };
  }

  async get(id: string): Promise<UserView> {
    const user = await this.deps.users.findById(id);
    if (!user) throw notFound('User');
    return userView(user);
  }

  async groupsOf(id: string, query: { limit: number; cursor?: string | undefined }): Promise<Page<GroupView>> {
    if (!(await this.deps.users.findById(id))) throw notFound('User');
    const page = await this.deps.groups.pageForUser(id, query);
    return { items: page.items.map((g) => groupView(g)), nextCursor: page.nextCursor };
  }

  async create(caller: Caller, input: UserCreate): Promise<UserView> {
    const hash = await hashChecked(input.password);
    const email = input.email.trim();
    return this.deps.tx.run(async (ex) => {
      if (await this.deps.users.findByEmail(email, ex)) throw new AppError('ALREADY_EXISTS', 'A user with this email already exists', 'email');
      if (input.externalId && (await this.deps.users.findByExternalId(input.externalId, ex))) {
        throw new AppError('ALREADY_EXISTS', 'A user with this externalId already exists', 'externalId');
      }
      const row = await this.deps.users.insert(
        { id: crypto.randomUUID(), email, displayName: input.displayName, passwordHash: hash ?? null, externalId: input.externalId ?? null, updatedAt: new Date() },
        ex,
      );
      const after = userView(row);
      await this.deps.audit.record(caller, { action: 'user.create', targetType: 'user', targetId: row.id, details: { before: null, after, passwordSet: hash !== undefined } }, ex);
      return after;
    });
  }

  async update(caller: Caller, id: string, patch: UserPatch): Promise<UserView> {
    const hash = await hashChecked(patch.password);
    const view = await this.deps.tx.run(async (ex) => {
      const work = async (): Promise<{ before: UserRecord; row: UserRecord; revoked: { sessions: number; tokens: number } | null }> => {
        const before = await this.deps.users.findById(id, ex);
        if (!before) throw notFound('User');
        await this.deps.guard.mayManageUser(caller, id, ex);
        const email = patch.email?.trim();
        if (email !== undefined && email.toLowerCase() !== before.email.toLowerCase() && (await this.deps.users.findByEmail(email, ex))) {
          throw new AppError('ALREADY_EXISTS', 'A user with this email already exists', 'email');
        }
        if (patch.externalId && patch.externalId !== before.externalId) {
          const other = await this.deps.users.findByExternalId(patch.externalId, ex);
          if (other && other.id !== id) throw new AppError('ALREADY_EXISTS', 'A user with this externalId already exists', 'externalId');
        }
        const row = await this.deps.users.update(
          id,
          {
            ...(email !== undefined ? { email } : {}),
            ...(patch.displayName !== undefined ? { displayName: patch.displayName } : {}),
            ...(hash !== undefined ? { passwordHash: hash } : {}),
            ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
            ...(patch.externalId !== undefined ? { externalId: patch.externalId } : {}),
          },
          ex,
        );
        if (!row) throw notFound('User');
        // A disabled account or a reset password ends every sign-in session and API token now.
        const revoke = (row.disabled && !before.disabled) || hash !== undefined;
        const revoked = revoke ? await this.deps.users.revokeCredentials(id, new Date(), ex) : null;
        return { before, row, revoked };
      };
      const disabling = patch.disabled === true;
      const { before, row, revoked } = disabling ? await this.deps.guard.protect(ex, work) : await work();
      const action = row.disabled && !before.disabled ? 'user.disable' : !row.disabled && before.disabled ? 'user.enable' : 'user.update';
      const after = userView(row);
      await this.deps.audit.record(
        caller,
        { action, targetType: 'user', targetId: id, details: { before: userView(before), after, passwordChanged: hash !== undefined, ...(revoked ? { revoked } : {}) } },
        ex,
      );
      return after;
    });
    // Live remote sessions and event streams of a disabled user end now; other changes trigger a permission re-check.
    await this.deps.bus.publish(view.disabled && patch.disabled === true ? { type: 'user.disabled', userId: id } : { type: 'user.updated', userId: id });
    return view;
  }

  async delete(caller: Caller, id: string): Promise<void> {
    await this.deps.tx.run(async (ex) => {
      const before = await this.deps.guard.protect(ex, async () => {
        const row = await this.deps.users.findById(id, ex);
        if (!row) throw notFound('User');
        await this.deps.guard.mayManageUser(caller, id, ex);
        const groups = await this.deps.groups.listForUser(id, ex);
        await this.deps.users.deleteWithAssignments(id, ex);
        return { ...userView(row), groupIds: groups.map((g) => g.id) };
      });
      await this.deps.audit.record(caller, { action: 'user.delete', targetType: 'user', targetId: id, details: { before, after: null } }, ex);
    });
    await this.deps.bus.publish({ type: 'user.disabled', userId: id, deleted: true });
  }
}
