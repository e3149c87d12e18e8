// Small helpers shared by the repositories (directory, enrollment, incidents): cursors
// whose id must be a UUID, LIKE patterns, and unique-violation mapping.
import { sql, type RawBuilder } from 'kysely';
import { AppError } from '../errors.ts';
import { decodeCursor, type Cursor, type CursorKey } from './cursor.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (s: string): boolean => UUID.test(s);

/** A cursor keyed by `key` (a lower-cased name unless told) whose id is a UUID (compared with a uuid column). */
export function decodeUuidCursor(raw: string | undefined, key: CursorKey = 'text'): Cursor | undefined {
  return decodeCursor(raw, { k: key, id: 'uuid' });
}

/** The rows after a (lower-cased name, id) cursor, in the lists ordered by lower(name), then id. */
export function afterNameCursor(cursor: Cursor): RawBuilder<boolean> {
  const k = String(cursor.k);
  return sql<boolean>`(lower(name) > ${k} or (lower(name) = ${k} and id > ${cursor.id}))`;
}

/** A (created/opened at, id) cursor; one that does not hold a timestamp and a UUID is a 400. */
export function timeCursor(raw: string | undefined): { at: Date; id: string } | undefined {
  const cursor = decodeCursor(raw, { k: 'time', id: 'uuid' });
  return cursor && { at: new Date(cursor.k), id: cursor.id };
}

/** `%text%` for a case-insensitive LIKE on lower(column), with LIKE's wildcards escaped. */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

/** A unique-constraint race (the service checks first) becomes ALREADY_EXISTS, not a 500. */
export async function mapUnique<T>(work: Promise<T>, field: string, what: string): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505') {
      throw new AppError('ALREADY_EXISTS', `${what} already exists`, field);
    }
    throw err;
  }
}
