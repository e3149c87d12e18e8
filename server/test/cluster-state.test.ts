// Issue 12, cluster-wide state on one node (PGlite in a data directory, or PostgreSQL in
// the PostgreSQL run): tickets and sign-in failures are in the database, so a restart (a
// rolling restart of a cluster, or one node's) loses neither. Several nodes on one
// database: cluster-state.postgres.test.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, loadConfig, type RoomwardenApp } from '../src/index.ts';
import { ApiClient } from './support/api-client.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, freshPostgresDatabase } from './support/test-app.ts';

const THROTTLE = { perAccount: 100, perAddress: 3, windowMs: 15 * 60_000 };

describe('tickets and sign-in failures outlive a restart of the node', () => {
  const secretsKey = randomBytes(32);
  let where: { env: Record<string, string>; memory: false; drop: () => Promise<void> };

  beforeAll(async () => {
    const baseUrl = process.env.ROOMWARDEN_TEST_DATABASE_URL;
    if (baseUrl) {
      const db = await freshPostgresDatabase(baseUrl);
      where = { env: { DATABASE_URL: db.url }, memory: false, drop: db.drop };
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-cluster-state-'));
      where = { env: { ROOMWARDEN_DATA_DIR: dir }, memory: false, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
    }
  });
  afterAll(() => where?.drop());

  const start = async (): Promise<RoomwardenApp> => {
    const config = loadConfig({ ROOMWARDEN_LOG_LEVEL: 'silent', ROOMWARDEN_PUBLIC_URL: 'http://127.0.0.1:8080', ...where.env }, { secretsKey });
    const rw = await createApp(config, { memoryDatabase: where.memory, logger: false, serveWeb: false, throttle: THROTTLE });
    await rw.services.bootstrap.ensureAdministrator(ADMIN_EMAIL, ADMIN_PASSWORD);
    return rw;
  };
  const failFrom = (rw: RoomwardenApp, ip: string, email: string) => new ApiClient(rw.app, ip).request('POST', 'auth/login', { email, password: 'wrong-password' });

  it('a ticket issued before the restart works once after it; failures before it still count', async () => {
    const sessionId = randomUUID();
    const before = await start();
    const ticket = await before.sessions.tickets.issue(sessionId, 'viewer');
    const spent = await before.sessions.tickets.issue(sessionId, 'agent');
    expect(await before.sessions.tickets.redeem(spent.ticket, sessionId, 'agent')).toEqual({ ok: true });
    expect((await failFrom(before, '198.51.100.20', 'one@x.test')).status).toBe(401);
    expect((await failFrom(before, '198.51.100.20', 'two@x.test')).status).toBe(401);
    await before.close();

    const after = await start();
    try {
      expect(await after.sessions.tickets.redeem(spent.ticket, sessionId, 'agent')).toEqual({ ok: false, why: 'unknown' });
      expect(await after.sessions.tickets.check(ticket.ticket, sessionId, 'viewer')).toEqual({ ok: true });
      expect(await after.sessions.tickets.redeem(ticket.ticket, sessionId, 'viewer')).toEqual({ ok: true });
      expect(await after.sessions.tickets.redeem(ticket.ticket, sessionId, 'viewer')).toEqual({ ok: false, why: 'unknown' });
      // The third failure from the address (two were before the restart) is over its limit.
      const third = await failFrom(after, '198.51.100.20', 'three@x.test');
      expect(third.status).toBe(429);
      expect((await failFrom(after, '198.51.100.21', 'three@x.test')).status).toBe(401);
    } finally {
      await after.close();
    }
  });
});
