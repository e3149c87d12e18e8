// Rooms, their signals and their agent. A room the caller cannot view does not exist for
// them (404, not 403), nor do its site's other rooms; one they can view but not act on in
// an area is a 403.
import { atLeast, type Level, type RoomArea } from '@roomwarden/protocol';
import type { Grants, RoomRef } from '../grants.ts';

export type RoomRefusal = 'NOT_FOUND' | 'FORBIDDEN';

/** Whether the caller may act in `area` at `level` on a room (level `none`: only see it). */
export function roomRefusal(grants: Grants, room: RoomRef, area: RoomArea, level: Level): RoomRefusal | null {
  if (!grants.canView(room)) return 'NOT_FOUND';
  if (level !== 'none' && !atLeast(grants.onRoom(area, room), level)) return 'FORBIDDEN';
  return null;
}

/** A new room is in nobody's explicit room list: creating one (or moving one) into a site
 * needs Rooms: Modify on all rooms or on that site; without a site, on all rooms. (The
 * room's groups do not count: the question is where it may go.) */
export function mayPlaceRoom(grants: Grants, roomId: string, siteId: string | null): boolean {
  return grants.onRoom('rooms', { id: roomId, siteId, roomGroupIds: [] }) === 'modify';
}

