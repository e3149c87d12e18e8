// The database: PGlite in the data directory by default, PostgreSQL with DATABASE_URL.
// One SQL dialect, one schema, one set of migrations for both.
import { Kysely, Migrator, PostgresDialect, sql, type Dialect, type MigrationProvider, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { migrations } from './migrations/index.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import { lockDataDir } from './data-dir-lock.ts';

export type Db = Kysely<Database>;
/** A query executor: the database or an open transaction. Repositories accept either. */
export type Executor = Kysely<Database> | Transaction<Database>;

export interface DatabaseHandle {
  db: Db;
  /**
   * The cluster's heartbeats and leases (PostgreSQL: a pool of two connections of their own,
   * so that a burst of writes queued on the main pool never makes a live node look gone;
   * PGlite, one node: the same database).
   */
  control: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

// bigint (int8) as string, timestamps as Date, numeric as string: keep pg's defaults
// except int8 counts, which we read as numbers where they fit.
pg.types.setTypeParser(20, (v) => v);

export async function openDatabase(opts: { databaseUrl?: string | undefined; dataDir?: string | undefined; memory?: boolean }): Promise<DatabaseHandle> {
  let dialect: Dialect;
  let kind: DatabaseHandle['kind'];
  let unlock: (() => void) | undefined;
  let control: Db | undefined;
  if (opts.databaseUrl) {
    kind = 'postgres';
    dialect = new PostgresDialect({ pool: new pg.Pool({ connectionString: opts.databaseUrl, max: 10 }) });
    control = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: opts.databaseUrl, max: 2 }) }) });
  } else {
    kind = 'pglite';
    const { PGlite } = await import('@electric-sql/pglite');
    let client;
    if (opts.memory || !opts.dataDir) {
      client = new PGlite();
    } else {
      unlock = await lockDataDir(opts.dataDir);
      client = new PGlite(`${opts.dataDir}/pgdata`);
    }
    await client.waitReady;
    dialect = new PGliteDialect(client);
  }
  const db = new Kysely<Database>({ dialect });
  return {
    db,
    control: control ?? db,
    kind,
    async close() {
      await control?.destroy();
      await db.destroy();
      unlock?.();
    },
  };
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

// Nodes started together on a fresh database migrate once: Kysely's Migrator (0.28) takes
// a session-level pg_advisory_lock on one connection, reads which migrations ran only
// once it holds it, and runs the rest in one transaction; a second node waits, then finds
// nothing to do (cluster-state.postgres.test.ts starts three processes at once).
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider, migrationTableName: 'roomwarden_migrations', migrationLockTableName: 'roomwarden_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return (results ?? []).map((r) => r.migrationName);
}

export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
