// Which rooms something applies to: every room, or any of sites, room groups and rooms.
// One shape for a role assignment's scope and a notification channel's scope (DESIGN
// "Authorisation model", "Incidents and notifications").
import { z } from 'zod';

const ids = z.array(z.uuid({ message: 'must be a UUID' })).max(1000);

export const roomScopeSpecSchema = z
  .object({
    allRooms: z.boolean().default(false),
    siteIds: ids.default([]),
    roomGroupIds: ids.default([]),
    roomIds: ids.default([]),
  })
  .strict();

export type RoomScopeSpec = z.infer<typeof roomScopeSpecSchema>;

/** Does a scope contain a room, given the room's site and groups? */
export function scopeContains(scope: RoomScopeSpec, room: { id: string; siteId: string | null; roomGroupIds: readonly string[] }): boolean {
  if (scope.allRooms) return true;
  if (scope.roomIds.includes(room.id)) return true;
  if (room.siteId !== null && scope.siteIds.includes(room.siteId)) return true;
  return room.roomGroupIds.some((g) => scope.roomGroupIds.includes(g));
}
