// Against a real database (PGlite in memory, migrated): the failures live in sign_in_failures.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../db/database.ts';
import { KEPT_PER_KEY, SignInFailuresRepository } from '../repositories/sign-in-failures.repository.ts';
import { LoginThrottle, type ThrottleLimits } from './login-throttle.ts';

let database: DatabaseHandle;
let repo: SignInFailuresRepository;
const throttle = (limits: ThrottleLimits, now?: () => number, scope = 'sign-in') => new LoginThrottle(repo, scope, limits, now);

beforeAll(async () => {
  database = await openDatabase({ memory: true });
  await migrateToLatest(database.db);
  repo = new SignInFailuresRepository(database.db);
});
afterAll(() => database.close());
beforeEach(async () => {
  await database.db.deleteFrom('sign_in_failures').execute();
});

describe('LoginThrottle', () => {
  it('limits per account and per address, and forgets after the window', async () => {
    let now = 1_000_000;
    const t = throttle({ perAccount: 3, perAddress: 5, windowMs: 60_000 }, () => now);
    for (let i = 0; i < 3; i++) {
      expect(await t.retryAfter('a@x', '1.1.1.1')).toBe(0);
      await t.fail('a@x', '1.1.1.1');
    }
    expect(await t.retryAfter('a@x', '2.2.2.2')).toBe(60);
    expect(await t.retryAfter('b@x', '1.1.1.1')).toBe(0);
    await t.fail('b@x', '1.1.1.1');
    await t.fail('c@x', '1.1.1.1');
    expect(await t.retryAfter('d@x', '1.1.1.1')).toBeGreaterThan(0);
    now += 61_000;
    expect(await t.retryAfter('a@x', '1.1.1.1')).toBe(0);
  });

  it('a success clears the account counter', async () => {
    const t = throttle({ perAccount: 2, perAddress: 50, windowMs: 60_000 });
    await t.fail('a@x', null);
    await t.fail('a@x', null);
    expect(await t.retryAfter('a@x', null)).toBeGreaterThan(0);
    await t.succeed('a@x');
    expect(await t.retryAfter('a@x', null)).toBe(0);
  });

  it('two throttles on one database (two nodes) count the same failures; another scope does not', async () => {
    const limits = { perAccount: 3, perAddress: 4, windowMs: 60_000 };
    const nodeA = throttle(limits);
    const nodeB = throttle(limits);
    const enrollment = throttle(limits, undefined, 'enrollment');
    await nodeA.fail('a@x', '10.0.0.1');
    await nodeB.fail('b@x', '10.0.0.1');
    await nodeA.fail('c@x', '10.0.0.1');
    expect(await nodeB.addressWait('10.0.0.1')).toBe(0);
    await nodeB.fail('d@x', '10.0.0.1');
    expect(await nodeA.addressWait('10.0.0.1')).toBeGreaterThan(0);
    expect(await nodeB.addressWait('10.0.0.1')).toBeGreaterThan(0);
    expect(await enrollment.retryAfter('enroll', '10.0.0.1')).toBe(0);
  });

  it('keeps at most the newest failures of a key, and sweeps failures older than the window', async () => {
    let now = 0;
    const t = throttle({ perAccount: 5, perAddress: 20, windowMs: 60_000 }, () => now);
    for (let i = 0; i < KEPT_PER_KEY + 20; i++) {
      now += 10;
      await t.fail('a@x', null);
    }
    const kept = await database.db.selectFrom('sign_in_failures').select('at').where('key', '=', 'a:a@x').execute();
    expect(kept).toHaveLength(KEPT_PER_KEY);
    now += 60_000 + 1; // the next failure sweeps (a minute since the last sweep), the window is past
    await t.fail('b@x', null);
    const left = await database.db.selectFrom('sign_in_failures').select('key').execute();
    expect(left).toEqual([{ key: 'a:b@x' }]);
  });
});

describe('LoginThrottle: per-account backoff and per-address failure limit', () => {
  const limits = { perAccount: 3, perAddress: 5, windowMs: 15 * 60_000, backoffBaseMs: 1_000 };

  it('lets the free failures through, then backs the account off, doubling with each failure', async () => {
    let now = 1_000_000;
    const th = throttle(limits, () => now);
    for (let i = 0; i < 2; i++) await th.fail('a@x', '10.0.0.1');
    expect(await th.accountWait('a@x')).toBe(0);
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      await th.fail('a@x', `10.0.1.${i}`); // from any address
      waits.push(await th.accountWait('a@x'));
      now += waits[i]! * 1000;
      expect(await th.accountWait('a@x')).toBe(0);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16]);
    expect(await th.accountWait('b@x')).toBe(0);
  });

  it('caps the backoff at the window, and forgets after it', async () => {
    let now = 0;
    const th = throttle(limits, () => now);
    for (let i = 0; i < 40; i++) await th.fail('a@x', null);
    expect(await th.accountWait('a@x')).toBe(15 * 60);
    now += 15 * 60_000 + 1;
    expect(await th.accountWait('a@x')).toBe(0);
  });

  it('counts failures per address apart from the accounts: other accounts are not backing off', async () => {
    let now = 0;
    const th = throttle(limits, () => now);
    for (let i = 0; i < 5; i++) await th.fail(`user${i}@x`, '10.0.0.9');
    expect(await th.addressWait('10.0.0.9')).toBeGreaterThan(0);
    expect(await th.addressWait('10.0.0.8')).toBe(0);
    expect(await th.accountWait('admin@x')).toBe(0);
    expect(await th.accountWait('user0@x')).toBe(0);
    now += 15 * 60_000 + 1;
    expect(await th.addressWait('10.0.0.9')).toBe(0);
  });
});
