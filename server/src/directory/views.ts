// API shapes of stored rows (the contract's field names; the types are in @roomwarden/protocol).
import { AREAS, type GroupView, type Level, type Permissions, type RoleView, type RoomArea, type RoomView, type SiteView, type UserView } from '@roomwarden/protocol';
import type { UserRecord } from '../repositories/users.repository.ts';

export function userView(u: UserRecord): UserView {
  return {
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    disabled: u.disabled,
    externalId: u.externalId,
    source: u.source,
    createdAt: u.createdAt.toISOString(),
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
  };
}

// --- directory, sites, rooms, roles (appended with issue 3)
import type { GroupRecord } from '../repositories/groups.repository.ts';
import type { SiteRecord } from '../repositories/sites.repository.ts';
import type { RoomRecord } from '../repositories/rooms.repository.ts';
import type { RoleRecord } from '../repositories/roles.repository.ts';

export function groupView(g: GroupRecord, memberCount?: number): GroupView {
  return {
    id: g.id,
    displayName: g.displayName,
    description: g.description,
    externalId: g.externalId,
    ...(memberCount !== undefined ? { memberCount } : {}),
    createdAt: g.createdAt.toISOString(),
    updatedAt: g.updatedAt.toISOString(),
  };
}

export function siteView(s: SiteRecord, roomCount?: number): SiteView {
  return { id: s.id, name: s.name, ...(roomCount !== undefined ? { roomCount } : {}), createdAt: s.createdAt.toISOString() };
}

/** The maintenance window while it runs; a past one shows as none. */
export function maintenanceOf(r: Pick<RoomRecord, 'maintenanceUntil' | 'maintenanceReason'>, now: Date): { maintenanceUntil: string | null; maintenanceReason: string | null } {
  const until = r.maintenanceUntil;
  if (until === null || until.getTime() <= now.getTime()) return { maintenanceUntil: null, maintenanceReason: null };
  return { maintenanceUntil: until.toISOString(), maintenanceReason: r.maintenanceReason };
}

export function roomView(r: RoomRecord, myPermissions: Record<RoomArea, Level>): RoomView {
  return {
    id: r.id,
    name: r.name,
    siteId: r.siteId,
    siteName: r.siteName,
    roomGroupIds: r.roomGroupIds,
    region: r.region,
    status: r.status,
    remoteAccessAllowed: r.remoteAccessAllowed,
    lastSeenAt: r.lastSeenAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    myPermissions,
    retiredAt: r.retiredAt?.toISOString() ?? null,
    ...maintenanceOf(r, new Date()),
  };
}

export function roleView(r: RoleRecord): RoleView {
  const permissions = Object.fromEntries(AREAS.map((a) => [a, (r.permissions[a] as Level | undefined) ?? 'none'])) as Permissions;
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    builtIn: r.builtIn !== null,
    builtInKind: r.builtIn,
    permissions,
    assignments: r.assignments.map(assignmentView),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

// --- role assignments and room groups (issue 14, part A)
import type { AssignmentView, RoomGroupView } from '@roomwarden/protocol';
import type { AssignmentRecord } from '../repositories/assignments.repository.ts';
import type { RoomGroupRecord } from '../repositories/room-groups.repository.ts';

export function assignmentView(a: AssignmentRecord): AssignmentView {
  return {
    id: a.id,
    name: a.name,
    groupIds: a.groupIds,
    userIds: a.userIds,
    scope: { allRooms: a.allRooms, siteIds: a.siteIds, roomGroupIds: a.roomGroupIds, roomIds: a.roomIds },
    emailNotifications: a.emailNotifications,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

/** `roomIds`: the group's rooms the caller can view, and only those. */
export function roomGroupView(g: RoomGroupRecord, visibleRoomIds: string[]): RoomGroupView {
  return { id: g.id, name: g.name, description: g.description, roomIds: visibleRoomIds, roomCount: visibleRoomIds.length, createdAt: g.createdAt.toISOString(), updatedAt: g.updatedAt.toISOString() };
}
