// The cost of cluster-wide state (issue 12): one-time tickets and the sign-in throttle in
// the database instead of one node's memory. Run by hand; it asserts nothing.
//
//   node --import tsx bench/cluster-state/run.ts                 this checkout, PGlite then PostgreSQL
//   BENCH_DB=postgres node --import tsx bench/cluster-state/run.ts
//   BENCH_SERVER_SRC=/work/main/server/src/index.ts node --import tsx bench/cluster-state/run.ts
//                                                                 the same against another checkout (the "before")
//
// Per database, in one app (createApp, no portal): p50/p99 of issuing and of redeeming a
// session ticket (the supervisor's TicketStore, as admission calls it), and of a sign-in
// through POST /api/v1/auth/login, correct and wrong password (argon2id verification
// included: it dominates), and of the throttle's own calls for one sign-in on the app's
// database (correct: accountWait + succeed; failed: accountWait + fail + addressWait).
// The throttle's limits are set high enough never to refuse.
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { createApp, loadConfig } from '@roomwarden/server';

const N_TICKETS = Number(process.env.BENCH_TICKETS ?? 2000);
const N_LOGINS = Number(process.env.BENCH_LOGINS ?? 200);
const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const EMAIL = 'bench@cluster-state.test';
const PASSWORD = 'bench-cluster-state-password-1';

interface ServerModule {
  createApp: typeof createApp;
  loadConfig: typeof loadConfig;
}

function pct(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function timed(n: number, op: (i: number) => Promise<unknown> | unknown): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < Math.min(20, n); i++) await op(i); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await op(i);
    samples.push(performance.now() - t0);
  }
  return { p50: pct(samples, 50), p99: pct(samples, 99) };
}

async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `rw_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

async function run(server: ServerModule, kind: 'pglite' | 'postgres'): Promise<Record<string, { p50: number; p99: number }>> {
  const pgdb = kind === 'postgres' ? await freshDatabase() : undefined;
  const config = server.loadConfig({ ROOMWARDEN_LOG_LEVEL: 'silent', ROOMWARDEN_PUBLIC_URL: 'http://127.0.0.1:8080', ...(pgdb ? { DATABASE_URL: pgdb.url } : {}) }, { secretsKey: randomBytes(32) });
  const rw = await server.createApp(config, { memoryDatabase: !pgdb, logger: false, serveWeb: false, throttle: { perAccount: 1e9, perAddress: 1e9, windowMs: 15 * 60_000 } });
  try {
    await rw.services.bootstrap.ensureAdministrator(EMAIL, PASSWORD);
    const tickets = rw.sessions.tickets;
    const sessionId = randomUUID();
    const issued: string[] = [];
    const issue = await timed(N_TICKETS, async () => issued.push((await tickets.issue(sessionId, 'viewer')).ticket));
    let next = 0;
    const redeem = await timed(Math.min(N_TICKETS, issued.length - 20), async () => {
      const r = await tickets.redeem(issued[next++]!, sessionId, 'viewer');
      if (!r.ok) throw new Error(`redeem refused: ${r.why}`);
    });
    const login = (password: string) => rw.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: EMAIL, password }, remoteAddress: '192.0.2.1' });
    const signIn = await timed(N_LOGINS, async () => {
      const res = await login(PASSWORD);
      if (res.statusCode !== 200) throw new Error(`sign-in: ${res.statusCode} ${res.body}`);
    });
    const signInWrong = await timed(N_LOGINS, async () => {
      const res = await login('not-the-password');
      if (res.statusCode !== 401) throw new Error(`wrong sign-in: ${res.statusCode} ${res.body}`);
    });
    const throttle = await throttleOn(rw.database.db);
    const throttleOk = await timed(N_TICKETS, async () => {
      await throttle.accountWait('someone@x.test');
      await throttle.succeed('someone@x.test');
    });
    const throttleFail = await timed(N_TICKETS, async (i) => {
      await throttle.accountWait('someone@x.test');
      await throttle.fail('someone@x.test', `10.0.${i % 200}.1`);
      await throttle.addressWait(`10.0.${i % 200}.1`);
    });
    return {
      'ticket issue': issue,
      'ticket redeem': redeem,
      'throttle, correct sign-in': throttleOk,
      'throttle, failed sign-in': throttleFail,
      'sign-in (correct)': signIn,
      'sign-in (wrong password)': signInWrong,
    };
  } finally {
    await rw.close();
    await pgdb?.drop();
  }
}

/** What one sign-in asks of the throttle, alone: this checkout's (the database) or the other's (a Map, before issue 12). */
interface ThrottleCalls {
  accountWait(account: string): Promise<number> | number;
  addressWait(address: string): Promise<number> | number;
  fail(account: string, address: string): Promise<void> | void;
  succeed(account: string): Promise<void> | void;
}

async function throttleOn(db: unknown): Promise<ThrottleCalls> {
  const limits = { perAccount: 1e9, perAddress: 1e9, windowMs: 15 * 60_000 };
  const mod = (await import(`${srcDir}/auth/login-throttle.ts`)) as { LoginThrottle: new (...args: unknown[]) => ThrottleCalls; DEFAULT_THROTTLE?: unknown };
  if (mod.DEFAULT_THROTTLE === undefined) return new mod.LoginThrottle(limits); // before: failures in a Map
  const { SignInFailuresRepository } = (await import(`${srcDir}/repositories/sign-in-failures.repository.ts`)) as { SignInFailuresRepository: new (db: unknown) => unknown };
  return new mod.LoginThrottle(new SignInFailuresRepository(db), 'bench', limits);
}

const source = process.env.BENCH_SERVER_SRC ?? '@roomwarden/server';
const srcDir = process.env.BENCH_SERVER_SRC ? path.dirname(process.env.BENCH_SERVER_SRC) : fileURLToPath(new URL('../../server/src', import.meta.url));
const server = (await import(source)) as ServerModule;
const kinds = (process.env.BENCH_DB ?? 'pglite,postgres').split(',') as Array<'pglite' | 'postgres'>;
process.stdout.write(`cluster-state cost, server from ${source}\n`);
for (const kind of kinds) {
  const results = await run(server, kind);
  for (const [name, r] of Object.entries(results)) process.stdout.write(`${kind.padEnd(9)} ${name.padEnd(26)} p50 ${r.p50.toFixed(3).padStart(8)} ms   p99 ${r.p99.toFixed(3).padStart(8)} ms\n`);
}
