// The one room-scope type: which rooms a caller may see or act on, as the access module
// computes it (Grants.scope) and as repositories turn it into a WHERE clause. Assignments
// and notification channels store the same shape (all rooms, or sites, room groups, rooms).
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database } from '../db/schema.ts';

export type RoomScope = { all: true } | { all: false; siteIds: string[]; roomIds: string[]; roomGroupIds?: string[] };

/** The WHERE clause on `rooms` that keeps the rooms of a scope. */
export function roomScopeWhere(eb: ExpressionBuilder<Database, 'rooms'>, v: RoomScope): Expression<SqlBool> {
  if (v.all) return sql<SqlBool>`true`;
  const parts: Expression<SqlBool>[] = [];
  if (v.siteIds.length) parts.push(eb('rooms.site_id', 'in', v.siteIds));
  if (v.roomIds.length) parts.push(eb('rooms.id', 'in', v.roomIds));
  if (v.roomGroupIds?.length) parts.push(eb('rooms.id', 'in', eb.selectFrom('room_group_rooms').select('room_group_rooms.room_id').where('room_group_rooms.room_group_id', 'in', v.roomGroupIds)));
  return parts.length ? eb.or(parts) : sql<SqlBool>`false`;
}

/** The ids of the room groups a room is in, as a column (`rooms.id` or another room-id column). */
export function roomGroupIdsOf(roomIdColumn: string) {
  return sql<string[]>`array(select rgr.room_group_id::text from room_group_rooms rgr where rgr.room_id = ${sql.ref(roomIdColumn)} order by rgr.room_group_id)`;
}
