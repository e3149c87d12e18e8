import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ApiClient, signedIn } from './support/api-client.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({}, { throttle: { perAccount: 3, perAddress: 10, windowMs: 60_000 } });
});
afterAll(async () => t?.dispose());

describe('operations', () => {
  it('healthz, readyz, metrics and the OpenAPI document answer', async () => {
    const c = new ApiClient(t.app);
    expect((await c.get('/healthz')).status).toBe(200);
    expect((await c.get('/readyz')).body).toEqual({ status: 'ready' });
    const metrics = await c.get('/metrics');
    expect(metrics.status).toBe(200);
    expect(String(metrics.body)).toContain('process_cpu_user_seconds_total');
    const doc = await c.get('/api/v1/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toContain('/api/v1/settings/general');
  });

  it('metrics need the bearer token when ROOMWARDEN_METRICS_TOKEN is set; health stays open', async () => {
    const token = 'scrape-9f2c4e7a1b3d5f60';
    const guarded = await createTestApp({ metricsToken: token });
    try {
      const c = new ApiClient(guarded.app);
      const none = await c.get('/metrics');
      expect(none.status).toBe(401);
      expect(none.body.error.code).toBe('NOT_AUTHENTICATED');
      expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
      expect((await c.request('GET', '/metrics', undefined, { headers: { authorization: 'Bearer wrong-token-0000000' } })).status).toBe(401);
      const ok = await c.request('GET', '/metrics', undefined, { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      expect(String(ok.body)).toContain('process_cpu_user_seconds_total');
      expect((await c.get('/healthz')).status).toBe(200);
    } finally {
      await guarded.dispose();
    }
  });
});

describe('sign-in', () => {
  it('a fresh install has the built-in Administrator, who signs in with a cookie session', async () => {
    const c = new ApiClient(t.app);
    const res = await c.login(ADMIN_EMAIL, ADMIN_PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body.user.email).toBe(ADMIN_EMAIL);
    expect(res.body.csrfToken).toEqual(expect.any(String));
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const me = await c.get('me');
    expect(me.status).toBe(200);
    expect(me.body.csrfToken).toBe(res.body.csrfToken);
    expect(me.body.permissions.settings).toBe('modify');
    expect(me.body.roles.map((r: { name: string }) => r.name)).toContain('Administrator');
  });

  it('is 401 without a session, and the session ends at logout', async () => {
    const anon = new ApiClient(t.app);
    const res = await anon.get('me');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('NOT_AUTHENTICATED');
    const c = await signedIn(t.app, ADMIN_EMAIL, ADMIN_PASSWORD);
    const cookie = c.cookie;
    expect((await c.post('auth/logout')).status).toBe(204);
    const again = new ApiClient(t.app);
    again.cookie = cookie;
    expect((await again.get('me')).status).toBe(401);
  });

  it('state-changing requests need the CSRF token', async () => {
    const c = await signedIn(t.app, ADMIN_EMAIL, ADMIN_PASSWORD);
    const res = await c.request('PUT', 'settings/general', { sessionMaxMinutes: 60 }, { csrf: false });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CSRF_TOKEN_INVALID');
    const wrong = await c.request('PUT', 'settings/general', { sessionMaxMinutes: 60 }, { csrf: false, headers: { 'x-csrf-token': 'nope' } });
    expect(wrong.body.error.code).toBe('CSRF_TOKEN_INVALID');
  });

  it('failed sign-ins are audited and rate limited per account', async () => {
    const c = new ApiClient(t.app, '10.9.9.9');
    for (let i = 0; i < 3; i++) {
      const r = await c.login('victim@test.local', 'wrong-password-123');
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('INVALID_CREDENTIALS');
    }
    const limited = await c.login('victim@test.local', 'wrong-password-123');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(limited.headers['retry-after']).toBeDefined();
    const admin = await signedIn(t.app, ADMIN_EMAIL, ADMIN_PASSWORD);
    const log = await admin.get('audit?action=auth.login_failed');
    expect(log.body.items.length).toBeGreaterThanOrEqual(3);
    expect(log.body.items[0]).toMatchObject({ action: 'auth.login_failed', sourceIp: '10.9.9.9', details: { email: 'victim@test.local' } });
  });

  it('API tokens are shown once, work as bearer without CSRF, and stop when revoked', async () => {
    const c = await signedIn(t.app, ADMIN_EMAIL, ADMIN_PASSWORD);
    const created = await c.post('tokens', { name: 'automation', expiresInDays: 30 });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^rwt_/);
    const list = await c.get('tokens');
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
    const bot = new ApiClient(t.app);
    bot.bearer = created.body.token;
    expect((await bot.get('settings/general')).status).toBe(200);
    expect((await bot.put('settings/general', { sessionIdleTimeoutMinutes: 20 })).status).toBe(200);
    expect((await c.delete(`tokens/${created.body.id}`)).status).toBe(204);
    expect((await bot.get('settings/general')).status).toBe(401);
  });
});

describe('Settings > General', () => {
  it('remote access is off on a fresh install and needs a valid contact email to turn on', async () => {
    const c = await signedIn(t.app, ADMIN_EMAIL, ADMIN_PASSWORD);
    const before = await c.get('settings/general');
    expect(before.body).toMatchObject({ remoteAccessEnabled: false, remoteAccessContactEmail: null, sessionIdleTimeoutMinutes: expect.any(Number), sessionMaxMinutes: expect.any(Number) });
    const missing = await c.put('settings/general', { remoteAccessEnabled: true });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'remoteAccessContactEmail' });
    const bad = await c.put('settings/general', { remoteAccessEnabled: true, remoteAccessContactEmail: 'not-an-email' });
    expect(bad.body.error.field).toBe('remoteAccessContactEmail');
    const ok = await c.put('settings/general', { remoteAccessEnabled: true, remoteAccessContactEmail: 'rooms-team@example.com' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ remoteAccessEnabled: true, remoteAccessContactEmail: 'rooms-team@example.com' });
    const entry = (await c.get('audit?action=settings.general.update')).body.items[0];
    expect(entry).toMatchObject({ actorLabel: ADMIN_EMAIL, targetType: 'settings', targetId: 'general' });
    expect(entry.details.after.remoteAccessEnabled).toBe(true);
    expect(entry.details.before.remoteAccessEnabled).toBe(false);
  });

  it('session limits are bounded', async () => {
    const c = await signedIn(t.app, ADMIN_EMAIL, ADMIN_PASSWORD);
    const r = await c.put('settings/general', { sessionMaxMinutes: 100000 });
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('sessionMaxMinutes');
  });
});

describe('bad input gets the error shape, never a 500', () => {
  it.each([
    ['malformed JSON', { rawBody: '{"remoteAccessEnabled": tru' }, 'INVALID_JSON'],
    ['wrong type', { body: { remoteAccessEnabled: 'yes' } }, 'VALIDATION_FAILED'],
    ['unknown field', { body: { remoteAccessEnabled: false, colour: 'blue' } }, 'VALIDATION_FAILED'],
    ['oversized body', { rawBody: JSON.stringify({ remoteAccessContactEmail: 'x'.repeat(400_000) }) }, 'PAYLOAD_TOO_LARGE'],
  ] as const)('%s', async (_name, input, code) => {
    const c = await signedIn(t.app, ADMIN_EMAIL, ADMIN_PASSWORD);
    const res = await c.request('PUT', 'settings/general', 'body' in input ? input.body : undefined, 'rawBody' in input ? { rawBody: input.rawBody } : {});
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toEqual(expect.any(String));
  });

  it('unknown fields are named', async () => {
    const c = await signedIn(t.app, ADMIN_EMAIL, ADMIN_PASSWORD);
    const res = await c.put('settings/general', { colour: 'blue' });
    expect(res.body.error.field).toBe('colour');
  });

  it('bad cursors and bad query values', async () => {
    const c = await signedIn(t.app, ADMIN_EMAIL, ADMIN_PASSWORD);
    for (const url of ['audit?cursor=%%%', 'audit?cursor=eyJub3QiOiJhIGN1cnNvciJ9', 'audit?limit=0', 'audit?limit=abc', 'audit?from=yesterday']) {
      const res = await c.get(url);
      expect(res.status, url).toBe(400);
      expect(['INVALID_CURSOR', 'VALIDATION_FAILED']).toContain(res.body.error.code);
    }
  });

  it('unknown routes are 404 with the error shape', async () => {
    const res = await new ApiClient(t.app).get('/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });
});

describe('audit log', () => {
  it('pages with a cursor, verifies, and exports CSV and JSON Lines', async () => {
    const c = await signedIn(t.app, ADMIN_EMAIL, ADMIN_PASSWORD);
    for (let i = 0; i < 5; i++) await c.put('settings/general', { sessionIdleTimeoutMinutes: 30 + i });
    const first = await c.get('audit?limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await c.get(`audit?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0].seq).toBeLessThan(first.body.items[1].seq);
    const verify = await c.get('audit/verify');
    expect(verify.body.ok).toBe(true);
    expect(verify.body.checked).toBeGreaterThan(5);
    const csv = await c.get('audit/export?format=csv');
    expect(csv.status).toBe(200);
    expect(String(csv.headers['content-type'])).toContain('text/csv');
    const lines = String(csv.body).trim().split('\n');
    expect(lines[0]).toContain('seq,at,actorId');
    expect(lines.length).toBe(verify.body.checked + 1);
    const jsonl = await c.get('audit/export?format=jsonl');
    const rows = String(jsonl.body).trim().split('\n').map((l) => JSON.parse(l));
    expect(rows[0].seq).toBe(1);
    expect(rows.every((r, i) => i === 0 || r.prevHash === rows[i - 1].hash)).toBe(true);
  });

  it('a row changed directly in the database makes verify fail at that row', async () => {
    const c = await signedIn(t.app, ADMIN_EMAIL, ADMIN_PASSWORD);
    const db = t.database.db;
    // The table refuses updates; an owner who disables the trigger can still tamper.
    await expect(sql`update audit_log set actor_label = 'mallory' where seq = 3`.execute(db)).rejects.toThrow(/append-only/);
    await sql`alter table audit_log disable trigger audit_log_no_update`.execute(db);
    await sql`update audit_log set actor_label = 'mallory' where seq = 3`.execute(db);
    await sql`alter table audit_log enable trigger audit_log_no_update`.execute(db);
    const verify = await c.get('audit/verify');
    expect(verify.body).toMatchObject({ ok: false, firstBadSeq: 3 });
  });
});
