// Abuse of sign-in: the client's address behind a reverse proxy (trusted only when
// configured), and throttling that slows attackers without locking out a correct password.
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient, signedIn } from './support/api-client.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestApp, type TestApp } from './support/test-app.ts';

const apps: TestApp[] = [];
afterAll(async () => Promise.all(apps.map((a) => a.dispose())));

const PROXY = '10.0.0.1';
const CLIENT = '203.0.113.7';

async function failedSignInSourceIp(trustProxy: string[], email: string): Promise<string | null> {
  const t = await createTestApp({ trustProxy });
  apps.push(t);
  const c = new ApiClient(t.app, PROXY);
  const r = await c.request('POST', 'auth/login', { email, password: 'wrong-password-123' }, { headers: { 'x-forwarded-for': CLIENT } });
  expect(r.status).toBe(401);
  const admin = await signedIn(t.app, ADMIN_EMAIL, ADMIN_PASSWORD);
  const entries = (await admin.get('audit?action=auth.login_failed')).body.items as Array<{ sourceIp: string | null; details: { email?: string } }>;
  return entries.find((e) => e.details.email === email)?.sourceIp ?? null;
}

describe('trusted proxy', () => {
  it("believes X-Forwarded-For only from a configured proxy: the audit's sourceIp is the forwarded address then, the proxy's otherwise", async () => {
    expect(await failedSignInSourceIp([], 'untrusted@test.local')).toBe(PROXY);
    expect(await failedSignInSourceIp(['192.168.0.0/16'], 'other-proxy@test.local')).toBe(PROXY);
    expect(await failedSignInSourceIp(['10.0.0.0/8'], 'trusted@test.local')).toBe(CLIENT);
  });
});

describe('sign-in throttling', () => {
  it("20 failures from one address for other accounts do not refuse the Administrator's correct password from it", async () => {
    const t = await createTestApp();
    apps.push(t);
    const c = new ApiClient(t.app, '198.51.100.1');
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await c.login(`nobody${i}@test.local`, 'wrong-password-123')).status);
    expect(statuses.slice(0, 19).every((s) => s === 401)).toBe(true);
    expect(statuses[19]).toBe(429); // the address is over its failure limit: a wrong password is 429
    expect((await c.login(`nobody-more@test.local`, 'wrong-password-123')).status).toBe(429);
    const ok = await c.login(ADMIN_EMAIL, ADMIN_PASSWORD);
    expect(ok.status).toBe(200);
  });

  it('300 refused attempts write only a few audit entries, the rest counted in one summary', async () => {
    const t = await createTestApp();
    apps.push(t);
    const victim = 'victim-burst@test.local';
    const c = new ApiClient(t.app, '198.51.100.2');
    const statuses: number[] = [];
    for (let i = 0; i < 300; i++) statuses.push((await c.login(victim, 'wrong-password-123')).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(290);
    await t.services.auth.flushRefusalSummaries();
    const admin = await signedIn(t.app, ADMIN_EMAIL, ADMIN_PASSWORD);
    const entries = ((await admin.get('audit?limit=200')).body.items as Array<{ action: string; details: Record<string, unknown> }>).filter(
      (e) => e.action.startsWith('auth.login_') && e.details.email === victim,
    );
    expect(entries.length).toBeLessThanOrEqual(8);
    const limited = entries.filter((e) => e.action === 'auth.login_rate_limited');
    const summary = limited.find((e) => e.details.summary === true);
    expect(limited.length).toBe(2); // the first refusal, then one summary of the rest
    expect(summary?.details.refusedAttempts).toBe(statuses.filter((s) => s === 429).length - 1);
  });
});
