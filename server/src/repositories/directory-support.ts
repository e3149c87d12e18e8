// Small helpers shared by the repositories (directory, enrollment, incidents): cursors
// whose id must be a UUID, LIKE patterns, and unique-violation mapping.
import { AppError } from '../errors.ts';
import { decodeCursor, type Cursor } from './cursor.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (s: string): boolean => UUID.test(s);

/** decodeCursor, plus: the id part must be a UUID (compared with a uuid column). */
export function decodeUuidCursor(raw: string | undefined): Cursor | undefined {
  const cursor = decodeCursor(raw);
  if (cursor && !isUuid(cursor.id)) throw new AppError('INVALID_CURSOR', 'The cursor is not valid (bad id)', 'cursor');
  return cursor;
}

/** A (created/opened at, id) cursor; one that does not hold a timestamp and a UUID is a 400. */
export function timeCursor(raw: string | undefined): { at: Date; id: string } | undefined {
  const cursor = decodeCursor(raw);
  if (!cursor) return undefined;
  const at = new Date(typeof cursor.k === 'string' ? cursor.k : Number.NaN);
  if (Number.isNaN(at.getTime()) || !isUuid(cursor.id)) throw new AppError('INVALID_CURSOR', 'The cursor is not valid', 'cursor');
  return { at, id: cursor.id };
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
