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
