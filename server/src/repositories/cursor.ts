// Opaque pagination cursors: base64url JSON of the last row's sort key. A cursor is checked
// here, in one place, against the key types of the list that reads it (text, time, integer;
// a UUID or integer id), so that what reaches a query is a value its column takes: one that
// does not decode to that shape is a 400 INVALID_CURSOR, never a 500.
import { z } from 'zod';
import { isUnstorableText } from '@roomwarden/protocol';
import { AppError } from '../errors.ts';

const cursorSchema = z.object({ k: z.union([z.string(), z.number()]), id: z.string().max(200) }).strict();
export type Cursor = z.infer<typeof cursorSchema>;

/**
 * What a list sorts by. `text`: a string (a lower-cased name or email, a status); `time`: an
 * ISO timestamp PostgreSQL can hold (years 1 to 9999); `int`: a non-negative safe integer
 * (a sequence number; the decoded `k` is then a number); `none`: sorted by id alone (the key is 0).
 */
export type CursorKey = 'text' | 'time' | 'int' | 'none';
/** The tie-breaking id: a UUID column, or an integer one. */
export type CursorId = 'uuid' | 'int';
export interface CursorShape {
  k: CursorKey;
  id: CursorId;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;
const DIGITS = /^\d{1,15}$/;
const MIN_TIME = Date.UTC(1, 0, 1);
const MAX_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function invalid(why: string): AppError {
  return new AppError('INVALID_CURSOR', `The cursor is not valid (${why.slice(0, 80)})`, 'cursor');
}

function checkedKey(k: string | number, type: CursorKey): string | number {
  switch (type) {
    case 'none':
      if (k !== 0) throw invalid('bad key');
      return k;
    case 'text':
      if (typeof k !== 'string' || k.length > 1000 || isUnstorableText(k)) throw invalid('bad key');
      return k;
    case 'time': {
      const at = typeof k === 'string' && ISO_TIME.test(k) ? Date.parse(k) : Number.NaN;
      if (!(at >= MIN_TIME && at <= MAX_TIME)) throw invalid('bad time');
      return k;
    }
    case 'int': {
      const n = typeof k === 'number' ? k : DIGITS.test(k) ? Number(k) : Number.NaN;
      if (!Number.isSafeInteger(n) || n < 0) throw invalid('bad number');
      return n;
    }
  }
}

/** The cursor of a list sorted by `shape.k` with `shape.id` as the tie-breaker, or undefined for the first page. */
export function decodeCursor(raw: string | undefined, shape: CursorShape): Cursor | undefined {
  if (raw === undefined || raw === '') return undefined;
  let cursor: Cursor;
  try {
    if (raw.length > 1000 || !/^[A-Za-z0-9_-]+$/.test(raw)) throw new Error('not base64url');
    cursor = cursorSchema.parse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
  } catch (err) {
    throw invalid(err instanceof Error ? err.message : 'bad');
  }
  if (shape.id === 'uuid' ? !UUID.test(cursor.id) : !DIGITS.test(cursor.id)) throw invalid('bad id');
  return { k: checkedKey(cursor.k, shape.k), id: cursor.id };
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Given limit+1 rows, cut to limit and make the next cursor from the last row kept. */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => Cursor): Page<T> {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  return { items, nextCursor: more && last ? encodeCursor(keyOf(last)) : null };
}
