// Roles: a level per area, assignments (groups, users) and a room scope (all rooms,
// sites, rooms). Built-in Administrator and Reader cannot be deleted and keep their
// name, permissions and scope (BUILT_IN_ROLE); their assignments can change, but never
// so that no enabled Administrator is left (LAST_ADMINISTRATOR, checked in the same
// transaction). A role grants at least one permission. Grants are read per request, so
// an edit decides the next request.
import { AREAS, noPermissions, type Permissions, type RoleView } from '@roomwarden/protocol';
import type { EventBus } from '../bus/event-bus.ts';
import type { Executor } from '../db/database.ts';
import type { Page } from '../repositories/cursor.ts';
import type { GroupsRepository } from '../repositories/groups.repository.ts';
import type { RoleRecord, RolesRepository } from '../repositories/roles.repository.ts';
import type { RoomsRepository } from '../repositories/rooms.repository.ts';
import type { SitesRepository } from '../repositories/sites.repository.ts';
import type { Transactor } from '../repositories/transactor.ts';
import type { UsersRepository } from '../repositories/users.repository.ts';
import { AppError, invalid, notFound } from '../errors.ts';
import type { AuditService } from '../platform/audit.service.ts';
import type { Caller } from '../access/caller.ts';
import type { AdministratorGuard } from '../access/administrator-guard.ts';
import type { ListQuery } from './users.service.ts';
import { roleView } from './views.ts';

export interface RoleInput {
  name: string;
  description?: string | undefined;
  permissions: Permissions;
  assignments?: { groupIds?: string[] | undefined; userIds?: string[] | undefined } | undefined;
  scope?: { allRooms?: boolean | undefined; siteIds?: string[] | undefined; roomIds?: string[] | undefined } | undefined;
}

export type RolePatch = Partial<RoleInput>;

interface Normalised {
  name: string;
  description: string;
  permissions: Permissions;
  groupIds: string[];
  userIds: string[];
  allRooms: boolean;
  siteIds: string[];
  roomIds: string[];
}

const uniq = (ids: readonly string[] | undefined): string[] => [...new Set(ids ?? [])].sort();
const samePermissions = (a: Record<string, string>, b: Record<string, string>): boolean => AREAS.every((k) => (a[k] ?? 'none') === (b[k] ?? 'none'));
const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && uniq(a).every((x, i) => x === uniq(b)[i]);

function merge(current: RoleRecord | undefined, patch: RolePatch): Normalised {
  const allRooms = patch.scope?.allRooms ?? current?.allRooms ?? false;
  return {
    name: (patch.name ?? current?.name ?? '').trim(),
    description: patch.description ?? current?.description ?? '',
    permissions: patch.permissions ?? (current ? roleView(current).permissions : noPermissions()),
    groupIds: uniq(patch.assignments?.groupIds ?? current?.groupIds),
    userIds: uniq(patch.assignments?.userIds ?? current?.userIds),
    allRooms,
    siteIds: allRooms ? [] : uniq(patch.scope?.siteIds ?? current?.siteIds),
    roomIds: allRooms ? [] : uniq(patch.scope?.roomIds ?? current?.roomIds),
  };
}

export interface RolesServiceDeps {
  roles: RolesRepository;
  refs: { users: UsersRepository; groups: GroupsRepository; sites: SitesRepository; rooms: RoomsRepository };
  tx: Transactor;
  audit: AuditService;
  guard: AdministratorGuard;
  bus: EventBus;
}

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

  /** Every id a role names must exist: 400 with the field that names a missing one. */
  private async checkReferences(n: Normalised, ex: Executor): Promise<void> {
    const checks: Array<[string, string[], (ids: string[], ex: Executor) => Promise<Set<string>>]> = [
      ['assignments.groupIds', n.groupIds, (ids, e) => this.deps.refs.groups.existingIds(ids, e)],
      ['assignments.userIds', n.userIds, (ids, e) => this.deps.refs.users.existingIds(ids, e)],
      ['scope.siteIds', n.siteIds, (ids, e) => this.deps.refs.sites.existingIds(ids, e)],
      ['scope.roomIds', n.roomIds, (ids, e) => this.deps.refs.rooms.existingIds(ids, e)],
    ];
    for (const [field, ids, existing] of checks) {
      const found = await existing(ids, ex);
      const missing = ids.find((id) => !found.has(id));
      if (missing) throw invalid(field, `Unknown id ${missing}`);
    }
  }

  /** A role that grants nothing is a mistake (the wizard's "no permission ticked"). */
  private checkPermissions(n: Normalised): void {
    if (!AREAS.some((a) => (n.permissions[a] ?? 'none') !== 'none')) throw invalid('permissions', 'A role needs at least one permission');
  }

  private async checkName(name: string, selfId: string | null, ex: Executor): Promise<void> {
    if (!name) throw invalid('name', 'A role needs a name');
    const other = await this.deps.roles.findByName(name, ex);
    if (other && other.id !== selfId) throw new AppError('ALREADY_EXISTS', 'A role with this name already exists', 'name');
  }

  private async write(id: string, n: Normalised, ex: Executor, insert: boolean): Promise<RoleRecord> {
    const row = { name: n.name, description: n.description, permissions: n.permissions, allRooms: n.allRooms };
    if (insert) await this.deps.roles.insert(id, row, ex);
    else await this.deps.roles.update(id, row, ex);
    await this.deps.roles.replaceAssignments(id, n.groupIds, n.userIds, ex);
    await this.deps.roles.replaceScope(id, n.siteIds, n.roomIds, ex);
    const saved = await this.deps.roles.findById(id, ex);
    if (!saved) throw notFound('Role');
    return saved;
  }

  async create(caller: Caller, input: RoleInput): Promise<RoleView> {
    const n = merge(undefined, input);
    const view = await this.deps.tx.run(async (ex) => {
      this.checkPermissions(n);
      await this.checkName(n.name, null, ex);
      await this.checkReferences(n, ex);
      const saved = await this.write(crypto.randomUUID(), n, ex, true);
      const after = roleView(saved);
      await this.deps.audit.record(caller, { action: 'role.create', targetType: 'role', targetId: saved.id, details: { before: null, after } }, ex);
      return after;
    });
    await this.changed(view.id);
    return view;
  }

  /** Whoever decides on cached grants (live sessions, event streams) re-checks. */
  private async changed(roleId: string): Promise<void> {
    await this.deps.bus.publish({ type: 'role.changed', roleId });
  }

  async update(caller: Caller, id: string, patch: RolePatch): Promise<RoleView> {
    const view = await this.deps.tx.run(async (ex) => {
      const current = await this.deps.roles.findById(id, ex);
      if (!current) throw notFound('Role');
      const n = merge(current, patch);
      if (current.builtIn) {
        if (n.name !== current.name || n.description !== current.description) throw new AppError('BUILT_IN_ROLE', 'A built-in role keeps its name and description');
        if (!samePermissions(n.permissions, current.permissions)) throw new AppError('BUILT_IN_ROLE', 'A built-in role keeps its permissions', 'permissions');
        if (n.allRooms !== current.allRooms || !sameList(n.siteIds, current.siteIds) || !sameList(n.roomIds, current.roomIds)) {
          throw new AppError('BUILT_IN_ROLE', 'A built-in role keeps its room scope', 'scope');
        }
      }
      this.checkPermissions(n);
      await this.checkName(n.name, id, ex);
      await this.checkReferences(n, ex);
      const saved = current.builtIn === 'administrator' ? await this.deps.guard.protect(ex, () => this.write(id, n, ex, false)) : await this.write(id, n, ex, false);
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
