// Room groups: named, free sets of rooms (a room is in one site and any number of groups),
// named by assignment scopes and notification channels.
import { sql, type Selectable } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import type { RoomGroupsTable } from '../db/schema.ts';
import { toPage, type Page } from './cursor.ts';
import { containsPattern, decodeUuidCursor, mapUnique, afterNameCursor } from './directory-support.ts';
import { camel, type Camel } from './records.ts';
import { roomScopeWhere, type RoomScope } from './room-scope.ts';

export type RoomGroupRecord = Camel<Selectable<RoomGroupsTable>>;

export class RoomGroupsRepository {
  constructor(private readonly db: Db) {}

  async findById(id: string, ex: Executor = this.db): Promise<RoomGroupRecord | undefined> {
    const row = await ex.selectFrom('room_groups').selectAll().where('id', '=', id).executeTakeFirst();
    return row && camel(row);
  }

  async findByName(name: string, ex: Executor = this.db): Promise<RoomGroupRecord | undefined> {
    const row = await ex.selectFrom('room_groups').selectAll().where(sql<string>`lower(name)`, '=', name.toLowerCase()).executeTakeFirst();
    return row && camel(row);
  }

  async list(opts: { q?: string | undefined; limit: number; cursor?: string | undefined }, ex: Executor = this.db): Promise<Page<RoomGroupRecord>> {
    const cursor = decodeUuidCursor(opts.cursor);
    let q = ex.selectFrom('room_groups').selectAll();
    if (opts.q) {
      const like = containsPattern(opts.q);
      q = q.where((eb) => eb.or([eb(sql`lower(name)`, 'like', like), eb(sql`lower(description)`, 'like', like)]));
    }
    if (cursor) q = q.where(afterNameCursor(cursor));
    const rows = await q.orderBy(sql`lower(name)`).orderBy('id').limit(opts.limit + 1).execute();
    return toPage(rows.map(camel), opts.limit, (r) => ({ k: r.name.toLowerCase(), id: r.id }));
  }

  /** The rooms of each group that are in `scope` (what the caller can view), by group id. */
  async visibleRoomIds(groupIds: readonly string[], scope: RoomScope, ex: Executor = this.db): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>(groupIds.map((id) => [id, []]));
    if (groupIds.length === 0) return out;
    const rows = await ex
      .selectFrom('room_group_rooms')
      .innerJoin('rooms', 'rooms.id', 'room_group_rooms.room_id')
      .select(['room_group_rooms.room_group_id', 'room_group_rooms.room_id'])
      .where('room_group_rooms.room_group_id', 'in', [...groupIds])
      .where((eb) => roomScopeWhere(eb, scope))
      .orderBy('room_group_rooms.room_id')
      .execute();
    for (const r of rows) out.get(r.room_group_id)?.push(r.room_id);
    return out;
  }

  async insert(g: { id: string; name: string; description: string }, ex: Executor = this.db): Promise<void> {
    await mapUnique(ex.insertInto('room_groups').values(g).execute(), 'name', 'A room group with this name');
  }

  async update(id: string, g: { name: string; description: string }, ex: Executor = this.db): Promise<void> {
    await mapUnique(ex.updateTable('room_groups').set({ ...g, updated_at: new Date() }).where('id', '=', id).execute(), 'name', 'A room group with this name');
  }

  /** Removes a group, its memberships (cascade) and the assignment scope entries that name it. */
  async deleteWithScope(id: string, ex: Executor = this.db): Promise<boolean> {
    await ex.deleteFrom('assignment_scope').where('kind', '=', 'room_group').where('target_id', '=', id).execute();
    const r = await ex.deleteFrom('room_groups').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** Adds rooms to a group; false for a room already in it. */
  async addRoom(groupId: string, roomId: string, ex: Executor = this.db): Promise<boolean> {
    const r = await ex.insertInto('room_group_rooms').values({ room_group_id: groupId, room_id: roomId }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async removeRoom(groupId: string, roomId: string, ex: Executor = this.db): Promise<boolean> {
    const r = await ex.deleteFrom('room_group_rooms').where('room_group_id', '=', groupId).where('room_id', '=', roomId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async touch(id: string, ex: Executor = this.db): Promise<void> {
    await ex.updateTable('room_groups').set({ updated_at: new Date() }).where('id', '=', id).execute();
  }

  async existingIds(ids: readonly string[], ex: Executor = this.db): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await ex.selectFrom('room_groups').select('id').where('id', 'in', [...ids]).execute();
    return new Set(rows.map((r) => r.id));
  }
}
