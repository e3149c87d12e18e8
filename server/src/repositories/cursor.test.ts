import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, type CursorShape } from './cursor.ts';

const ID = '0b6f5b2e-6b7e-4a57-9d3e-2f7c1c1f6a10';
const raw = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code;
  }
};

describe('decodeCursor checks the key by its type: a bad cursor is INVALID_CURSOR, never a 500', () => {
  it.each<[string, unknown, CursorShape]>([
    ['text key on an integer list', { k: 'abc', id: '1' }, { k: 'int', id: 'int' }],
    ['negative sequence', { k: -1, id: '1' }, { k: 'int', id: 'int' }],
    ['huge sequence', { k: 1e300, id: '1' }, { k: 'int', id: 'int' }],
    ['fractional sequence', { k: 1.5, id: '1' }, { k: 'int', id: 'int' }],
    ['id not an integer', { k: 5, id: 'x' }, { k: 'int', id: 'int' }],
    ['id not a UUID', { k: 0, id: 'x' }, { k: 'none', id: 'uuid' }],
    ['year -271821', { k: new Date(-8.64e15).toISOString(), id: ID }, { k: 'time', id: 'uuid' }],
    ['year 275760', { k: new Date(8.64e15).toISOString(), id: ID }, { k: 'time', id: 'uuid' }],
    ['a number as a time', { k: 0, id: ID }, { k: 'time', id: 'uuid' }],
    ['not ISO', { k: 'Tuesday', id: ID }, { k: 'time', id: 'uuid' }],
    ['a NUL in a text key', { k: 'a\u0000', id: ID }, { k: 'text', id: 'uuid' }],
    ['an unpaired surrogate in a text key', { k: '\ud800', id: ID }, { k: 'text', id: 'uuid' }],
    ['a number as text', { k: 3, id: ID }, { k: 'text', id: 'uuid' }],
    ['extra fields', { k: 'a', id: ID, x: 1 }, { k: 'text', id: 'uuid' }],
  ])('%s', (_name, value, shape) => {
    expect(code(() => decodeCursor(raw(value), shape))).toBe('INVALID_CURSOR');
  });

  it('takes back what it gave, and an integer key as a number', () => {
    expect(decodeCursor(encodeCursor({ k: 'board room', id: ID }), { k: 'text', id: 'uuid' })).toEqual({ k: 'board room', id: ID });
    expect(decodeCursor(encodeCursor({ k: '2026-01-02T03:04:05.678Z', id: ID }), { k: 'time', id: 'uuid' })).toEqual({ k: '2026-01-02T03:04:05.678Z', id: ID });
    expect(decodeCursor(encodeCursor({ k: '42', id: '42' }), { k: 'int', id: 'int' })).toEqual({ k: 42, id: '42' });
    expect(decodeCursor(encodeCursor({ k: 0, id: ID }), { k: 'none', id: 'uuid' })).toEqual({ k: 0, id: ID });
    expect(decodeCursor(undefined, { k: 'text', id: 'uuid' })).toBeUndefined();
  });
});
