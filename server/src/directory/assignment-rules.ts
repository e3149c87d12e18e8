// What a role assignment may be: its name, members and scope, normalised from an input
// (a POST, a PUT that replaces, a PATCH that changes part), with every id it names checked
// to exist (400 naming the field otherwise) and the built-in roles' rules: Administrator and
// Reader apply to all rooms, so each of their assignments does.
import type { Executor } from '../db/database.ts';
import type { AssignmentRecord, AssignmentWrite } from '../repositories/assignments.repository.ts';
import type { GroupsRepository } from '../repositories/groups.repository.ts';
import type { RoomGroupsRepository } from '../repositories/room-groups.repository.ts';
import type { RoomsRepository } from '../repositories/rooms.repository.ts';
import type { SitesRepository } from '../repositories/sites.repository.ts';
import type { UsersRepository } from '../repositories/users.repository.ts';
import { AppError, invalid } from '../errors.ts';

export interface AssignmentInput {
  id?: string | undefined;
  name?: string | undefined;
  groupIds?: string[] | undefined;
  userIds?: string[] | undefined;
  scope?: { allRooms?: boolean | undefined; siteIds?: string[] | undefined; roomGroupIds?: string[] | undefined; roomIds?: string[] | undefined } | undefined;
  emailNotifications?: boolean | undefined;
}

export interface AssignmentRefs {
  users: Pick<UsersRepository, 'existingIds'>;
  groups: Pick<GroupsRepository, 'existingIds'>;
  sites: Pick<SitesRepository, 'existingIds'>;
  roomGroups: Pick<RoomGroupsRepository, 'existingIds'>;
  rooms: Pick<RoomsRepository, 'existingIds'>;
}

const uniq = (ids: readonly string[] | undefined): string[] => [...new Set(ids ?? [])].sort();

/** The assignment an input makes, over what it was (`current`) for a PATCH. */
export function mergeAssignment(current: AssignmentRecord | undefined, input: AssignmentInput, defaultName: string): AssignmentWrite {
  const allRooms = input.scope?.allRooms ?? current?.allRooms ?? false;
  return {
    name: (input.name ?? current?.name ?? defaultName).trim(),
    groupIds: uniq(input.groupIds ?? current?.groupIds),
    userIds: uniq(input.userIds ?? current?.userIds),
    allRooms,
    siteIds: allRooms ? [] : uniq(input.scope?.siteIds ?? current?.siteIds),
    roomGroupIds: allRooms ? [] : uniq(input.scope?.roomGroupIds ?? current?.roomGroupIds),
    roomIds: allRooms ? [] : uniq(input.scope?.roomIds ?? current?.roomIds),
    emailNotifications: input.emailNotifications ?? current?.emailNotifications ?? false,
  };
}

/** Every id an assignment names exists (400 with the field, under `prefix`), and a built-in role's rule holds. */
export async function checkAssignment(refs: AssignmentRefs, a: AssignmentWrite, builtIn: string | null, prefix: string, ex: Executor): Promise<void> {
  if (!a.name) throw invalid(`${prefix}name`, 'An assignment needs a name');
  if (a.name.length > 100) throw invalid(`${prefix}name`, 'An assignment name has at most 100 characters');
  if ((builtIn === 'administrator' || builtIn === 'reader') && !a.allRooms) {
    throw new AppError('BUILT_IN_ROLE', 'The Administrator and Reader roles apply to all rooms: each of their assignments does', `${prefix}scope`);
  }
  const checks: Array<[string, string[], (ids: string[], ex: Executor) => Promise<Set<string>>]> = [
    ['groupIds', a.groupIds, (ids, e) => refs.groups.existingIds(ids, e)],
    ['userIds', a.userIds, (ids, e) => refs.users.existingIds(ids, e)],
    ['scope.siteIds', a.siteIds, (ids, e) => refs.sites.existingIds(ids, e)],
    ['scope.roomGroupIds', a.roomGroupIds, (ids, e) => refs.roomGroups.existingIds(ids, e)],
    ['scope.roomIds', a.roomIds, (ids, e) => refs.rooms.existingIds(ids, e)],
  ];
  for (const [field, ids, existing] of checks) {
    const found = await existing(ids, ex);
    const missing = ids.find((id) => !found.has(id));
    if (missing) throw invalid(`${prefix}${field}`, `Unknown id ${missing}`);
  }
}
