import { describe, expect, it } from 'vitest';
import { noPermissions } from '@roomwarden/protocol';
import type { Assignment, Role } from '../../api/types.ts';
import { assignmentDraftOf, assignmentInputOf, emptyAssignment, membersSummaryOf, scopeSummaryOf } from './assignmentDraft.ts';
import { draftOf, emptyDraft, hasAnyPermission, inputOf, namesOf, permissionSummary, scopeNames, settingsOf, stepProblem } from './roleDraft.ts';

const assignment = (scope: Assignment['scope']): Assignment => ({
  id: 'a1',
  name: 'Nordics',
  groupIds: ['g1'],
  userIds: [],
  scope,
  emailNotifications: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

const role: Role = {
  id: 'r1',
  name: 'Support',
  description: 'd',
  builtIn: false,
  builtInKind: null,
  permissions: { ...noPermissions(), remoteAccess: 'modify', audit: 'view' },
  assignments: [assignment({ allRooms: false, siteIds: ['s1'], roomGroupIds: [], roomIds: [] })],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('assignment drafts', () => {
  it('sends the chosen lists, or all rooms and none of them', () => {
    const d = { ...emptyAssignment(), name: '  Nordics ', siteIds: ['s1'], roomGroupIds: ['rg1'], roomIds: ['x1'] };
    expect(assignmentInputOf(d)).toEqual({ name: 'Nordics', groupIds: [], userIds: [], scope: { allRooms: false, siteIds: ['s1'], roomGroupIds: ['rg1'], roomIds: ['x1'] }, emailNotifications: false });
    expect(assignmentInputOf({ ...d, allRooms: true }).scope).toEqual({ allRooms: true, siteIds: [], roomGroupIds: [], roomIds: [] });
    expect(assignmentInputOf({ ...d, name: ' ' })).not.toHaveProperty('name');
  });

  it('reads a saved assignment back, and summarises scope and members', () => {
    const a = assignment({ allRooms: false, siteIds: ['s1', 's2'], roomGroupIds: ['rg'], roomIds: ['x'] });
    expect(assignmentInputOf(assignmentDraftOf(a))).toEqual({ name: 'Nordics', groupIds: ['g1'], userIds: [], scope: a.scope, emailNotifications: true });
    expect(scopeSummaryOf(a.scope)).toBe('2 sites, 1 room group and 1 room');
    expect(scopeSummaryOf({ ...a.scope, allRooms: true })).toBe('All rooms');
    expect(scopeSummaryOf({ allRooms: false, siteIds: [], roomGroupIds: [], roomIds: [] })).toBe('No rooms');
    expect(membersSummaryOf({ groupIds: ['g'], userIds: ['u', 'v'] })).toBe('1 group and 2 users');
    expect(membersSummaryOf({ groupIds: [], userIds: [] })).toBe('No members');
  });
});

describe('role drafts', () => {
  it('creates the role with its first assignment', () => {
    const d = { ...emptyDraft(), name: '  Support ', assignment: { ...emptyAssignment(), groupIds: ['g1'], roomIds: ['x1'] } };
    expect(inputOf(d)).toEqual({ name: 'Support', description: '', permissions: noPermissions(), assignments: [{ groupIds: ['g1'], userIds: [], scope: { allRooms: false, siteIds: [], roomGroupIds: [], roomIds: ['x1'] }, emailNotifications: false }] });
  });

  it('edits a saved role without touching its assignments', () => {
    expect(settingsOf(draftOf(role))).toEqual({ name: 'Support', description: 'd', permissions: role.permissions });
  });

  it('summarises permissions and checks each wizard step', () => {
    expect(permissionSummary(role.permissions)).toBe('Remote access: Modify, Audit log: View');
    expect(hasAnyPermission(noPermissions())).toBe(false);
    expect(stepProblem(emptyDraft(), 'name')).toBe('Give the role a name');
    expect(stepProblem({ ...emptyDraft(), name: 'x' }, 'permissions')).toMatch(/at least one permission/);
    expect(stepProblem({ ...emptyDraft(), name: 'x' }, 'assignments')).toBeNull();
  });

  it('names what was picked for the review', () => {
    const labels = { g1: 'Room support', s1: 'Oslo HQ', rg1: 'Boardrooms' };
    expect(namesOf(['g1', 'zz-unknown-id'], labels, 'No groups')).toBe('Room support, (zz-unkno…)');
    expect(namesOf([], labels, 'No groups')).toBe('No groups');
    expect(scopeNames({ ...emptyAssignment(), siteIds: ['s1'], roomGroupIds: ['rg1'], labels })).toBe('Sites: Oslo HQ; Room groups: Boardrooms');
    expect(scopeNames({ ...emptyAssignment(), allRooms: true })).toBe('All rooms, including rooms added later');
  });
});
