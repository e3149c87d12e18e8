// What a caller holds: the role assignments they belong to (directly or through a group),
// each with its role's levels per area and its own room scope (all rooms, or sites, room
// groups and rooms). Pure: no I/O. A user's level on room R in area A is the highest level
// among the assignments they hold whose scope contains R; organisation-wide areas ignore
// scope.
import { AREAS, ROOM_AREAS, atLeast, maxLevel, noPermissions, scopeContains, type Area, type Level, type Permissions, type RoomArea } from '@roomwarden/protocol';
import type { HeldAssignment } from '../repositories/access.repository.ts';
import type { RoomScope } from '../repositories/room-scope.ts';

export type { RoomScope } from '../repositories/room-scope.ts';

/** What a decision needs of a room: its id, its site and the room groups it is in. */
export interface RoomRef {
  id: string;
  siteId: string | null;
  roomGroupIds: readonly string[];
}

const levelOf = (r: HeldAssignment, area: Area): Level => (r.permissions[area] as Level | undefined) ?? 'none';

export class Grants {
  constructor(readonly assignments: readonly HeldAssignment[]) {}

  /** The roles held (each once), for /me. */
  roles(): Array<{ id: string; name: string }> {
    const byId = new Map(this.assignments.map((a) => [a.roleId, { id: a.roleId, name: a.name }]));
    return [...byId.values()];
  }

  /** Org-wide level for org areas; for room areas, the highest level held on any room. */
  overall(area: Area): Level {
    let level: Level = 'none';
    for (const r of this.assignments) level = maxLevel(level, levelOf(r, area));
    return level;
  }

  summary(): Permissions {
    const p = noPermissions();
    for (const a of AREAS) p[a] = this.overall(a);
    return p;
  }

  onRoom(area: RoomArea, room: RoomRef): Level {
    let level: Level = 'none';
    for (const r of this.assignments) {
      const l = levelOf(r, area);
      if (l === 'none' || !atLeast(l, level)) continue;
      if (scopeContains(r, room)) level = maxLevel(level, l);
    }
    return level;
  }

  /** A room is visible to whoever holds any level in any room area on it. */
  canView(room: RoomRef): boolean {
    return ROOM_AREAS.some((a) => this.onRoom(a, room) !== 'none');
  }

  roomPermissions(room: RoomRef): Record<RoomArea, Level> {
    return { rooms: this.onRoom('rooms', room), incidents: this.onRoom('incidents', room), remoteAccess: this.onRoom('remoteAccess', room), roomActions: this.onRoom('roomActions', room) };
  }

  /** Rooms where the caller holds at least `level` in any of `areas`, as one scope for SQL. */
  scope(areas: readonly RoomArea[], level: Level): RoomScope {
    const siteIds = new Set<string>();
    const roomIds = new Set<string>();
    const roomGroupIds = new Set<string>();
    for (const r of this.assignments) {
      const held = areas.some((area) => {
        const l = levelOf(r, area);
        return l !== 'none' && atLeast(l, level);
      });
      if (!held) continue;
      if (r.allRooms) return { all: true };
      r.siteIds.forEach((s) => siteIds.add(s));
      r.roomIds.forEach((s) => roomIds.add(s));
      r.roomGroupIds.forEach((s) => roomGroupIds.add(s));
    }
    return { all: false, siteIds: [...siteIds], roomIds: [...roomIds], roomGroupIds: [...roomGroupIds] };
  }

  /** The rooms the caller can view at all. */
  visibleScope(): RoomScope {
    return this.scope(ROOM_AREAS, 'view');
  }

  /** Whether any assignment held names a room group (then a room's groups matter to a decision). */
  namesRoomGroups(): boolean {
    return this.assignments.some((a) => !a.allRooms && a.roomGroupIds.length > 0);
  }

  /** Holds the built-in Administrator role. */
  isAdministrator(): boolean {
    return this.assignments.some((r) => r.builtIn === 'administrator');
  }
}

export const NO_GRANTS = new Grants([]);

/** What the system itself holds (bootstrap, sweeps): everything, on all rooms. */
export const SYSTEM_GRANTS = new Grants([
  { assignmentId: 'system', roleId: 'system', name: 'system', builtIn: 'administrator', permissions: Object.fromEntries(AREAS.map((a) => [a, 'modify'])), allRooms: true, siteIds: [], roomGroupIds: [], roomIds: [] },
]);
