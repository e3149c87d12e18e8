// SCIM Users: create, read, replace, PATCH (both Entra ID dialects and Okta's), delete,
// and filtered lists. `active: false` disables the user at once: sessions, API tokens
// and live remote sessions end. Every change is audited with the provider as actor.
import { scimPatch, type ScimMeta, type ScimPatchOperation, type ScimResource } from 'scim-patch';
import { z } from 'zod';
import type { EventBus } from '../bus/event-bus.ts';
import type { IdentityRepository } from '../repositories/identity.repository.ts';
import type { UserRecord, UsersRepository } from '../repositories/users.repository.ts';
import type { ScimRepository } from '../repositories/scim.repository.ts';
import type { Transactor } from '../repositories/transactor.ts';
import type { AuditService } from '../platform/audit.service.ts';
import type { AdministratorGuard } from '../access/administrator-guard.ts';
import type { Caller } from '../access/caller.ts';
import { SCHEMA, ScimError, filterConditions, listResponse, paging, patchOperations, scimInvalid, scimNotFound, toBoolean, type ListQuery } from './scim-protocol.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const text = (max: number) => z.string().trim().max(max);

const userInput = z
  .object({
    userName: text(254).min(1),
    externalId: text(300).nullish(),
    displayName: text(200).nullish(),
    name: z.object({ givenName: text(100).nullish(), familyName: text(100).nullish(), formatted: text(200).nullish() }).loose().nullish(),
    emails: z.array(z.object({ value: text(254), primary: z.unknown().optional(), type: z.string().max(50).optional() }).loose()).max(20).nullish(),
    active: z.boolean().optional(),
  })
  .loose();

interface DesiredUser {
  email: string;
  displayName: string;
  givenName: string | null;
  familyName: string | null;
  externalId: string | null;
  active: boolean;
}

export interface ScimUserResource extends ScimResource {
  id: string;
  userName: string;
  externalId?: string;
  name: { givenName?: string; familyName?: string; formatted?: string };
  displayName: string;
  emails: Array<{ value: string; type: string; primary: boolean }>;
  active: boolean;
  readonly meta: ScimMeta & { resourceType: 'User'; version: string };
}

export interface ScimUsersServiceDeps {
  identity: IdentityRepository;
  users: UsersRepository;
  scim: ScimRepository;
  tx: Transactor;
  audit: AuditService;
  bus: EventBus;
  guard: AdministratorGuard;
  baseUrl: string;
}

export class ScimUsersService {
  constructor(private readonly deps: ScimUsersServiceDeps) {}

  resource(u: UserRecord): ScimUserResource {
    return {
      schemas: [SCHEMA.user],
      id: u.id,
      ...(u.externalId ? { externalId: u.externalId } : {}),
      userName: u.email,
      name: { ...(u.givenName ? { givenName: u.givenName } : {}), ...(u.familyName ? { familyName: u.familyName } : {}), formatted: u.displayName },
      displayName: u.displayName,
      emails: [{ value: u.email, type: 'work', primary: true }],
      active: !u.disabled,
      meta: { resourceType: 'User', created: u.createdAt, lastModified: u.updatedAt, location: `${this.deps.baseUrl}/Users/${u.id}`, version: `W/"${u.updatedAt.getTime()}"` },
    };
  }

  async list(q: ListQuery): Promise<Record<string, unknown>> {
    const conditions = filterConditions(q.filter, { username: 'email', externalid: 'external_id', displayname: 'display_name', id: 'id', 'emails.value': 'email', emails: 'email' });
    const { startIndex, count } = paging(q);
    const page = await this.deps.scim.listUsers(conditions, startIndex - 1, count);
    return listResponse(page.rows.map((u) => this.resource(u)), page.total, startIndex);
  }

  async get(id: string): Promise<ScimUserResource> {
    return this.resource(await this.load(id));
  }

  async create(caller: Caller, body: unknown): Promise<ScimUserResource> {
    const desired = desiredFrom(body);
    return this.resource(await this.apply(caller, undefined, desired));
  }

  async replace(caller: Caller, id: string, body: unknown): Promise<ScimUserResource> {
    const existing = await this.load(id);
    const desired = desiredFrom(body, existing);
    return this.resource(await this.apply(caller, existing, desired));
  }

  async patch(caller: Caller, id: string, body: unknown): Promise<ScimUserResource> {
    const ops = patchOperations(body);
    const existing = await this.load(id);
    let patched: ScimUserResource;
    try {
      patched = scimPatch(this.resource(existing), ops as ScimPatchOperation[], { mutateDocument: false, treatMissingAsAdd: true });
    } catch (err) {
      const scimCode = (err as { scimCode?: string }).scimCode;
      throw scimInvalid(err instanceof Error ? err.message.slice(0, 300) : 'invalid patch', scimCode === 'noTarget' ? 'noTarget' : scimCode === 'invalidPath' ? 'invalidPath' : 'invalidValue');
    }
    return this.resource(await this.apply(caller, existing, desiredFrom(patched, existing)));
  }

  async delete(caller: Caller, id: string): Promise<void> {
    const user = await this.load(id);
    await this.deps.tx.run(async (ex) => {
      await this.deps.guard.protect(ex, () => this.deps.users.deleteWithAssignments(user.id, ex));
      await this.deps.audit.record(caller, { action: 'user.delete', targetType: 'user', targetId: user.id, details: { via: 'scim', email: user.email, externalId: user.externalId } }, ex);
    });
    await this.deps.bus.publish({ type: 'user.disabled', userId: user.id });
  }

  private async load(id: string): Promise<UserRecord> {
    const user = UUID.test(id) ? await this.deps.users.findById(id) : undefined;
    if (!user) throw scimNotFound('User');
    return user;
  }

  private async apply(caller: Caller, existing: UserRecord | undefined, d: DesiredUser): Promise<UserRecord> {
    const sameEmail = await this.deps.users.findByEmail(d.email);
    if (sameEmail && sameEmail.id !== existing?.id) throw new ScimError(409, `A user with userName ${d.email} already exists`, 'uniqueness');
    if (d.externalId) {
      const sameExt = await this.deps.users.findByExternalId(d.externalId);
      if (sameExt && sameExt.id !== existing?.id) throw new ScimError(409, 'A user with this externalId already exists', 'uniqueness');
    }
    const fields = { email: d.email, displayName: d.displayName, givenName: d.givenName, familyName: d.familyName, externalId: d.externalId, disabled: !d.active };
    const disabling = !d.active && (existing ? !existing.disabled : false);
    const row = await this.deps.tx.run(async (ex) => {
      if (!existing) {
        const created = await this.deps.users.insert({ id: crypto.randomUUID(), ...fields, passwordHash: null, source: 'scim', updatedAt: new Date() }, ex);
        await this.deps.audit.record(caller, { action: 'user.create', targetType: 'user', targetId: created.id, details: { via: 'scim', email: d.email, externalId: d.externalId, active: d.active } }, ex);
        return created;
      }
      const changed = (Object.keys(fields) as Array<keyof typeof fields>).filter((k) => existing[k] !== fields[k]);
      if (changed.length === 0) return existing;
      // Disabling ends every sign-in session and API token in the same transaction.
      const write = async () => ({
        row: (await this.deps.users.update(existing.id, fields, ex)) ?? existing,
        revoked: disabling ? await this.deps.users.revokeCredentials(existing.id, new Date(), ex) : undefined,
      });
      const { row: updated, revoked } = disabling ? await this.deps.guard.protect(ex, write) : await write();
      const action = disabling ? 'user.disable' : existing.disabled && d.active ? 'user.enable' : 'user.update';
      const diff = Object.fromEntries(changed.map((k) => [AUDITED_AS[k], { before: existing[k], after: fields[k] }]));
      await this.deps.audit.record(caller, { action, targetType: 'user', targetId: existing.id, details: { via: 'scim', email: updated.email, changed: diff, ...(revoked ? { revoked } : {}) } }, ex);
      return updated;
    });
    if (disabling) await this.deps.bus.publish({ type: 'user.disabled', userId: row.id });
    return row;
  }
}

/** The audit's diff names each changed attribute by its stored column, as it always has. */
const AUDITED_AS = { email: 'email', displayName: 'display_name', givenName: 'given_name', familyName: 'family_name', externalId: 'external_id', disabled: 'disabled' } as const;

/** The user a SCIM body describes; attributes we do not keep are ignored. */
function desiredFrom(body: unknown, existing?: UserRecord): DesiredUser {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw scimInvalid('The body must be a JSON object', 'invalidSyntax');
  const raw = { ...(body as Record<string, unknown>) };
  if ('active' in raw && raw.active !== undefined && raw.active !== null) raw.active = toBoolean(raw.active, 'active');
  else delete raw.active;
  const parsed = userInput.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw scimInvalid(`${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
  }
  const b = parsed.data;
  const primary = b.emails?.find((e) => e.primary === true || e.primary === 'True' || e.primary === 'true') ?? b.emails?.[0];
  const email = (b.userName.includes('@') ? b.userName : (primary?.value ?? '')).toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw scimInvalid('userName (or a primary email) must be an email address');
  const givenName = b.name?.givenName || null;
  const familyName = b.name?.familyName || null;
  const displayName = b.displayName || [givenName, familyName].filter(Boolean).join(' ') || b.name?.formatted || email;
  return {
    email,
    displayName,
    givenName,
    familyName,
    externalId: b.externalId === undefined ? (existing?.externalId ?? null) : b.externalId || null,
    active: b.active ?? (existing ? !existing.disabled : true),
  };
}
