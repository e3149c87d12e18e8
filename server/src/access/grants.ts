// What a caller holds: the roles they belong to (directly or through a group), each with
// its levels per area and its room scope. Pure: no I/O. A user's level on room R in area A
// is the highest level among the roles they hold whose scope contains R; organisation-wide
// areas ignore scope.
import { AREAS, ROOM_AREAS, atLeast, maxLevel, noPermissions, type Area, type Level, type Permissions, type RoomArea } from '@roomwarden/protocol';
import type { HeldRole } from '../repositories/access.repository.ts';
import type { RoomScope } from '../repositories/room-scope.ts';

export type { RoomScope } from '../repositories/room-scope.ts';

export interface RoomRef {
  id: string;
  siteId: string | null;
}

const levelOf = (r: HeldRole, area: Area): Level => (r.permissions[area] as Level | undefined) ?? 'none';

export class Grants {
  constructor(readonly roles: readonly HeldRole[]) {}

  /** Org-wide level for org areas; for room areas, the highest level held on any room. */
  overall(area: Area): Level {
    let level: Level = 'none';
    for (const r of this.roles) level = maxLevel(level, levelOf(r, area));
    return level;
  }

  summary(): Permissions {
    const p = noPermissions();
    for (const a of AREAS) p[a] = this.overall(a);
    return p;
  }

  onRoom(area: RoomArea, room: RoomRef): Level {
    let level: Level = 'none';
    for (const r of this.roles) {
      const l = levelOf(r, area);
      if (l === 'none' || !atLeast(l, level)) continue;
      if (r.allRooms || r.roomIds.includes(room.id) || (room.siteId !== null && r.siteIds.includes(room.siteId))) level = maxLevel(level, l);
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
    for (const r of this.roles) {
      const held = areas.some((area) => {
        const l = levelOf(r, area);
        return l !== 'none' && atLeast(l, level);
      });
      if (!held) continue;
      if (r.allRooms) return { all: true };
      r.siteIds.forEach((s) => siteIds.add(s));
      r.roomIds.forEach((s) => roomIds.add(s));
    }
    return { all: false, siteIds: [...siteIds], roomIds: [...roomIds] };
  }

  /** The rooms the caller can view at all. */
  visibleScope(): RoomScope {
    return this.scope(ROOM_AREAS, 'view');
  }

  /** Holds the built-in Administrator role. */
  isAdministrator(): boolean {
    return this.roles.some((r) => r.builtIn === 'administrator');
  }
}

export const NO_GRANTS = new Grants([]);

/** What the system itself holds (bootstrap, sweeps): everything, on all rooms. */
export const SYSTEM_GRANTS = new Grants([
  { id: 'system', name: 'system', builtIn: 'administrator', permissions: Object.fromEntries(AREAS.map((a) => [a, 'modify'])), allRooms: true, siteIds: [], roomIds: [] },
]);
