// Roles: a level per area, and assignments (each: name, members, room scope, email flag).
// Built-in roles (Administrator, Reader, Site lead, Site technician) cannot be deleted and
// keep their name, description and permissions (BUILT_IN_ROLE); their assignments can
// change (Administrator and Reader ones apply to all rooms), but never so that no enabled
// Administrator is left (LAST_ADMINISTRATOR, checked in the same transaction), and only an
// Administrator changes the Administrator role's assignments. A role grants at least one
// permission. Grants are read per request, so an edit decides the next request.
//
// `assignments` in a create, a PUT or a PATCH is the role's whole set of assignments: an
// item with the `id` of one of the role's assignments replaces it (the fields it omits
// keep their value), an item without an `id` is a new assignment, and an assignment of the
// role not in the list is removed. A PATCH without `assignments` leaves them as they are.
import { AREAS, type Permissions, type RoleView } from '@roomwarden/protocol';
import type { EventBus } from '../bus/event-bus.ts';
import type { Executor } from '../db/database.ts';
import type { AssignmentsRepository, AssignmentWrite } from '../repositories/assignments.repository.ts';
import type { Page } from '../repositories/cursor.ts';
import type { RoleRecord, RolesRepository } from '../repositories/roles.repository.ts';
import type { Transactor } from '../repositories/transactor.ts';
import { AppError, invalid, notFound } from '../errors.ts';
import type { AuditService } from '../platform/audit.service.ts';
import type { Caller } from '../access/caller.ts';
import type { AdministratorGuard } from '../access/administrator-guard.ts';
import type { ListQuery } from './users.service.ts';
import { checkAssignment, mergeAssignment, type AssignmentInput, type AssignmentRefs } from './assignment-rules.ts';
import { roleView } from './views.ts';

export interface RoleInput {
  name: string;
  description?: string | undefined;
  permissions: Permissions;
  assignments?: AssignmentInput[] | undefined;
}

export type RolePatch = Partial<RoleInput>;

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
/** An assignment write that changes nothing (lists are sorted on both sides). */
const sameAssignment = (a: AssignmentWrite, b: AssignmentWrite): boolean =>
  a.name === b.name &&
  a.allRooms === b.allRooms &&
  a.emailNotifications === b.emailNotifications &&
  (['groupIds', 'userIds', 'siteIds', 'roomGroupIds', 'roomIds'] as const).every((k) => sameList([...a[k]].sort(), [...b[k]].sort()));
const samePermissions = (a: Record<string, string>, b: Record<string, string>): boolean => AREAS.every((k) => (a[k] ?? 'none') === (b[k] ?? 'none'));

export interface RolesServiceDeps {
  roles: RolesRepository;
  assignments: AssignmentsRepository;
  refs: AssignmentRefs;
  tx: Transactor;
  audit: AuditService;
  guard: AdministratorGuard;
  bus: EventBus;
}

/** One planned write of a role's assignment set. */
type Planned = { kind: 'create'; id: string; write: AssignmentWrite } | { kind: 'update'; id: string; write: AssignmentWrite } | { kind: 'delete'; id: string };

export class RolesService {
  constructor(private readonly deps: RolesServiceDeps) {}

  async list(query: ListQuery): Promise<Page<RoleView>> {
    const page = await this.deps.roles.list(query);
    return { items: page.items.map(roleView), nextCursor: page.nextCursor };
  }

  async get(id: string): Promise<RoleView> {
    const role = await this.deps.roles.findById(id);
    if (!role) throw notFound('Role');
    return roleView(role);
  }

  /** A role that grants nothing is a mistake (the wizard's "no permission ticked"). */
  private checkPermissions(permissions: Permissions): void {
    if (!AREAS.some((a) => (permissions[a] ?? 'none') !== 'none')) throw invalid('permissions', 'A role needs at least one permission');
  }

  private async checkName(name: string, selfId: string | null, ex: Executor): Promise<void> {
    if (!name) throw invalid('name', 'A role needs a name');
    const other = await this.deps.roles.findByName(name, ex);
    if (other && other.id !== selfId) throw new AppError('ALREADY_EXISTS', 'A role with this name already exists', 'name');
  }

  /** The writes that turn the role's assignments into `wanted` (see the header), each checked. */
  private async plan(role: { name: string; builtIn: string | null; current: RoleRecord['assignments'] }, wanted: AssignmentInput[], ex: Executor): Promise<Planned[]> {
    const byId = new Map(role.current.map((a) => [a.id, a]));
    const planned: Planned[] = [];
    const kept = new Set<string>();
    const names = new Set<string>();
    for (const [i, item] of wanted.entries()) {
      const current = item.id === undefined ? undefined : byId.get(item.id);
      if (item.id !== undefined && !current) throw invalid(`assignments.${i}.id`, `This role has no assignment ${item.id}`);
      const write = mergeAssignment(current, item, i === 0 ? role.name : `${role.name} ${i + 1}`);
      await checkAssignment(this.deps.refs, write, role.builtIn, `assignments.${i}.`, ex);
      const key = write.name.toLowerCase();
      if (names.has(key)) throw new AppError('ALREADY_EXISTS', 'Two assignments of this role have the same name', `assignments.${i}.name`);
      names.add(key);
      if (current) kept.add(current.id);
      if (!current) planned.push({ kind: 'create', id: crypto.randomUUID(), write });
      else if (!sameAssignment(current, write)) planned.push({ kind: 'update', id: current.id, write });
    }
    for (const a of role.current) if (!kept.has(a.id)) planned.unshift({ kind: 'delete', id: a.id });
    return planned;
  }

  private async apply(roleId: string, planned: Planned[], ex: Executor): Promise<void> {
    // Deletes first, then renames through a temporary name, so that names may swap places.
    for (const p of planned) if (p.kind === 'delete') await this.deps.assignments.delete(p.id, ex);
    for (const p of planned) if (p.kind === 'update') await this.deps.assignments.rename(p.id, `${p.id}~`, ex);
    for (const p of planned) {
      if (p.kind === 'update') await this.deps.assignments.update(p.id, p.write, ex);
      if (p.kind === 'create') await this.deps.assignments.insert(roleId, p.id, p.write, ex);
    }
  }

  async create(caller: Caller, input: RoleInput): Promise<RoleView> {
    const name = input.name.trim();
    const view = await this.deps.tx.run(async (ex) => {
      this.checkPermissions(input.permissions);
      await this.checkName(name, null, ex);
      const planned = await this.plan({ name, builtIn: null, current: [] }, input.assignments ?? [], ex);
      const id = crypto.randomUUID();
      await this.deps.roles.insert(id, { name, description: input.description ?? '', permissions: input.permissions }, ex);
      await this.apply(id, planned, ex);
      const after = roleView(await this.mustFind(id, ex));
      await this.deps.audit.record(caller, { action: 'role.create', targetType: 'role', targetId: id, details: { before: null, after } }, ex);
      return after;
    });
    await this.changed(view.id);
    return view;
  }

  private async mustFind(id: string, ex: Executor): Promise<RoleRecord> {
    const saved = await this.deps.roles.findById(id, ex);
    if (!saved) throw notFound('Role');
    return saved;
  }

  /** Whoever decides on cached grants (live sessions, event streams) re-checks. */
  private async changed(roleId: string): Promise<void> {
    await this.deps.bus.publish({ type: 'role.changed', roleId });
  }

  async update(caller: Caller, id: string, patch: RolePatch): Promise<RoleView> {
    const view = await this.deps.tx.run(async (ex) => {
      const current = await this.deps.roles.findById(id, ex);
      if (!current) throw notFound('Role');
      const name = (patch.name ?? current.name).trim();
      const description = patch.description ?? current.description;
      const permissions: Permissions = patch.permissions ?? roleView(current).permissions;
      if (current.builtIn) {
        if (name !== current.name || description !== current.description) throw new AppError('BUILT_IN_ROLE', 'A built-in role keeps its name and description', 'name');
        if (!samePermissions(permissions, current.permissions)) throw new AppError('BUILT_IN_ROLE', 'A built-in role keeps its permissions', 'permissions');
      }
      this.checkPermissions(permissions);
      await this.checkName(name, id, ex);
      const planned = patch.assignments ? await this.plan({ name, builtIn: current.builtIn, current: current.assignments }, patch.assignments, ex) : [];
      if (planned.length && current.builtIn === 'administrator') this.deps.guard.mayChangeAdministratorAssignments(caller);
      const write = async (): Promise<RoleRecord> => {
        await this.deps.roles.update(id, { name, description, permissions }, ex);
        await this.apply(id, planned, ex);
        return this.mustFind(id, ex);
      };
      const saved = current.builtIn === 'administrator' ? await this.deps.guard.protect(ex, write) : await write();
      const after = roleView(saved);
      await this.deps.audit.record(caller, { action: 'role.update', targetType: 'role', targetId: id, details: { before: roleView(current), after } }, ex);
      return after;
    });
    await this.changed(id);
    return view;
  }

  async delete(caller: Caller, id: string): Promise<void> {
    await this.deps.tx.run(async (ex) => {
      const current = await this.deps.roles.findById(id, ex);
      if (!current) throw notFound('Role');
      if (current.builtIn) throw new AppError('BUILT_IN_ROLE', 'A built-in role cannot be deleted');
      await this.deps.roles.delete(id, ex);
      await this.deps.audit.record(caller, { action: 'role.delete', targetType: 'role', targetId: id, details: { before: roleView(current), after: null } }, ex);
    });
    await this.changed(id);
  }
}
