import { describe, expect, it } from 'vitest';
import { noPermissions } from '@roomwarden/protocol';
import type { Role } from '../../api/types.ts';
import { draftOf, emptyDraft, inputOf, permissionSummary, scopeSummary } from './roleDraft.ts';

const role = (scope: Role['scope']): Role => ({
  id: 'r1',
  name: 'Support',
  description: 'd',
  builtIn: false,
  builtInKind: null,
  permissions: { ...noPermissions(), remoteAccess: 'modify', audit: 'view' },
  assignments: { groupIds: ['g1'], userIds: [] },
  scope,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

describe('role drafts', () => {
  it('sends only the list that the chosen scope uses', () => {
    const d = { ...emptyDraft(), name: '  Support ', siteIds: ['s1'], roomIds: ['x1'] };
    expect(inputOf({ ...d, scopeMode: 'rooms' }).scope).toEqual({ allRooms: false, siteIds: [], roomIds: ['x1'] });
    expect(inputOf({ ...d, scopeMode: 'sites' }).scope).toEqual({ allRooms: false, siteIds: ['s1'], roomIds: [] });
    expect(inputOf({ ...d, scopeMode: 'both' }).scope).toEqual({ allRooms: false, siteIds: ['s1'], roomIds: ['x1'] });
    expect(inputOf({ ...d, scopeMode: 'all' }).scope).toEqual({ allRooms: true, siteIds: [], roomIds: [] });
    expect(inputOf(d).name).toBe('Support');
  });

  it('reads a saved role back into the same scope mode', () => {
    expect(draftOf(role({ allRooms: true, siteIds: [], roomIds: [] })).scopeMode).toBe('all');
    expect(draftOf(role({ allRooms: false, siteIds: ['s'], roomIds: [] })).scopeMode).toBe('sites');
    expect(draftOf(role({ allRooms: false, siteIds: [], roomIds: ['r'] })).scopeMode).toBe('rooms');
    expect(draftOf(role({ allRooms: false, siteIds: ['s'], roomIds: ['r'] })).scopeMode).toBe('both');
  });

  it('summarises permissions and rooms for the review step', () => {
    const d = draftOf(role({ allRooms: false, siteIds: [], roomIds: ['a', 'b'] }));
    expect(permissionSummary(d.permissions)).toBe('Remote access: Modify, Audit log: View');
    expect(scopeSummary(d)).toBe('2 rooms');
    expect(permissionSummary(noPermissions())).toBe('No permissions');
  });
});
