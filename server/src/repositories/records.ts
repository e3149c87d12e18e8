// The one record style of the repositories: rows are read as Kysely's Selectable<> of the
// table (snake_case, as stored) and handed to services as camelCase records; what services
// write comes in camelCase and becomes columns here. Keys only: JSON values are not touched.
// Every repository method takes its executor (the database or an open transaction) last.

type CamelKey<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelKey<Tail>>}` : S;

/** The camelCase twin of a row type (optional and readonly keys stay so). */
export type Camel<T> = { [K in keyof T as K extends string ? CamelKey<K> : K]: T[K] };

const toCamelKey = (key: string): string => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const toSnakeKey = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Column names seen so far, converted once each (rows are read by the thousand; their columns are few). */
const camelKeys = new Map<string, string>();
const CAMEL_KEYS_MAX = 10_000;

function camelKeyOf(column: string): string {
  let key = camelKeys.get(column);
  if (key === undefined) {
    key = toCamelKey(column);
    if (camelKeys.size < CAMEL_KEYS_MAX) camelKeys.set(column, key);
  }
  return key;
}

/** A row as a record: snake_case columns become camelCase fields. */
export function camel<T extends object>(row: T): Camel<T> {
  const record: Record<string, unknown> = {};
  for (const column of Object.keys(row)) record[camelKeyOf(column)] = (row as Record<string, unknown>)[column];
  return record as Camel<T>;
}

/** A record (or a part of one) as columns: `columns<Insertable<UsersTable>>(user)`. */
export function columns<T extends object>(record: Camel<T>): T {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [toSnakeKey(k), v])) as T;
}

/** Records grouped by a key (for the reads of many rooms at once: each room's list). */
export function groupBy<R, K>(records: readonly R[], key: (r: R) => K): Map<K, R[]> {
  const groups = new Map<K, R[]>();
  for (const r of records) {
    const k = key(r);
    const list = groups.get(k);
    if (list) list.push(r);
    else groups.set(k, [r]);
  }
  return groups;
}
