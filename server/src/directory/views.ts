// API shapes of stored rows (the contract's field names; the types are in @roomwarden/protocol).
import { AREAS, type GroupView, type Level, type Permissions, type RoleView, type RoomArea, type RoomView, type SiteView, type UserView } from '@roomwarden/protocol';
import type { UserRow } from '../repositories/users.repository.ts';

export function userView(u: UserRow): UserView {
  return {
    id: u.id,
    email: u.email,
    displayName: u.display_name,
    disabled: u.disabled,
    externalId: u.external_id,
    source: u.source,
    createdAt: u.created_at.toISOString(),
    lastLoginAt: u.last_login_at?.toISOString() ?? null,
  };
}

// --- directory, sites, rooms, roles (appended with issue 3)
import type { GroupRow } from '../repositories/groups.repository.ts';
import type { SiteRow } from '../repositories/sites.repository.ts';
import type { RoomRecord } from '../repositories/rooms.repository.ts';
import type { RoleRecord } from '../repositories/roles.repository.ts';

export function groupView(g: GroupRow, memberCount?: number): GroupView {
  return {
    id: g.id,
    displayName: g.display_name,
    description: g.description,
    externalId: g.external_id,
    ...(memberCount !== undefined ? { memberCount } : {}),
    createdAt: g.created_at.toISOString(),
    updatedAt: g.updated_at.toISOString(),
  };
}

export function siteView(s: SiteRow, roomCount?: number): SiteView {
  return { id: s.id, name: s.name, ...(roomCount !== undefined ? { roomCount } : {}), createdAt: s.created_at.toISOString() };
}

export function roomView(r: RoomRecord, myPermissions: Record<RoomArea, Level>): RoomView {
  return {
    id: r.id,
    name: r.name,
    siteId: r.site_id,
    siteName: r.site_name,
    region: r.region,
    status: r.status,
    remoteAccessAllowed: r.remote_access_allowed,
    lastSeenAt: r.last_seen_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    myPermissions,
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
    assignments: { groupIds: r.groupIds, userIds: r.userIds },
    scope: { allRooms: r.allRooms, siteIds: r.allRooms ? [] : r.siteIds, roomIds: r.allRooms ? [] : r.roomIds },
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
