// SCIM Groups: create, read, replace, PATCH (members added and removed by value lists or
// `members[value eq "…"]` paths, in Entra ID's and Okta's forms), delete, filtered lists.
// Membership changes take effect at once: the next request of a removed member is
// decided without the group's roles.
import { scimPatch, type ScimMeta, type ScimPatchOperation, type ScimResource } from 'scim-patch';
import { parse } from 'scim2-parse-filter';
import { z } from 'zod';
import type { EventBus } from '../bus/event-bus.ts';
import type { Executor } from '../db/database.ts';
import type { GroupRecord, GroupsRepository } from '../repositories/groups.repository.ts';
import type { IdentityRepository } from '../repositories/identity.repository.ts';
import type { UsersRepository } from '../repositories/users.repository.ts';
import type { ScimRepository } from '../repositories/scim.repository.ts';
import type { Transactor } from '../repositories/transactor.ts';
import type { AuditService } from '../platform/audit.service.ts';
import type { AdministratorGuard } from '../access/administrator-guard.ts';
import type { Caller } from '../access/caller.ts';
import { SCHEMA, SCIM_LIMITS, ScimError, filterConditions, listResponse, listsAttribute, paging, patchOperations, scimInvalid, scimNotFound, type ListQuery, type PatchOp } from './scim-protocol.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const memberList = z.array(z.object({ value: z.string().max(100) }).loose());
const groupInput = z
  .object({
    displayName: z.string().trim().min(1).max(200),
    externalId: z.string().trim().max(300).nullish(),
    members: memberList.nullish(),
  })
  .loose();

interface GroupResource extends ScimResource {
  id: string;
  displayName: string;
  externalId?: string;
  members?: Array<{ value: string; display: string; type: 'User'; $ref: string }>;
  readonly meta: ScimMeta & { resourceType: 'Group'; version: string };
}

interface MemberChange {
  add: Set<string>;
  remove: Set<string>;
  /** Replace the whole list with `add`. */
  replace: boolean;
}

export interface ScimGroupsServiceDeps {
  identity: IdentityRepository;
  users: UsersRepository;
  groups: GroupsRepository;
  scim: ScimRepository;
  tx: Transactor;
  audit: AuditService;
  bus: EventBus;
  guard: AdministratorGuard;
  baseUrl: string;
}

export class ScimGroupsService {
  constructor(private readonly deps: ScimGroupsServiceDeps) {}

  async resource(g: GroupRecord, withMembers = true): Promise<GroupResource> {
    const members = withMembers ? await this.deps.identity.members(g.id) : undefined;
    return {
      schemas: [SCHEMA.group],
      id: g.id,
      displayName: g.displayName,
      ...(g.externalId ? { externalId: g.externalId } : {}),
      ...(members ? { members: members.map((m) => ({ value: m.id, display: m.email, type: 'User' as const, $ref: `${this.deps.baseUrl}/Users/${m.id}` })) } : {}),
      meta: { resourceType: 'Group', created: g.createdAt, lastModified: g.updatedAt, location: `${this.deps.baseUrl}/Groups/${g.id}`, version: `W/"${g.updatedAt.getTime()}"` },
    };
  }

  async list(q: ListQuery): Promise<Record<string, unknown>> {
    const conditions = filterConditions(q.filter, { displayname: 'display_name', externalid: 'external_id', id: 'id' });
    const { startIndex, count } = paging(q);
    const withMembers = !listsAttribute(q.excludedAttributes, 'members') && (!q.attributes || listsAttribute(q.attributes, 'members'));
    const page = await this.deps.scim.listGroups(conditions, startIndex - 1, count);
    const resources = [];
    for (const g of page.rows) resources.push(await this.resource(g, withMembers));
    return listResponse(resources, page.total, startIndex);
  }

  async get(id: string, q: ListQuery = {}): Promise<GroupResource> {
    return this.resource(await this.load(id), !listsAttribute(q.excludedAttributes, 'members'));
  }

  async create(caller: Caller, body: unknown): Promise<GroupResource> {
    const input = parseGroup(body);
    const members = memberIds(input.members ?? []);
    await this.checkExternalId(input.externalId ?? null);
    const group = await this.deps.tx.run(async (ex) => {
      await this.requireUsers(members, ex);
      const g = await this.deps.groups.insert({ id: crypto.randomUUID(), displayName: input.displayName, description: '', externalId: input.externalId || null, updatedAt: new Date() }, ex);
      await this.deps.audit.record(caller, { action: 'group.create', targetType: 'group', targetId: g.id, details: { via: 'scim', displayName: g.displayName, externalId: g.externalId } }, ex);
      const change = await this.changeMembers(caller, g, { add: new Set(members), remove: new Set(), replace: false }, ex);
      return { g, change };
    });
    await this.announce(group.g.id, group.change);
    return this.resource(group.g);
  }

  async replace(caller: Caller, id: string, body: unknown): Promise<GroupResource> {
    const existing = await this.load(id);
    const input = parseGroup(body);
    const externalId = input.externalId === undefined ? existing.externalId : input.externalId || null;
    await this.checkExternalId(externalId, existing.id);
    const members = input.members === undefined || input.members === null ? undefined : memberIds(input.members);
    const group = await this.deps.tx.run(async (ex) => {
      const g = await this.updateAttributes(caller, existing, input.displayName, externalId, ex);
      if (!members) return { g, change: undefined };
      await this.requireUsers(members, ex);
      return { g, change: await this.changeMembers(caller, g, { add: new Set(members), remove: new Set(), replace: true }, ex) };
    });
    await this.announce(group.g.id, group.change);
    return this.resource(group.g);
  }

  async patch(caller: Caller, id: string, body: unknown): Promise<GroupResource | null> {
    const ops = patchOperations(body);
    const existing = await this.load(id);
    const { members, rest } = splitMemberOps(ops);
    let displayName = existing.displayName;
    let externalId = existing.externalId;
    if (rest.length > 0) {
      const base = await this.resource(existing, false);
      let patched: GroupResource;
      try {
        patched = scimPatch(base, rest as ScimPatchOperation[], { mutateDocument: false, treatMissingAsAdd: true });
      } catch (err) {
        throw scimInvalid(err instanceof Error ? err.message.slice(0, 300) : 'invalid patch', (err as { scimCode?: string }).scimCode === 'noTarget' ? 'noTarget' : 'invalidValue');
      }
      const parsed = parseGroup({ displayName: patched.displayName, externalId: patched.externalId ?? null });
      displayName = parsed.displayName;
      externalId = parsed.externalId || null;
      await this.checkExternalId(externalId, existing.id);
    }
    const change = await this.deps.tx.run(async (ex) => {
      const g = await this.updateAttributes(caller, existing, displayName, externalId, ex);
      await this.requireUsers([...members.add], ex);
      return this.changeMembers(caller, g, members, ex);
    });
    await this.announce(existing.id, change);
    return null;
  }

  async delete(caller: Caller, id: string): Promise<void> {
    const group = await this.load(id);
    const members = await this.deps.identity.memberIds(group.id);
    await this.deps.tx.run(async (ex) => {
      await this.deps.guard.protect(ex, () => this.deps.groups.deleteWithAssignments(group.id, ex));
      await this.deps.audit.record(caller, { action: 'group.delete', targetType: 'group', targetId: group.id, details: { via: 'scim', displayName: group.displayName, externalId: group.externalId, members: members.length } }, ex);
    });
    await this.announce(group.id, { added: [], removed: members });
  }

  private async load(id: string): Promise<GroupRecord> {
    const group = UUID.test(id) ? await this.deps.groups.findById(id) : undefined;
    if (!group) throw scimNotFound('Group');
    return group;
  }

  private async checkExternalId(externalId: string | null, selfId?: string): Promise<void> {
    if (!externalId) return;
    const other = await this.deps.groups.findByExternalId(externalId);
    if (other && other.id !== selfId) throw new ScimError(409, 'A group with this externalId already exists', 'uniqueness');
  }

  private async requireUsers(ids: string[], ex: Executor): Promise<void> {
    const found = await this.deps.users.existingIds(ids, ex);
    const missing = ids.filter((i) => !found.has(i));
    if (missing.length > 0) throw scimInvalid(`No such user: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ' …' : ''}`);
  }

  private async updateAttributes(caller: Caller, g: GroupRecord, displayName: string, externalId: string | null, ex: Executor): Promise<GroupRecord> {
    const changed: Record<string, { before: unknown; after: unknown }> = {};
    if (displayName !== g.displayName) changed.displayName = { before: g.displayName, after: displayName };
    if (externalId !== g.externalId) changed.externalId = { before: g.externalId, after: externalId };
    if (Object.keys(changed).length === 0) return g;
    const updated = (await this.deps.groups.update(g.id, { displayName, externalId }, ex)) ?? g;
    await this.deps.audit.record(caller, { action: 'group.update', targetType: 'group', targetId: g.id, details: { via: 'scim', changed } }, ex);
    return updated;
  }

  /** Tells the rest of the node (live sessions, event streams) once the change is committed. */
  private async announce(groupId: string, change: { added: string[]; removed: string[] } | undefined): Promise<void> {
    if (!change || (change.added.length === 0 && change.removed.length === 0)) return;
    await this.deps.bus.publish({ type: 'group.membership.changed', groupId, added: change.added, removed: change.removed });
  }

  private async changeMembers(caller: Caller, g: GroupRecord, change: MemberChange, ex: Executor): Promise<{ added: string[]; removed: string[] }> {
    const current = new Set(await this.deps.identity.memberIds(g.id, ex));
    const added = [...change.add].filter((u) => !current.has(u) && !change.remove.has(u));
    const removed = change.replace ? [...current].filter((u) => !change.add.has(u)) : [...change.remove].filter((u) => current.has(u));
    if (added.length === 0 && removed.length === 0) return { added, removed };
    await this.deps.identity.addMembers(g.id, added, ex);
    if (removed.length > 0) await this.deps.guard.protect(ex, () => this.deps.identity.removeMembers(g.id, removed, ex));
    if (added.length > 0) await this.deps.audit.record(caller, { action: 'group.member.add', targetType: 'group', targetId: g.id, details: { via: 'scim', displayName: g.displayName, userIds: added } }, ex);
    if (removed.length > 0) await this.deps.audit.record(caller, { action: 'group.member.remove', targetType: 'group', targetId: g.id, details: { via: 'scim', displayName: g.displayName, userIds: removed } }, ex);
    return { added, removed };
  }
}

function parseGroup(body: unknown): z.infer<typeof groupInput> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw scimInvalid('The body must be a JSON object', 'invalidSyntax');
  const parsed = groupInput.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw scimInvalid(`${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
  }
  if ((parsed.data.members?.length ?? 0) > SCIM_LIMITS.maxMembersPerRequest) throw scimInvalid(`At most ${SCIM_LIMITS.maxMembersPerRequest} members per request`, 'tooMany');
  return parsed.data;
}

function memberIds(list: Array<{ value: string }>): string[] {
  const bad = list.find((m) => !UUID.test(m.value));
  if (bad) throw scimInvalid(`members: "${bad.value.slice(0, 60)}" is not a user id`);
  return [...new Set(list.map((m) => m.value.toLowerCase()))];
}

function memberValues(value: unknown, where: string): string[] {
  const parsed = memberList.safeParse(value);
  if (!parsed.success) throw scimInvalid(`${where}: members must be a list of {"value": "<user id>"}`);
  return memberIds(parsed.data);
}

/** Separates member operations (handled as set changes) from attribute operations (scim-patch). */
function splitMemberOps(ops: PatchOp[]): { members: MemberChange; rest: PatchOp[] } {
  const members: MemberChange = { add: new Set(), remove: new Set(), replace: false };
  const rest: PatchOp[] = [];
  let total = 0;
  const count = (ids: string[]): string[] => {
    total += ids.length;
    if (total > SCIM_LIMITS.maxMembersPerRequest) throw scimInvalid(`At most ${SCIM_LIMITS.maxMembersPerRequest} member changes per request`, 'tooMany');
    return ids;
  };
  const apply = (op: PatchOp['op'], ids: string[]): void => {
    if (op === 'replace') {
      members.replace = true;
      members.add = new Set(ids);
      members.remove.clear();
    } else if (op === 'add') {
      for (const id of ids) {
        members.add.add(id);
        members.remove.delete(id);
      }
    } else {
      for (const id of ids) {
        members.remove.add(id);
        members.add.delete(id);
      }
    }
  };
  ops.forEach((o, i) => {
    const path = o.path?.toLowerCase();
    if (path === 'members') {
      if (o.op === 'remove' && (o.value === undefined || o.value === null)) return apply('replace', []);
      return apply(o.op, count(memberValues(o.value, `Operation ${i}`)));
    }
    if (path?.startsWith('members[')) {
      const m = /^members\[(.+)\]$/i.exec(o.path ?? '');
      if (!m || o.op !== 'remove') throw scimInvalid(`Operation ${i}: only remove is supported with a members filter`, 'invalidPath');
      return apply('remove', count(memberIds([{ value: memberFilterValue(m[1] ?? '', i) }])));
    }
    if (!o.path && typeof o.value === 'object' && o.value !== null) {
      const { members: list, ...others } = o.value as Record<string, unknown>;
      if (list !== undefined) apply(o.op, count(memberValues(list, `Operation ${i}`)));
      if (Object.keys(others).length > 0) rest.push({ op: o.op, value: others });
      return;
    }
    rest.push(o);
  });
  return { members, rest };
}

function memberFilterValue(filter: string, i: number): string {
  try {
    const f = parse(filter);
    if (f.op === 'eq' && 'attrPath' in f && f.attrPath.toLowerCase() === 'value' && 'compValue' in f && typeof f.compValue === 'string') return f.compValue;
  } catch (err) {
    throw scimInvalid(`Operation ${i}: the members filter is not valid (${err instanceof Error ? err.message.slice(0, 80) : 'parse error'})`, 'invalidFilter');
  }
  throw scimInvalid(`Operation ${i}: the members filter must be value eq "<user id>"`, 'invalidFilter');
}
