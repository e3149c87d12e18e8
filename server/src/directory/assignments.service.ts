// One role's assignments, one at a time (/roles/:id/assignments): add, change, remove.
// The rules are the role's (assignment-rules.ts): ids must exist, Administrator and Reader
// assignments apply to all rooms, only an Administrator changes the Administrator role's
// assignments and never so that no enabled Administrator is left. Each change is audited
// with the role, the assignment's name, members and scope, and re-checks live sessions
// (role.changed): a member removed from one assignment keeps what their other assignments give.
import type { AssignmentView } from '@roomwarden/protocol';
import type { EventBus } from '../bus/event-bus.ts';
import type { Executor } from '../db/database.ts';
import type { AssignmentRecord, AssignmentsRepository } from '../repositories/assignments.repository.ts';
import type { Page } from '../repositories/cursor.ts';
import type { RoleRecord, RolesRepository } from '../repositories/roles.repository.ts';
import type { Transactor } from '../repositories/transactor.ts';
import { notFound } from '../errors.ts';
import type { AuditService } from '../platform/audit.service.ts';
import type { Caller } from '../access/caller.ts';
import type { AdministratorGuard } from '../access/administrator-guard.ts';
import { checkAssignment, mergeAssignment, type AssignmentInput, type AssignmentRefs } from './assignment-rules.ts';
import { assignmentView } from './views.ts';

export interface AssignmentsServiceDeps {
  roles: RolesRepository;
  assignments: AssignmentsRepository;
  refs: AssignmentRefs;
  tx: Transactor;
  audit: AuditService;
  guard: AdministratorGuard;
  bus: EventBus;
}

/** A name for an unnamed new assignment: the role's, or the role's with the first free number. */
function freeName(role: RoleRecord): string {
  const taken = new Set(role.assignments.map((a) => a.name.toLowerCase()));
  if (!taken.has(role.name.toLowerCase())) return role.name;
  for (let n = role.assignments.length + 1; ; n++) if (!taken.has(`${role.name} ${n}`.toLowerCase())) return `${role.name} ${n}`;
}

const notFoundAssignment = (): never => {
  throw notFound('Assignment');
};

type Action = 'role.assignment.create' | 'role.assignment.update' | 'role.assignment.delete';

export class AssignmentsService {
  constructor(private readonly deps: AssignmentsServiceDeps) {}

  private async role(roleId: string, ex?: Executor): Promise<RoleRecord> {
    const role = await this.deps.roles.findById(roleId, ex);
    if (!role) throw notFound('Role');
    return role;
  }

  private async assignment(roleId: string, id: string, ex?: Executor): Promise<AssignmentRecord> {
    const a = await this.deps.assignments.findById(roleId, id, ex);
    if (!a) throw notFound('Assignment');
    return a;
  }

  async list(roleId: string, query: { limit: number; cursor?: string | undefined }): Promise<Page<AssignmentView>> {
    await this.role(roleId);
    const page = await this.deps.assignments.list(roleId, query);
    return { items: page.items.map(assignmentView), nextCursor: page.nextCursor };
  }

  async get(roleId: string, id: string): Promise<AssignmentView> {
    await this.role(roleId);
    return assignmentView(await this.assignment(roleId, id));
  }

  async create(caller: Caller, roleId: string, input: AssignmentInput): Promise<AssignmentView> {
    return this.change(caller, roleId, 'role.assignment.create', async (role, ex) => {
      const write = mergeAssignment(undefined, input, freeName(role));
      await checkAssignment(this.deps.refs, write, role.builtIn, '', ex);
      const id = crypto.randomUUID();
      await this.deps.assignments.insert(role.id, id, write, ex);
      return { before: null, after: await this.assignment(role.id, id, ex) };
    });
  }

  async update(caller: Caller, roleId: string, id: string, input: AssignmentInput): Promise<AssignmentView> {
    return this.change(caller, roleId, 'role.assignment.update', async (role, ex) => {
      const before = await this.assignment(role.id, id, ex);
      const write = mergeAssignment(before, input, before.name);
      await checkAssignment(this.deps.refs, write, role.builtIn, '', ex);
      await this.deps.assignments.update(id, write, ex);
      return { before, after: await this.assignment(role.id, id, ex) };
    });
  }

  async delete(caller: Caller, roleId: string, id: string): Promise<void> {
    await this.change(caller, roleId, 'role.assignment.delete', async (role, ex) => {
      const before = await this.assignment(role.id, id, ex);
      await this.deps.assignments.delete(id, ex);
      return { before, after: null };
    });
  }

  /** One audited change of a role's assignment, guarded for the Administrator role, then a re-check. */
  private async change(
    caller: Caller,
    roleId: string,
    actionName: Action,
    work: (role: RoleRecord, ex: Executor) => Promise<{ before: AssignmentRecord | null; after: AssignmentRecord | null }>,
  ): Promise<AssignmentView> {
    const result = await this.deps.tx.run(async (ex) => {
      const role = await this.role(roleId, ex);
      if (role.builtIn === 'administrator') this.deps.guard.mayChangeAdministratorAssignments(caller);
      const run = async () => {
        const r = await work(role, ex);
        await this.deps.assignments.touchRole(role.id, ex);
        return r;
      };
      const { before, after } = role.builtIn === 'administrator' ? await this.deps.guard.protect(ex, run) : await run();
      const subject = after ?? before;
      const action = actionName satisfies 'role.assignment.create' | 'role.assignment.update' | 'role.assignment.delete';
      await this.deps.audit.record(
        caller,
        {
          action,
          targetType: 'role',
          targetId: role.id,
          details: { roleName: role.name, assignmentId: subject?.id ?? null, name: subject?.name ?? null, before: before && assignmentView(before), after: after && assignmentView(after) },
        },
        ex,
      );
      return assignmentView(subject ?? notFoundAssignment());
    });
    await this.deps.bus.publish({ type: 'role.changed', roleId });
    return result;
  }
}
