// The one place that decides who may do what. A user's level on room R in area A is the
// highest level among the roles they hold (directly or through a group) whose scope
// contains R; organisation-wide areas ignore scope.
import { AREAS, ROOM_AREAS, atLeast, maxLevel, noPermissions, type Area, type Level, type Permissions, type RoomArea } from '@roomwarden/protocol';
import type { AccessRepository, HeldRole } from '../repositories/access.repository.ts';
import { AppError } from '../errors.ts';
import type { Principal } from './caller.ts';

export interface RoomRef {
  id: string;
  siteId: string | null;
}

/** Which rooms a caller may see in an area, for building list filters. */
export type RoomFilter = { all: true } | { all: false; siteIds: string[]; roomIds: string[] };

export class Grants {
  constructor(readonly roles: HeldRole[]) {}

  /** Org-wide level for org areas; for room areas, the highest level held on any room. */
  overall(area: Area): Level {
    let level: Level = 'none';
    for (const r of this.roles) level = maxLevel(level, (r.permissions[area] as Level | undefined) ?? 'none');
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
      const l = (r.permissions[area] as Level | undefined) ?? 'none';
      if (l === 'none' || !atLeast(l, level)) continue;
      if (r.allRooms || r.roomIds.includes(room.id) || (room.siteId !== null && r.siteIds.includes(room.siteId))) level = maxLevel(level, l);
    }
    return level;
  }

  /** A room is visible to whoever holds any level in any room area on it. */
  canView(room: RoomRef): boolean {
    return ROOM_AREAS.some((a) => this.onRoom(a, room) !== 'none');
  }

  visibleRooms(): RoomFilter {
    return this.roomFilter(ROOM_AREAS, 'view');
  }

  roomPermissions(room: RoomRef): Record<RoomArea, Level> {
    return { rooms: this.onRoom('rooms', room), incidents: this.onRoom('incidents', room), remoteAccess: this.onRoom('remoteAccess', room) };
  }

  /** Rooms where the caller holds at least `level` in any of `areas`. */
  roomFilter(areas: readonly RoomArea[], level: Level): RoomFilter {
    const siteIds = new Set<string>();
    const roomIds = new Set<string>();
    for (const r of this.roles) {
      const held = areas.some((area) => {
        const l = (r.permissions[area] as Level | undefined) ?? 'none';
        return l !== 'none' && atLeast(l, level);
      });
      if (!held) continue;
      if (r.allRooms) return { all: true };
      r.siteIds.forEach((s) => siteIds.add(s));
      r.roomIds.forEach((s) => roomIds.add(s));
    }
    return { all: false, siteIds: [...siteIds], roomIds: [...roomIds] };
  }
}

const NO_GRANTS = new Grants([]);

export class AuthorizationService {
  constructor(private readonly access: AccessRepository) {}

  /** Loads the caller's grants: decided on the current state of roles and groups. */
  async grantsFor(principal: Principal): Promise<Grants> {
    if (principal.kind === 'system') return new Grants([{ id: 'system', name: 'system', builtIn: 'administrator', permissions: Object.fromEntries(AREAS.map((a) => [a, 'modify'])), allRooms: true, siteIds: [], roomIds: [] }]);
    if (principal.kind !== 'user') return NO_GRANTS;
    return new Grants(await this.access.rolesHeldBy(principal.userId));
  }

  /** The grants of many users at once (a fixed number of queries), by user id. */
  async grantsForEach(userIds: readonly string[]): Promise<Map<string, Grants>> {
    const held = await this.access.rolesHeldByEach([...new Set(userIds)]);
    return new Map([...held].map(([userId, roles]) => [userId, roles.length ? new Grants(roles) : NO_GRANTS]));
  }

  /** Organisation-wide check (or "any room" for a room area). */
  async require(principal: Principal, area: Area, level: Level): Promise<Grants> {
    if (principal.kind === 'anonymous') throw new AppError('NOT_AUTHENTICATED', 'Sign in first');
    const grants = await this.grantsFor(principal);
    if (!atLeast(grants.overall(area), level)) throw new AppError('FORBIDDEN', `This needs ${level} permission on ${area}`);
    return grants;
  }

  /**
   * Room check: a room the caller cannot view does not exist for them (404); one they
   * can view but not act on in this area is a 403.
   */
  requireOnRoom(grants: Grants, area: RoomArea, level: Level, room: RoomRef): void {
    if (!grants.canView(room)) throw new AppError('NOT_FOUND', 'Room not found');
    if (!atLeast(grants.onRoom(area, room), level)) throw new AppError('FORBIDDEN', `This needs ${level} permission on ${area} for this room`);
  }

}
