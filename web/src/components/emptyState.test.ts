import { describe, expect, it } from 'vitest';
import { emptyMessage } from './emptyState.ts';

describe('an empty list says why it is empty', () => {
  it('nothing yet, when no search or filter narrows it', () => {
    expect(emptyMessage({ noun: 'group', filtered: false })).toBe('No groups yet.');
    expect(emptyMessage({ noun: 'entry', filtered: false })).toBe('No entries yet.');
    expect(emptyMessage({ noun: 'open incident', filtered: false, none: 'No open incidents. All quiet.' })).toBe('No open incidents. All quiet.');
  });

  it('nothing matches, when one does', () => {
    expect(emptyMessage({ noun: 'group', filtered: true })).toBe('No group matches the search or filters.');
    expect(emptyMessage({ noun: 'group', filtered: true, none: 'No groups yet.' })).toBe('No group matches the search or filters.');
  });
});
