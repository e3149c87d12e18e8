// Runs a unit of work in one database transaction. Services use it to keep a change and
// its audit entry together without touching SQL themselves.
import type { Db, Executor } from '../db/database.ts';

export interface Transactor {
  run<T>(work: (ex: Executor) => Promise<T>): Promise<T>;
}

export function createTransactor(db: Db): Transactor {
  return { run: (work) => db.transaction().execute(work) };
}
