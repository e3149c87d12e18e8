// Security groups and their members. Removing a member from a group that holds the
// Administrator role, or deleting such a group, goes through the last-Administrator guard.
import type { GroupView, UserView } from '@roomwarden/protocol';
import type { EventBus } from '../bus/event-bus.ts';
import type { Page } from '../repositories/cursor.ts';
import type { GroupsRepository } from '../repositories/groups.repository.ts';
import type { Transactor } from '../repositories/transactor.ts';
import type { UsersRepository } from '../repositories/users.repository.ts';
import { AppError, invalid, notFound } from '../errors.ts';
import type { AuditService } from '../platform/audit.service.ts';
import type { Caller } from '../access/caller.ts';
import type { AdministratorGuard } from '../access/administrator-guard.ts';
import type { ListQuery } from './users.service.ts';
import { groupView, userView } from './views.ts';

export interface GroupCreate {
  displayName: string;
  description?: string | undefined;
  externalId?: string | null | undefined;
}

export type GroupPatch = Partial<GroupCreate>;

export interface GroupsServiceDeps {
  groups: GroupsRepository;
  users: UsersRepository;
  tx: Transactor;
  audit: AuditService;
  guard: AdministratorGuard;
  bus: EventBus;
}

export class GroupsService {
  constructor(private readonly deps: GroupsServiceDeps) {}

  async list(query: ListQuery): Promise<Page<GroupView>> {
    const page = await this.deps.groups.list(query);
    return { items: page.items.map((g) => groupView(g, g.memberCount)), nextCursor: page.nextCursor };
  }

  async get(id: string): Promise<GroupView> {
    const group = await this.deps.groups.findById(id);
    if (!group) throw notFound('Group');
    return groupView(group, await this.deps.groups.memberCount(id));
  }

  async create(caller: Caller, input: GroupCreate): Promise<GroupView> {
    return this.deps.tx.run(async (ex) => {
      if (input.externalId && (await this.deps.groups.findByExternalId(input.externalId, ex))) {
        throw new AppError('ALREADY_EXISTS', 'A group with this externalId already exists', 'externalId');
      }
      const row = await this.deps.groups.insert(
        { id: crypto.randomUUID(), displayName: input.displayName, description: input.description ?? '', externalId: input.externalId ?? null, updatedAt: new Date() },
        ex,
      );
      const after = groupView(row, 0);
      await this.deps.audit.record(caller, { action: 'group.create', targetType: 'group', targetId: row.id, details: { before: null, after } }, ex);
      return after;
    });
  }

  async update(caller: Caller, id: string, patch: GroupPatch): Promise<GroupView> {
    return this.deps.tx.run(async (ex) => {
      const before = await this.deps.groups.findById(id, ex);
      if (!before) throw notFound('Group');
      await this.deps.guard.mayManageGroup(caller, id, ex);
      if (patch.externalId && patch.externalId !== before.externalId) {
        const other = await this.deps.groups.findByExternalId(patch.externalId, ex);
        if (other && other.id !== id) throw new AppError('ALREADY_EXISTS', 'A group with this externalId already exists', 'externalId');
      }
      const row = await this.deps.groups.update(
        id,
        {
          ...(patch.displayName !== undefined ? { displayName: patch.displayName } : {}),
          ...(patch.description !== undefined ? { description: patch.description } : {}),
          ...(patch.externalId !== undefined ? { externalId: patch.externalId } : {}),
        },
        ex,
      );
      if (!row) throw notFound('Group');
      const count = await this.deps.groups.memberCount(id, ex);
      const after = groupView(row, count);
      await this.deps.audit.record(caller, { action: 'group.update', targetType: 'group', targetId: id, details: { before: groupView(before, count), after } }, ex);
      return after;
    });
  }

  async delete(caller: Caller, id: string): Promise<void> {
    await this.deps.tx.run(async (ex) => {
      const before = await this.deps.guard.protect(ex, async () => {
        const row = await this.deps.groups.findById(id, ex);
        if (!row) throw notFound('Group');
        await this.deps.guard.mayManageGroup(caller, id, ex);
        const count = await this.deps.groups.memberCount(id, ex);
        await this.deps.groups.deleteWithAssignments(id, ex);
        return groupView(row, count);
      });
      await this.deps.audit.record(caller, { action: 'group.delete', targetType: 'group', targetId: id, details: { before, after: null } }, ex);
    });
    await this.changed(id);
  }

  /** Membership or existence changed: whoever decides on cached grants re-checks. */
  private async changed(groupId: string): Promise<void> {
    await this.deps.bus.publish({ type: 'group.changed', groupId });
  }

  async members(id: string, query: ListQuery): Promise<Page<UserView>> {
    if (!(await this.deps.groups.findById(id))) throw notFound('Group');
    const page = await this.deps.groups.members(id, query);
    return { items: page.items.map(userView), nextCursor: page.nextCursor };
  }

  /** Adds a member; `added` is false when the user already was one (nothing is audited then). */
  async addMember(caller: Caller, groupId: string, userId: string): Promise<{ added: boolean; user: UserView }> {
    const result = await this.deps.tx.run(async (ex) => {
      const group = await this.deps.groups.findById(groupId, ex);
      if (!group) throw notFound('Group');
      await this.deps.guard.mayManageGroup(caller, groupId, ex);
      const user = await this.deps.users.findById(userId, ex);
      if (!user) throw invalid('userId', 'No user has this id');
      const added = await this.deps.groups.addMember(groupId, userId, ex);
      if (added) {
        await this.deps.audit.record(
          caller,
          {
            action: 'group.member.add',
            targetType: 'group',
            targetId: groupId,
            details: { group: { id: groupId, displayName: group.displayName }, user: { id: userId, email: user.email }, before: { member: false }, after: { member: true } },
          },
          ex,
        );
      }
      return { added, user: userView(user) };
    });
    if (result.added) await this.changed(groupId);
    return result;
  }

  async removeMember(caller: Caller, groupId: string, userId: string): Promise<void> {
    await this.deps.tx.run(async (ex) => {
      const { group, email } = await this.deps.guard.protect(ex, async () => {
        const g = await this.deps.groups.findById(groupId, ex);
        if (!g) throw notFound('Group');
        await this.deps.guard.mayManageGroup(caller, groupId, ex);
        const user = await this.deps.users.findById(userId, ex);
        if (!user || !(await this.deps.groups.removeMember(groupId, userId, ex))) throw notFound('Group member');
        return { group: g, email: user.email };
      });
      await this.deps.audit.record(
        caller,
        {
          action: 'group.member.remove',
          targetType: 'group',
          targetId: groupId,
          details: { group: { id: groupId, displayName: group.displayName }, user: { id: userId, email }, before: { member: true }, after: { member: false } },
        },
        ex,
      );
    });
    await this.changed(groupId);
  }
}
