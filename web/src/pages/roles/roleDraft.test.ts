import { describe, expect, it } from 'vitest';
import { noPermissions } from '@roomwarden/protocol';
import type { Role } from '../../api/types.ts';
import { draftOf, emptyDraft, hasAnyPermission, inputOf, namesOf, permissionSummary, scopeNames, scopeSummary, stepProblem } from './roleDraft.ts';

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

describe('the wizard refuses', () => {
  const named = { ...emptyDraft(), name: 'Support' };
  it('a role with no permission ticked, at the permissions step and at the review', () => {
    expect(hasAnyPermission(noPermissions())).toBe(false);
    expect(stepProblem(named, 'permissions')).toMatch(/at least one permission/);
    expect(stepProblem(named, 'review')).toMatch(/at least one permission/);
    const withOne = { ...named, permissions: { ...noPermissions(), audit: 'view' as const } };
    expect(stepProblem(withOne, 'permissions')).toBeNull();
    expect(stepProblem(withOne, 'review')).toBeNull();
  });

  it('a role without a name', () => {
    expect(stepProblem({ ...emptyDraft(), name: '  ' }, 'name')).toBe('Give the role a name');
    expect(stepProblem(named, 'assignments')).toBeNull();
  });
});

describe('the review names what was picked', () => {
  it('says the groups and rooms by name', () => {
    const d = { ...emptyDraft(), groupIds: ['g1', 'g2'], roomIds: ['r1'], scopeMode: 'rooms' as const, labels: { g1: 'Room support', g2: 'Facilities', r1: 'Board Room 4.01' } };
    expect(namesOf(d.groupIds, d.labels, 'No groups')).toBe('Room support, Facilities');
    expect(namesOf([], d.labels, 'No groups')).toBe('No groups');
    expect(scopeNames(d)).toBe('Rooms: Board Room 4.01');
    expect(scopeNames({ ...d, scopeMode: 'both', siteIds: ['s1'], labels: { ...d.labels, s1: 'HQ' } })).toBe('Sites: HQ; Rooms: Board Room 4.01');
    expect(scopeNames({ ...d, scopeMode: 'all' })).toBe('All rooms, including rooms added later');
  });
});
