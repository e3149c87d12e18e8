import { describe, expect, it } from 'vitest';
import { count, pluralOf } from './plural.ts';

describe('count', () => {
  it('says one thing in the singular and every other number in the plural', () => {
    expect(count(1, 'user')).toBe('1 user');
    expect(count(1, 'group')).toBe('1 group');
    expect(count(0, 'group')).toBe('0 groups');
    expect(count(2, 'session')).toBe('2 sessions');
    expect(count(1204, 'room')).toBe('1,204 rooms');
  });

  it('knows the nouns the portal counts that are not a plain -s', () => {
    expect(count(3, 'entry')).toBe('3 entries');
    expect(count(1, 'entry')).toBe('1 entry');
    expect(pluralOf('address')).toBe('addresses');
    expect(pluralOf('day')).toBe('days');
    expect(count(2, 'live session')).toBe('2 live sessions');
    expect(count(2, 'person', 'people')).toBe('2 people');
  });
});
