// Users and groups: CRUD, search and pagination, disabling (sessions and tokens stop at
// once), validation, audit before/after without secrets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ApiClient, signedIn } from './support/api-client.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestApp, type TestApp } from './support/test-app.ts';
import { makeGroup, makeUser, TEST_PASSWORD, unique, userWithRole } from './support/factories.ts';

let t: TestApp;
let admin: ApiClient;
beforeAll(async () => {
  t = await createTestApp();
  admin = await signedIn(t.app, ADMIN_EMAIL, ADMIN_PASSWORD);
});
afterAll(async () => t?.dispose());

const lastAudit = async (action: string, targetId: string) => {
  const res = await admin.get(`audit?action=${action}&targetId=${targetId}`);
  expect(res.status).toBe(200);
  return res.body.items[0];
};

describe('users', () => {
  it('creates a user with an argon2id password hash and shows the contract shape', async () => {
    const email = `${unique('ann')}@test.local`;
    const res = await admin.post('users', { email, displayName: 'Ann Example', password: TEST_PASSWORD, externalId: unique('ext') });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.any(String), email, displayName: 'Ann Example', disabled: false, externalId: expect.any(String) });
    expect(JSON.stringify(res.body)).not.toContain('argon2');
    const row = await t.database.db.selectFrom('users').select('password_hash').where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect((await signedIn(t.app, email, TEST_PASSWORD)).csrfToken).toEqual(expect.any(String));
    const entry = await lastAudit('user.create', res.body.id);
    expect(entry.details.after).toMatchObject({ email, displayName: 'Ann Example' });
    expect(JSON.stringify(entry.details)).not.toMatch(/argon2|password_hash|a-long-test-password/);
  });

  it('a user without a password exists but cannot sign in with one', async () => {
    const u = await makeUser(admin, { password: null });
    const c = new ApiClient(t.app);
    expect((await c.login(u.email, 'anything-at-all-123')).status).toBe(401);
  });

  it('rejects bad input with a 400 naming the field', async () => {
    const cases: Array<[unknown, string]> = [
      [{ email: 'not-an-email', displayName: 'X' }, 'email'],
      [{ email: `${unique('a')}@test.local`, displayName: '' }, 'displayName'],
      [{ email: `${unique('a')}@test.local`, displayName: 'X', password: 'short' }, 'password'],
      [{ email: `${unique('a')}@test.local`, displayName: 'X', role: 'admin' }, 'role'],
      [{ displayName: 'X' }, 'email'],
    ];
    for (const [body, field] of cases) {
      const res = await admin.post('users', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field });
    }
    const raw = await admin.request('POST', 'users', undefined, { rawBody: '{"email":' });
    expect(raw.status).toBe(400);
    expect(raw.body.error.code).toBe('INVALID_JSON');
  });

  it('refuses a second user with the same email (any case) or externalId', async () => {
    const u = await makeUser(admin, { externalId: unique('ext') });
    const dup = await admin.post('users', { email: u.email.toUpperCase(), displayName: 'Dup' });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'ALREADY_EXISTS', field: 'email' });
    const ext = (await admin.get(`users/${u.id}`)).body.externalId;
    const dupExt = await admin.post('users', { email: `${unique('b')}@test.local`, displayName: 'Dup', externalId: ext });
    expect(dupExt.body.error).toMatchObject({ code: 'ALREADY_EXISTS', field: 'externalId' });
    const other = await makeUser(admin);
    const patch = await admin.patch(`users/${other.id}`, { email: u.email });
    expect(patch.status).toBe(409);
  });

  it('searches and pages through users with opaque cursors', async () => {
    const tag = unique('zeta');
    for (let i = 0; i < 5; i++) await makeUser(admin, { email: `${tag}-${i}@test.local`, password: null });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { items: Array<{ email: string }>; nextCursor: string | null } } = await admin.get(`users?q=${tag}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((u) => u.email));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([0, 1, 2, 3, 4].map((i) => `${tag}-${i}@test.local`));
    // LIKE wildcards are literal in q
    expect((await admin.get('users?q=%25')).body.items).toEqual([]);
  });

  it('answers 400 for bad cursors, limits and unknown query fields, 404 for unknown ids', async () => {
    const forged = Buffer.from(JSON.stringify({ k: 'a', id: 'not-a-uuid' })).toString('base64url');
    for (const q of ['cursor=%%%', 'cursor=bm9wZQ', `cursor=${forged}`]) {
      const res = await admin.get(`users?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error.code).toMatch(/INVALID_CURSOR|VALIDATION_FAILED/);
    }
    expect((await admin.get('users?limit=0')).body.error.field).toBe('limit');
    expect((await admin.get('users?limit=100000')).status).toBe(400);
    expect((await admin.get('users?colour=red')).body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'colour' });
    expect((await admin.get('users/00000000-0000-4000-8000-00000000ffff')).status).toBe(404);
    expect((await admin.get('users/123')).body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'id' });
  });

  it('disabling a user stops their cookie session and API token at once, and is audited', async () => {
    const { user, client } = await userWithRole(t.app, admin, { permissions: { directory: 'view' } });
    const token = (await client.post('tokens', { name: 'automation' })).body.token as string;
    const bearer = new ApiClient(t.app);
    bearer.bearer = token;
    expect((await client.get('me')).status).toBe(200);
    expect((await bearer.get('users')).status).toBe(200);

    const res = await admin.patch(`users/${user.id}`, { disabled: true });
    expect(res.status).toBe(200);
    expect(res.body.disabled).toBe(true);
    expect((await client.get('me')).status).toBe(401);
    expect((await bearer.get('users')).status).toBe(401);
    expect((await new ApiClient(t.app).login(user.email, user.password)).status).toBe(401);
    const entry = await lastAudit('user.disable', user.id);
    expect(entry.details).toMatchObject({ before: { disabled: false }, after: { disabled: true }, revoked: { sessions: 1, tokens: 1 } });

    // Re-enabling does not resurrect the old session or token.
    expect((await admin.patch(`users/${user.id}`, { disabled: false })).body.disabled).toBe(false);
    expect((await client.get('me')).status).toBe(401);
    expect((await bearer.get('users')).status).toBe(401);
    expect((await signedIn(t.app, user.email, user.password)).cookie).toBeDefined();
  });

  it('a password reset takes effect and ends existing sessions', async () => {
    const { user, client } = await userWithRole(t.app, admin, {});
    const newPassword = 'another-long-password-77';
    expect((await admin.patch(`users/${user.id}`, { password: 'short' })).body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'password' });
    const res = await admin.patch(`users/${user.id}`, { password: newPassword, displayName: 'Renamed' });
    expect(res.status).toBe(200);
    expect(res.body.displayName).toBe('Renamed');
    expect((await client.get('me')).status).toBe(401);
    expect((await new ApiClient(t.app).login(user.email, user.password)).status).toBe(401);
    await signedIn(t.app, user.email, newPassword);
    const entry = await lastAudit('user.update', user.id);
    expect(entry.details).toMatchObject({ before: { displayName: expect.any(String) }, after: { displayName: 'Renamed' }, passwordChanged: true });
    expect(JSON.stringify(entry.details)).not.toMatch(/argon2|another-long-password/);
  });

  it('deleting a user ends their session, removes memberships and assignments, and is audited', async () => {
    const { user, client, roleId } = await userWithRole(t.app, admin, { permissions: { directory: 'view' } });
    const g = await makeGroup(admin, { memberIds: [user.id] });
    expect((await admin.delete(`users/${user.id}`)).status).toBe(204);
    expect((await client.get('me')).status).toBe(401);
    expect((await admin.get(`users/${user.id}`)).status).toBe(404);
    expect((await admin.delete(`users/${user.id}`)).status).toBe(404);
    expect((await admin.get(`groups/${g.id}`)).body.memberCount).toBe(0);
    expect((await admin.get(`roles/${roleId}`)).body.assignments[0].userIds).toEqual([]);
    const entry = await lastAudit('user.delete', user.id);
    expect(entry.details).toMatchObject({ before: { id: user.id, email: user.email, groupIds: [g.id] }, after: null });
  });
});

describe('groups', () => {
  it('creates, reads, edits and deletes a group, with audit before/after', async () => {
    const res = await admin.post('groups', { displayName: 'Room Ops', description: 'The people who reach rooms', externalId: unique('gext') });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.any(String), displayName: 'Room Ops', description: 'The people who reach rooms', externalId: expect.any(String), memberCount: 0 });
    const id = res.body.id as string;
    const patched = await admin.patch(`groups/${id}`, { description: 'Changed', externalId: null });
    expect(patched.body).toMatchObject({ displayName: 'Room Ops', description: 'Changed', externalId: null });
    const upd = await lastAudit('group.update', id);
    expect(upd.details).toMatchObject({ before: { description: 'The people who reach rooms' }, after: { description: 'Changed' } });
    expect((await admin.get(`groups?q=room%20ops`)).body.items.map((g: { id: string }) => g.id)).toContain(id);
    expect((await admin.delete(`groups/${id}`)).status).toBe(204);
    expect((await admin.get(`groups/${id}`)).status).toBe(404);
    expect((await lastAudit('group.delete', id)).details).toMatchObject({ before: { displayName: 'Room Ops' }, after: null });
  });

  it('validates group input', async () => {
    expect((await admin.post('groups', {})).body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'displayName' });
    expect((await admin.post('groups', { displayName: 'X', members: [] })).body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'members' });
    expect((await admin.patch('groups/00000000-0000-4000-8000-00000000ffff', { description: 'x' })).status).toBe(404);
  });

  it('adds, lists and removes members; membership changes are audited', async () => {
    const g = await makeGroup(admin);
    const a = await makeUser(admin, { password: null });
    const b = await makeUser(admin, { password: null });
    expect((await admin.post(`groups/${g.id}/members`, { userId: a.id })).status).toBe(201);
    expect((await admin.post(`groups/${g.id}/members`, { userId: a.id })).status).toBe(200);
    expect((await admin.post(`groups/${g.id}/members`, { userId: b.id })).status).toBe(201);
    const bad = await admin.post(`groups/${g.id}/members`, { userId: '00000000-0000-4000-8000-00000000ffff' });
    expect(bad.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'userId' });
    expect((await admin.post(`groups/00000000-0000-4000-8000-00000000ffff/members`, { userId: a.id })).status).toBe(404);

    const members = await admin.get(`groups/${g.id}/members?limit=1`);
    expect(members.body.items).toHaveLength(1);
    expect(members.body.nextCursor).toEqual(expect.any(String));
    const rest = await admin.get(`groups/${g.id}/members?limit=1&cursor=${members.body.nextCursor}`);
    expect([...members.body.items, ...rest.body.items].map((u: { id: string }) => u.id).sort()).toEqual([a.id, b.id].sort());
    expect((await admin.get(`groups/${g.id}`)).body.memberCount).toBe(2);
    expect((await admin.get(`users/${a.id}/groups`)).body.items.map((x: { id: string }) => x.id)).toEqual([g.id]);
    const g2 = await makeGroup(admin, { memberIds: [a.id] });
    const first = await admin.get(`users/${a.id}/groups?limit=1`);
    const second = await admin.get(`users/${a.id}/groups?limit=1&cursor=${first.body.nextCursor}`);
    expect([...first.body.items, ...second.body.items].map((x: { id: string }) => x.id).sort()).toEqual([g.id, g2.id].sort());
    expect(second.body.nextCursor).toBeNull();
    await admin.delete(`groups/${g2.id}`);

    expect((await admin.delete(`groups/${g.id}/members/${a.id}`)).status).toBe(204);
    expect((await admin.delete(`groups/${g.id}/members/${a.id}`)).status).toBe(404);
    expect((await admin.get(`groups/${g.id}`)).body.memberCount).toBe(1);
    const added = await admin.get(`audit?action=group.member.add&targetId=${g.id}`);
    expect(added.body.items).toHaveLength(2);
    const removed = await lastAudit('group.member.remove', g.id);
    expect(removed.details).toMatchObject({ user: { id: a.id }, before: { member: true }, after: { member: false } });
  });

  it('a user removed from a group loses what the group granted on the very next request', async () => {
    const g = await makeGroup(admin);
    const u = await makeUser(admin);
    await admin.post(`groups/${g.id}/members`, { userId: u.id });
    await admin.post('roles', {
      name: unique('dir-viewers'),
      permissions: { rooms: 'none', incidents: 'none', remoteAccess: 'none', settings: 'none', roles: 'none', directory: 'view', enrollment: 'none', audit: 'none' },
      assignments: [{ groupIds: [g.id], userIds: [] }],
    });
    const c = await signedIn(t.app, u.email, u.password);
    expect((await c.get('users')).status).toBe(200);
    expect((await c.get('me')).body.groups.map((x: { id: string }) => x.id)).toEqual([g.id]);
    await admin.delete(`groups/${g.id}/members/${u.id}`);
    expect((await c.get('users')).status).toBe(403);
  });

  it('publishes bus events so that live sessions and event streams re-check at once', async () => {
    const seen: Array<{ type: string; [k: string]: unknown }> = [];
    const off = t.bus.subscribe((e) => {
      seen.push(e);
    });
    try {
      const u = await makeUser(admin, { password: null });
      const g = await makeGroup(admin, { memberIds: [u.id] });
      await admin.delete(`groups/${g.id}/members/${u.id}`);
      await admin.patch(`users/${u.id}`, { disabled: true });
      await admin.delete(`users/${u.id}`);
      expect(seen).toEqual(
        expect.arrayContaining([
          { type: 'group.changed', groupId: g.id },
          { type: 'user.disabled', userId: u.id },
          { type: 'user.disabled', userId: u.id, deleted: true },
        ]),
      );
      expect(seen.filter((e) => e.type === 'group.changed')).toHaveLength(2); // added, then removed
    } finally {
      off();
    }
  });

  it('Users & groups: Modify cannot take over an Administrator or join a group that holds the role', async () => {
    const { user: manager, client } = await userWithRole(t.app, admin, { permissions: { directory: 'modify' } });
    const adminId = (await admin.get('me')).body.user.id as string;
    const adminGroup = await makeGroup(admin);
    const adminRole = (await admin.get('roles/00000000-0000-4000-8000-000000000001')).body;
    const adminAssignment = `roles/${adminRole.id}/assignments/${adminRole.assignments[0].id}`;
    await admin.patch(adminAssignment, { groupIds: [adminGroup.id] });
    try {
      const refused = [
        await client.patch(`users/${adminId}`, { password: 'i-own-you-now-123' }),
        await client.patch(`users/${adminId}`, { email: 'attacker@test.local' }),
        await client.patch(`users/${adminId}`, { disabled: true }),
        await client.delete(`users/${adminId}`),
        await client.post(`groups/${adminGroup.id}/members`, { userId: manager.id }),
        await client.patch(`groups/${adminGroup.id}`, { externalId: 'hijack' }),
        await client.delete(`groups/${adminGroup.id}`),
      ];
      for (const res of refused) {
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('FORBIDDEN');
      }
      expect((await client.get('me')).body.permissions.roles).toBe('none');
      await signedIn(t.app, ADMIN_EMAIL, ADMIN_PASSWORD);
      // Ordinary accounts and groups stay theirs to manage.
      const plain = await makeUser(admin, { password: null });
      expect((await client.patch(`users/${plain.id}`, { displayName: 'Fine' })).status).toBe(200);
      expect((await client.post(`groups/${(await makeGroup(admin)).id}/members`, { userId: plain.id })).status).toBe(201);
      // An Administrator may.
      expect((await admin.post(`groups/${adminGroup.id}/members`, { userId: plain.id })).status).toBe(201);
      expect((await admin.delete(`groups/${adminGroup.id}/members/${plain.id}`)).status).toBe(204);
    } finally {
      await admin.patch(adminAssignment, { groupIds: [] });
    }
  });

  it('stores no secret in any audit entry', async () => {
    const rows = await sql<{ n: string }>`select count(*) as n from audit_log where details::text like '%argon2%' or details::text like '%password_hash%'`.execute(t.database.db);
    expect(Number(rows.rows[0]?.n)).toBe(0);
  });
});
