// Opaque pagination cursors: base64url JSON of the last row's sort key. A cursor that
// does not decode to the expected shape is a 400, never a 500.
import { z } from 'zod';
import { AppError } from '../errors.ts';

const cursorSchema = z.object({ k: z.union([z.string(), z.number()]), id: z.string().max(200) }).strict();
export type Cursor = z.infer<typeof cursorSchema>;

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeCursor(raw: string | undefined): Cursor | undefined {
  if (raw === undefined || raw === '') return undefined;
  try {
    if (raw.length > 1000 || !/^[A-Za-z0-9_-]+$/.test(raw)) throw new Error('not base64url');
    return cursorSchema.parse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
  } catch (err) {
    throw new AppError('INVALID_CURSOR', `The cursor is not valid (${err instanceof Error ? err.message.slice(0, 80) : 'bad'})`, 'cursor');
  }
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
