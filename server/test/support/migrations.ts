// A database at a given point of the migration history, for migration tests: PGlite in
// memory, migrated up to (and including) a named migration, then on to the latest.
import { Kysely, Migrator } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import { PGliteDialect } from '../../src/db/pglite-dialect.ts';
import { migrations } from '../../src/db/migrations/index.ts';

export interface MigratingDb {
  db: Kysely<Database>;
  /** Runs the migrations up to and including `name`. */
  upTo(name: keyof typeof migrations): Promise<void>;
  toLatest(): Promise<void>;
  close(): Promise<void>;
}

export async function migratingDb(): Promise<MigratingDb> {
  const { PGlite } = await import('@electric-sql/pglite');
  const client = new PGlite();
  await client.waitReady;
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, migrationTableName: 'roomwarden_migrations', migrationLockTableName: 'roomwarden_migrations_lock' });
  const check = ({ error, results }: Awaited<ReturnType<Migrator['migrateToLatest']>>): void => {
    const failed = results?.find((r) => r.status === 'Error');
    if (error || failed) throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  };
  return {
    db,
    upTo: async (name) => check(await migrator.migrateTo(name)),
    toLatest: async () => check(await migrator.migrateToLatest()),
    close: () => db.destroy(),
  };
}
