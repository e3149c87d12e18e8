// Small factories for API tests. Shared: append yours, don't rewrite others'.
import { allPermissions, noPermissions, type Permissions } from '@roomwarden/protocol';
import type { FastifyInstance } from 'fastify';
import type { ApiClient } from './api-client.ts';
import { signedIn } from './api-client.ts';

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
  roomGroupIds?: string[];
  roomIds?: string[];
  emailNotifications?: boolean;
}

export async function makeRole(admin: ApiClient, spec: RoleSpec = {}): Promise<{ id: string; name: string; assignmentId: string }> {
  const body = ok(
    await admin.post('roles', {
      name: spec.name ?? unique('role'),
      // A role grants something (the server refuses one that grants nothing): by default, Audit: View.
      permissions: { ...noPermissions(), ...(spec.permissions && Object.keys(spec.permissions).length ? spec.permissions : { audit: 'view' }) },
      // The spec's members and scope make the role's one assignment.
      assignments: [
        {
          groupIds: spec.groupIds ?? [],
          userIds: spec.userIds ?? [],
          scope: { allRooms: spec.allRooms ?? false, siteIds: spec.siteIds ?? [], roomGroupIds: spec.roomGroupIds ?? [], roomIds: spec.roomIds ?? [] },
          emailNotifications: spec.emailNotifications ?? false,
        },
      ],
    }),
    'create role',
  );
  return { id: body.id, name: body.name, assignmentId: body.assignments[0].id };
}

/** A new user holding one role built from `spec`, signed in with a cookie session. */
export async function userWithRole(app: FastifyInstance, admin: ApiClient, spec: RoleSpec = {}): Promise<{ user: MadeUser; client: ApiClient; roleId: string }> {
  const user = await makeUser(admin);
  const role = await makeRole(admin, { ...spec, userIds: [...(spec.userIds ?? []), user.id] });
  return { user, client: await signedIn(app, user.email, user.password), roleId: role.id };
}

export const everything = (level: 'view' | 'modify'): Permissions => allPermissions(level);

// --- room groups and role assignments (issue 14, part A)
export async function makeRoomGroup(admin: ApiClient, fields: { name?: string; description?: string; roomIds?: string[] } = {}): Promise<{ id: string; name: string }> {
  const body = ok(await admin.post('room-groups', { name: fields.name ?? unique('room-group'), ...(fields.description ? { description: fields.description } : {}), roomIds: fields.roomIds ?? [] }), 'create room group');
  return { id: body.id, name: body.name };
}

export interface AssignmentSpec {
  name?: string;
  groupIds?: string[];
  userIds?: string[];
  scope?: { allRooms?: boolean; siteIds?: string[]; roomGroupIds?: string[]; roomIds?: string[] };
  emailNotifications?: boolean;
}

/** Adds an assignment to a role; answers its id. */
export async function addAssignment(admin: ApiClient, roleId: string, spec: AssignmentSpec): Promise<string> {
  return ok(await admin.post(`roles/${roleId}/assignments`, spec), 'add assignment').id as string;
}
