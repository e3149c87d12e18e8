import { describe, expect, it } from 'vitest';
import { ScimError, filterConditions, paging, patchOperations, readListQuery, toBoolean } from './scim-protocol.ts';

const columns = { username: 'email', externalid: 'external_id', id: 'id' } as const;

function scimTypeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof ScimError) return err.scimType ?? `status ${err.status}`;
    throw err;
  }
  return undefined;
}

describe('filterConditions', () => {
  it('keeps eq on known attributes, joined by and, with or without the schema URN', () => {
    expect(filterConditions('userName eq "a@b.c"', columns)).toEqual([{ column: 'email', value: 'a@b.c' }]);
    expect(filterConditions('urn:ietf:params:scim:schemas:core:2.0:User:userName eq "x" and externalId eq "y"', columns)).toEqual([
      { column: 'email', value: 'x' },
      { column: 'external_id', value: 'y' },
    ]);
    expect(filterConditions(undefined, columns)).toEqual([]);
    expect(filterConditions('  ', columns)).toEqual([]);
  });

  it('refuses everything else as invalidFilter', () => {
    for (const f of ['userName co "a"', 'userName eq "a" or id eq "b"', 'not (userName eq "a")', 'emails[type eq "work"]', 'title eq "x"', 'userName eq true', 'userName pr', '"']) {
      expect(scimTypeOf(() => filterConditions(f, columns)), f).toBe('invalidFilter');
    }
  });
});

describe('patchOperations', () => {
  it('lower-cases ops and turns Entra string booleans into booleans, with and without a path', () => {
    expect(patchOperations({ Operations: [{ op: 'Replace', path: 'active', value: 'False' }] })).toEqual([{ op: 'replace', path: 'active', value: false }]);
    expect(patchOperations({ Operations: [{ op: 'replace', value: { active: 'True', 'name.givenName': 'A' } }] })).toEqual([
      { op: 'replace', value: { active: true, 'name.givenName': 'A' } },
    ]);
  });

  it('refuses malformed operations with the right scimType', () => {
    expect(scimTypeOf(() => patchOperations(null))).toBe('invalidSyntax');
    expect(scimTypeOf(() => patchOperations({ Operations: [] }))).toBe('invalidSyntax');
    expect(scimTypeOf(() => patchOperations({ Operations: [{ op: 'copy', path: 'a' }] }))).toBe('invalidSyntax');
    expect(scimTypeOf(() => patchOperations({ Operations: [{ op: 'remove' }] }))).toBe('noTarget');
    expect(scimTypeOf(() => patchOperations({ Operations: [{ op: 'add', value: 'x' }] }))).toBe('invalidValue');
    expect(scimTypeOf(() => patchOperations({ Operations: Array.from({ length: 201 }, () => ({ op: 'add', path: 'a', value: 1 })) }))).toBe('tooMany');
  });
});

describe('paging and list queries', () => {
  it('defaults, clamps and validates startIndex and count', () => {
    expect(paging({})).toEqual({ startIndex: 1, count: 100 });
    expect(paging({ startIndex: '0', count: '100000' })).toEqual({ startIndex: 1, count: 200 });
    expect(paging({ count: '-5' })).toEqual({ startIndex: 1, count: 0 });
    expect(scimTypeOf(() => paging({ startIndex: '1e3' }))).toBe('invalidValue');
    expect(scimTypeOf(() => readListQuery({ filter: ['a', 'b'] }))).toBe('invalidFilter');
  });

  it('toBoolean accepts booleans and true/false strings only', () => {
    expect(toBoolean('TRUE', 'active')).toBe(true);
    expect(toBoolean(false, 'active')).toBe(false);
    expect(scimTypeOf(() => toBoolean('yes', 'active'))).toBe('invalidValue');
  });
});
