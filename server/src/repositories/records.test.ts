import { describe, expect, it } from 'vitest';
import { camel, columns, groupBy } from './records.ts';

describe('records', () => {
  it('turns a row into a camelCase record, keys only', () => {
    const at = new Date('2024-01-02T03:04:05.000Z');
    const record = camel({ id: 'u1', display_name: 'Ada', last_login_at: at, acknowledged_by_label: null, details: { some_key: 1 } });
    expect(record).toEqual({ id: 'u1', displayName: 'Ada', lastLoginAt: at, acknowledgedByLabel: null, details: { some_key: 1 } });
    expect(record.lastLoginAt).toBe(at);
  });

  it('gives every row of a read the same fields, in column order (the names are converted once)', () => {
    const rows = [{ room_id: 'r1', opened_at: 1, rule_id: 'a' }, { room_id: 'r2', opened_at: 2, rule_id: 'b' }];
    const records = rows.map(camel);
    expect(records).toEqual([{ roomId: 'r1', openedAt: 1, ruleId: 'a' }, { roomId: 'r2', openedAt: 2, ruleId: 'b' }]);
    for (const r of records) expect(Object.keys(r)).toEqual(['roomId', 'openedAt', 'ruleId']);
  });

  it('turns a camelCase write back into columns, undefined values kept as they were', () => {
    const write = columns<{ display_name?: string; external_id?: string | null; email?: string }>({ displayName: 'Ada', externalId: null, email: undefined });
    expect(write).toEqual({ display_name: 'Ada', external_id: null, email: undefined });
    expect(Object.keys(write)).toEqual(['display_name', 'external_id', 'email']);
  });

  it('groups records by a key, in their order, each group once', () => {
    const groups = groupBy([{ roomId: 'r1', n: 1 }, { roomId: 'r2', n: 2 }, { roomId: 'r1', n: 3 }], (r) => r.roomId);
    expect([...groups.entries()]).toEqual([
      ['r1', [{ roomId: 'r1', n: 1 }, { roomId: 'r1', n: 3 }]],
      ['r2', [{ roomId: 'r2', n: 2 }]],
    ]);
  });
});
