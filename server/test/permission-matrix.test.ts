// The permission matrix: every non-public route, called by users holding each level in
// its area (in and out of room scope), must answer the status the model predicts; and
// every registered route must have a row (a new route without one fails here).
// Rows live in ./permission-matrix/cases/*.cases.ts; the model in ./permission-matrix/model.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AREAS, isRoomArea, noPermissions } from '@roomwarden/protocol';
import { ApiClient, signedIn } from './support/api-client.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestApp, type TestApp } from './support/test-app.ts';
import { makeGroup, makeRole, makeRoom, makeSite, makeUser, unique, type MadeUser } from './support/factories.ts';
import { randomSecret, sha256Hex } from '../src/secrets/random-secrets.ts';
import { ALL_CASES } from './permission-matrix/cases/index.ts';
import { ALL_CALLERS, callersFor, expectedStatuses, type CallerModel, type Fixtures, type MatrixCase, type Ref } from './permission-matrix/model.ts';

let t: TestApp;
let fx: Fixtures;
const clients = new Map<string, { client: ApiClient; user: MadeUser }>();

beforeAll(async () => {
  t = await createTestApp();
  const admin = await signedIn(t.app, ADMIN_EMAIL, ADMIN_PASSWORD);
  const siteA = await makeSite(admin, unique('pm-site-a'));
  const siteB = await makeSite(admin, unique('pm-site-b'));
  const roomA = await makeRoom(admin, { name: unique('pm-room-a') }); // in scope by name, not by site
  const roomB = await makeRoom(admin, { name: unique('pm-room-b'), siteId: siteB.id });
  const user = await makeUser(admin, { password: null });
  fx = {
    admin,
    siteA,
    siteB,
    roomA,
    roomB,
    user,
    group: await makeGroup(admin),
    role: await makeRole(admin),
    freshRoom: (inScope) => makeRoom(admin, { name: unique('pm-fresh'), siteId: inScope ? siteA.id : siteB.id }),
    freshUser: () => makeUser(admin, { password: null }),
    freshGroup: (memberIds) => makeGroup(admin, { memberIds: memberIds ?? [] }),
    freshRole: () => makeRole(admin),
    freshSite: () => makeSite(admin),
    unique,
  };
  for (const caller of ALL_CALLERS) {
    const u = await makeUser(admin, { email: `${unique(caller.key.replace(/[^a-z]/gi, '-'))}@test.local`, password: null });
    if (Object.keys(caller.levels).length) {
      const roomScoped = AREAS.some((a) => isRoomArea(a) && (caller.levels[a] ?? 'none') !== 'none');
      await makeRole(admin, {
        name: `pm ${caller.key}`,
        permissions: { ...noPermissions(), ...caller.levels },
        userIds: [u.id],
        allRooms: caller.scope === 'all',
        siteIds: caller.scope === 'siteA' && roomScoped ? [siteA.id] : [],
        roomIds: caller.scope === 'siteA' && roomScoped ? [roomA.id] : [],
      });
    }
    clients.set(caller.key, { client: await bearerFor(u.id), user: u });
  }
});
afterAll(async () => t?.dispose());

const keyOf = (method: string, url: string) => `${method} ${url}`;

/** A personal API token written straight to the database: no password hashing, so the set-up stays quick. */
async function bearerFor(userId: string): Promise<ApiClient> {
  const token = `rwt_${randomSecret(32)}`;
  await t.database.db.insertInto('api_tokens').values({ id: crypto.randomUUID(), user_id: userId, name: 'matrix', token_hash: sha256Hex(token) }).execute();
  const client = new ApiClient(t.app);
  client.bearer = token;
  return client;
}

async function call(c: MatrixCase, client: ApiClient, room: Ref | undefined) {
  const req = await c.request(fx, room);
  const body = req.body ?? (c.method === 'GET' || c.method === 'DELETE' ? undefined : {});
  return client.request(c.method, req.path, body);
}

async function roomFor(c: MatrixCase, where: 'in' | 'out'): Promise<Ref> {
  if (c.room === 'fresh') return fx.freshRoom(where === 'in');
  return where === 'in' ? fx.roomA : fx.roomB;
}

describe('route table', () => {
  it('every route that is not public has a row, with the permission it declares', () => {
    const rows = new Map(ALL_CASES.map((c) => [keyOf(c.method, c.url), c]));
    const missing: string[] = [];
    const mismatched: string[] = [];
    for (const r of t.routes) {
      if (r.permission === 'public') continue;
      const row = rows.get(keyOf(r.method, r.url));
      if (!row) missing.push(`${keyOf(r.method, r.url)} (${JSON.stringify(r.permission)})`);
      else if (JSON.stringify(row.permission) !== JSON.stringify(r.permission)) mismatched.push(`${keyOf(r.method, r.url)}: declares ${JSON.stringify(r.permission)}, row says ${JSON.stringify(row.permission)}`);
    }
    expect(missing, 'routes without a permission-matrix row').toEqual([]);
    expect(mismatched, 'rows whose permission differs from the route').toEqual([]);
  });

  it('every row names a registered route, once', () => {
    const registered = new Set(t.routes.map((r) => keyOf(r.method, r.url)));
    const keys = ALL_CASES.map((c) => keyOf(c.method, c.url));
    expect(keys.filter((k) => !registered.has(k)), 'rows for routes that do not exist').toEqual([]);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i), 'duplicate rows').toEqual([]);
  });
});

describe('permission matrix', () => {
  for (const c of ALL_CASES) {
    it(`${c.method} ${c.url}`, async () => {
      const failures: string[] = [];
      const targets: Array<'in' | 'out' | undefined> = c.room ? ['in', 'out'] : [undefined];
      for (const where of targets) {
        const anon = await call(c, new ApiClient(t.app), where ? await roomFor(c, where) : undefined);
        const anonExpected = expectedStatuses(c, 'anonymous', where);
        if (!anonExpected.includes(anon.status)) failures.push(`anonymous${where ? ` (room ${where})` : ''}: got ${anon.status}, expected ${anonExpected.join('|')}`);
        if (c.permission === 'agent') continue;
        for (const caller of callersFor(c)) {
          const held = clients.get(caller.key)!;
          const client = c.ownSession ? await bearerFor(held.user.id) : held.client;
          const res = await call(c, client, where ? await roomFor(c, where) : undefined);
          const expected = expectedStatuses(c, caller as CallerModel, where);
          if (!expected.includes(res.status)) {
            failures.push(`${caller.key}${where ? ` (room ${where})` : ''}: got ${res.status} ${JSON.stringify(res.body?.error ?? '')}, expected ${expected.join('|')}`);
          } else if (res.status < 300 && c.check) {
            c.check(res, caller, fx);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }
});
