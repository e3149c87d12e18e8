// The one record style of the repositories: rows are read as Kysely's Selectable<> of the
// table (snake_case, as stored) and handed to services as camelCase records; what services
// write comes in camelCase and becomes columns here. Keys only: JSON values are not touched.
// Every repository method takes its executor (the database or an open transaction) last.

type CamelKey<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelKey<Tail>>}` : S;

/** The camelCase twin of a row type (optional and readonly keys stay so). */
export type Camel<T> = { [K in keyof T as K extends string ? CamelKey<K> : K]: T[K] };

const toCamelKey = (key: string): string => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const toSnakeKey = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A row as a record: snake_case columns become camelCase fields. */
export function camel<T extends object>(row: T): Camel<T> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [toCamelKey(k), v])) as Camel<T>;
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
