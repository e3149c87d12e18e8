// Small factories for API tests. Shared: append yours, don't rewrite others'.
import { allPermissions, noPermissions, type Permissions } from '@roomwarden/protocol';
import type { FastifyInstance } from 'fastify';
import type { ApiClient } from './api-client.ts';
import { signedIn } from './api-client.ts';
import type { Db } from '../../src/db/database.ts';

let counter = 0;
export const unique = (prefix = 'x'): string => `${prefix}-${process.pid}-${Date.now().toString(36)}-${++counter}`;
export const TEST_PASSWORD = 'a-long-test-password-42';

function ok<T>(res: { status: number; body: T }, what: string): T {
  if (res.status >= 300) throw new Error(`${what} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

// --- directory, sites, rooms, roles (issue 3)
export interface MadeUser {
  id: string;
  email: string;
  password: string;
}

export async function makeUser(admin: ApiClient, fields: { email?: string; displayName?: string; password?: string | null; externalId?: string } = {}): Promise<MadeUser> {
  const email = fields.email ?? `${unique('user')}@test.local`;
  const password = fields.password === undefined ? TEST_PASSWORD : fields.password;
  const body = ok(
    await admin.post('users', { email, displayName: fields.displayName ?? email.split('@')[0], ...(password ? { password } : {}), ...(fields.externalId ? { externalId: fields.externalId } : {}) }),
    'create user',
  );
  return { id: body.id, email, password: password ?? '' };
}

export async function makeGroup(admin: ApiClient, fields: { displayName?: string; memberIds?: string[] } = {}): Promise<{ id: string; displayName: string }> {
  const body = ok(await admin.post('groups', { displayName: fields.displayName ?? unique('group') }), 'create group');
  for (const userId of fields.memberIds ?? []) ok(await admin.post(`groups/${body.id}/members`, { userId }), 'add member');
  return { id: body.id, displayName: body.displayName };
}

export async function makeSite(admin: ApiClient, name = unique('site')): Promise<{ id: string; name: string }> {
  const body = ok(await admin.post('sites', { name }), 'create site');
  return { id: body.id, name: body.name };
}

export async function makeRoom(admin: ApiClient, fields: { name?: string; siteId?: string | null; region?: string; remoteAccessAllowed?: boolean } = {}): Promise<{ id: string; name: string; siteId: string | null }> {
  const body = ok(await admin.post('rooms', { name: fields.name ?? unique('room'), ...fields }), 'create room');
  return { id: body.id, name: body.name, siteId: body.siteId };
}

export interface RoleSpec {
  name?: string;
  permissions?: Partial<Permissions>;
  groupIds?: string[];
  userIds?: string[];
  allRooms?: boolean;
  siteIds?: string[];
  roomIds?: string[];
}

export async function makeRole(admin: ApiClient, spec: RoleSpec = {}): Promise<{ id: string; name: string }> {
  const body = ok(
    await admin.post('roles', {
      name: spec.name ?? unique('role'),
      // A role grants something (the server refuses one that grants nothing): by default, Audit: View.
      permissions: { ...noPermissions(), ...(spec.permissions && Object.keys(spec.permissions).length ? spec.permissions : { audit: 'view' }) },
      assignments: { groupIds: spec.groupIds ?? [], userIds: spec.userIds ?? [] },
      scope: { allRooms: spec.allRooms ?? false, siteIds: spec.siteIds ?? [], roomIds: spec.roomIds ?? [] },
    }),
    'create role',
  );
  return { id: body.id, name: body.name };
}

/** A new user holding one role built from `spec`, signed in with a cookie session. */
export async function userWithRole(app: FastifyInstance, admin: ApiClient, spec: RoleSpec = {}): Promise<{ user: MadeUser; client: ApiClient; roleId: string }> {
  const user = await makeUser(admin);
  const role = await makeRole(admin, { ...spec, userIds: [...(spec.userIds ?? []), user.id] });
  return { user, client: await signedIn(app, user.email, user.password), roleId: role.id };
}

export const everything = (level: 'view' | 'modify'): Permissions => allPermissions(level);

// ---- issue 14 C (notifications)
/**
 * An assignment of a role written straight to the database, as A's assignments API writes it
 * (on main that API does not exist yet): members, a scope, and email notifications on.
 */
export async function makeAssignmentRow(
  db: Db,
  roleId: string,
  spec: { userIds?: string[]; groupIds?: string[]; allRooms?: boolean; siteIds?: string[]; roomGroupIds?: string[]; roomIds?: string[]; emailNotifications?: boolean },
): Promise<string> {
  const id = crypto.randomUUID();
  await db.insertInto('assignments').values({ id, role_id: roleId, name: unique('assignment'), all_rooms: spec.allRooms ?? false, email_notifications: spec.emailNotifications ?? true }).execute();
  const members = [...(spec.userIds ?? []).map((p) => ({ assignment_id: id, principal_type: 'user' as const, principal_id: p })), ...(spec.groupIds ?? []).map((p) => ({ assignment_id: id, principal_type: 'group' as const, principal_id: p }))];
  if (members.length) await db.insertInto('assignment_members').values(members).execute();
  const scope = [
    ...(spec.siteIds ?? []).map((t) => ({ assignment_id: id, kind: 'site' as const, target_id: t })),
    ...(spec.roomGroupIds ?? []).map((t) => ({ assignment_id: id, kind: 'room_group' as const, target_id: t })),
    ...(spec.roomIds ?? []).map((t) => ({ assignment_id: id, kind: 'room' as const, target_id: t })),
  ];
  if (scope.length) await db.insertInto('assignment_scope').values(scope).execute();
  return id;
}

/** A room group written straight to the database (A's /room-groups API is not on main yet). */
export async function makeRoomGroupRow(db: Db, roomIds: string[]): Promise<string> {
  const id = crypto.randomUUID();
  await db.insertInto('room_groups').values({ id, name: unique('room-group') }).execute();
  if (roomIds.length) await db.insertInto('room_group_rooms').values(roomIds.map((r) => ({ room_group_id: id, room_id: r }))).execute();
  return id;
}
