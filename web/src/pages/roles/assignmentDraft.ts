// A role assignment being written (in the wizard or in the Assignments tab's dialog), and
// what the API takes: a name, members (groups, users), a scope (all rooms, or chosen
// sites, room groups and rooms) and whether its members are emailed about incidents.
import type { Assignment, AssignmentInput } from '../../api/types.ts';
import { count } from '../../components/plural.ts';

export interface AssignmentDraft {
  id?: string;
  name: string;
  groupIds: string[];
  userIds: string[];
  allRooms: boolean;
  siteIds: string[];
  roomGroupIds: string[];
  roomIds: string[];
  emailNotifications: boolean;
  /** Names of the groups, users, sites, room groups and rooms picked, by id, for summaries. */
  labels: Record<string, string>;
}

export function emptyAssignment(): AssignmentDraft {
  return { name: '', groupIds: [], userIds: [], allRooms: false, siteIds: [], roomGroupIds: [], roomIds: [], emailNotifications: false, labels: {} };
}

export function assignmentDraftOf(a: Assignment): AssignmentDraft {
  return {
    id: a.id,
    name: a.name,
    groupIds: [...a.groupIds],
    userIds: [...a.userIds],
    allRooms: a.scope.allRooms,
    siteIds: [...a.scope.siteIds],
    roomGroupIds: [...a.scope.roomGroupIds],
    roomIds: [...a.scope.roomIds],
    emailNotifications: a.emailNotifications,
    labels: {},
  };
}

/** What the API takes; an empty name lets the server name it after the role. */
export function assignmentInputOf(d: AssignmentDraft): AssignmentInput {
  const name = d.name.trim();
  return {
    ...(name ? { name } : {}),
    groupIds: d.groupIds,
    userIds: d.userIds,
    scope: d.allRooms ? { allRooms: true, siteIds: [], roomGroupIds: [], roomIds: [] } : { allRooms: false, siteIds: d.siteIds, roomGroupIds: d.roomGroupIds, roomIds: d.roomIds },
    emailNotifications: d.emailNotifications,
  };
}

/** "All rooms", "2 sites, 1 room group and 3 rooms", or "No rooms". */
export function scopeSummaryOf(scope: AssignmentInput['scope']): string {
  if (scope.allRooms) return 'All rooms';
  const parts = [];
  if (scope.siteIds.length) parts.push(count(scope.siteIds.length, 'site'));
  if (scope.roomGroupIds.length) parts.push(count(scope.roomGroupIds.length, 'room group'));
  if (scope.roomIds.length) parts.push(count(scope.roomIds.length, 'room'));
  if (parts.length === 0) return 'No rooms';
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** "1 group and 2 users", or "No members". */
export function membersSummaryOf(a: Pick<AssignmentInput, 'groupIds' | 'userIds'>): string {
  const parts = [];
  if (a.groupIds.length) parts.push(count(a.groupIds.length, 'group'));
  if (a.userIds.length) parts.push(count(a.userIds.length, 'user'));
  return parts.length ? parts.join(' and ') : 'No members';
}
