// A real app for API tests: in-memory PGlite by default, or a fresh PostgreSQL database
// per test file when ROOMWARDEN_TEST_DATABASE_URL is set (CI runs the suite both ways).
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { createApp, loadConfig, type RoomwardenApp } from '../../src/index.ts';
import type { Config } from '../../src/config.ts';
import type { AgentLink } from '../../src/gateway/agent-link.ts';
import { signedIn, type ApiClient } from './api-client.ts';

export const ADMIN_EMAIL = 'admin@test.local';
export const ADMIN_PASSWORD = 'correct-horse-battery-staple';

export interface TestApp extends RoomwardenApp {
  dispose(): Promise<void>;
}

export async function freshPostgresDatabase(baseUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `rw_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      // pool.end() resolves before its sockets close; a forced drop would then kill
      // backends whose clients are still ending (an uncaught 57P01). Let them go first.
      for (let i = 0; i < 50; i++) {
        const r = await c.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if (r.rows[0]?.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export async function createTestApp(overrides: Partial<Config> = {}, opts: { throttle?: { perAccount: number; perAddress: number; windowMs: number }; agentLink?: AgentLink; serveWeb?: boolean; logger?: object } = {}): Promise<TestApp> {
  const baseUrl = process.env.ROOMWARDEN_TEST_DATABASE_URL;
  const pgdb = baseUrl ? await freshPostgresDatabase(baseUrl) : undefined;
  // A key per test app: no key file is written into the working directory.
  const config = loadConfig({ ROOMWARDEN_LOG_LEVEL: 'silent', ROOMWARDEN_PUBLIC_URL: 'http://127.0.0.1:8080', ...(pgdb ? { DATABASE_URL: pgdb.url } : {}) }, { secretsKey: randomBytes(32), ...overrides });
  const rw = await createApp(config, { memoryDatabase: !pgdb, logger: opts.logger ?? false, serveWeb: opts.serveWeb ?? false, ...(opts.throttle ? { throttle: opts.throttle } : {}), ...(opts.agentLink ? { agentLink: opts.agentLink } : {}) });
  await rw.services.bootstrap.ensureAdministrator(ADMIN_EMAIL, ADMIN_PASSWORD);
  return {
    ...rw,
    async dispose() {
      await rw.close();
      await pgdb?.drop();
    },
  };
}

export const usingPostgres = (): boolean => Boolean(process.env.ROOMWARDEN_TEST_DATABASE_URL);

/** A test app with the built-in Administrator signed in, and that Administrator's user id. */
export async function appWithAdmin(overrides: Partial<Config> = {}): Promise<{ t: TestApp; admin: ApiClient; adminId: string }> {
  const t = await createTestApp(overrides);
  const admin = await signedIn(t.app, ADMIN_EMAIL, ADMIN_PASSWORD);
  return { t, admin, adminId: (await admin.get('me')).body.user.id as string };
}
