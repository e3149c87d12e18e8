// Rooms: list, read and write. Visibility is a filter built once from the caller's
// grants ({all} or site ids + room ids), applied in SQL: no query per room.
import { sql, type Insertable, type Selectable, type SqlBool, type Updateable } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import type { RoomsTable } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { toPage, type Page } from './cursor.ts';
import { containsPattern, decodeUuidCursor, mapUnique } from './directory-support.ts';
import { camel, columns, type Camel } from './records.ts';

import { roomGroupIdsOf, roomScopeWhere as visibleWhere, type RoomScope } from './room-scope.ts';

// The agent's holder node (agent_node_id, issue 12) is the cluster's business, not the room's record.
export type RoomRecord = Camel<Selectable<Omit<RoomsTable, 'agent_node_id'>>> & { siteName: string | null; roomGroupIds: string[] };

/** What a new room is given; a change writes any of it but the id. */
export type NewRoom = Pick<RoomRecord, 'id' | 'name' | 'siteId' | 'region' | 'remoteAccessAllowed'>;
export type RoomChanges = Partial<Omit<NewRoom, 'id'>>;

export type RoomSort = 'name' | 'status' | 'lastSeenAt';

export interface RoomListQuery {
  visibility: RoomScope;
  /** true: retired rooms only; otherwise the rooms that are not retired. */
  retired?: boolean | undefined;
  status?: string | undefined;
  siteId?: string | undefined;
  region?: string | undefined;
  q?: string | undefined;
  /** Only the rooms of this room group. */
  roomGroupId?: string | undefined;
  sort: RoomSort;
  order: 'asc' | 'desc';
  limit: number;
  cursor?: string | undefined;
}

const EPOCH = '1970-01-01T00:00:00.000Z';

function sortKey(sort: RoomSort) {
  switch (sort) {
    case 'name':
      return sql<string>`lower(rooms.name)`;
    case 'status':
      return sql<string>`rooms.status`;
    case 'lastSeenAt':
      return sql<string>`coalesce(rooms.last_seen_at, ${EPOCH}::timestamptz)`;
  }
}

function cursorValue(sort: RoomSort, k: string | number) {
  if (sort !== 'lastSeenAt') return sql`${String(k)}`;
  if (typeof k !== 'string' || Number.isNaN(Date.parse(k))) throw new AppError('INVALID_CURSOR', 'The cursor is not valid for this sort', 'cursor');
  return sql`${k}::timestamptz`;
}

function keyOf(sort: RoomSort, r: RoomRecord): string {
  if (sort === 'name') return r.name.toLowerCase();
  if (sort === 'status') return r.status;
  return (r.lastSeenAt ?? new Date(EPOCH)).toISOString();
}

export class RoomsRepository {
  constructor(private readonly db: Db) {}

  private base(ex: Executor) {
    return ex
      .selectFrom('rooms')
      .leftJoin('sites', 'sites.id', 'rooms.site_id')
      .select([
        'rooms.id',
        'rooms.name',
        'rooms.site_id',
        'sites.name as site_name',
        'rooms.region',
        'rooms.status',
        'rooms.remote_access_allowed',
        'rooms.last_seen_at',
        'rooms.created_at',
        'rooms.updated_at',
        'rooms.retired_at',
        'rooms.maintenance_until',
        'rooms.maintenance_reason',
      ])
      .select(roomGroupIdsOf('rooms.id').as('room_group_ids'));
  }

  async findById(id: string, ex: Executor = this.db): Promise<RoomRecord | undefined> {
    const row = await this.base(ex).where('rooms.id', '=', id).executeTakeFirst();
    return row && camel(row);
  }

  async list(query: RoomListQuery, ex: Executor = this.db): Promise<Page<RoomRecord>> {
    const cursor = decodeUuidCursor(query.cursor, query.sort === 'lastSeenAt' ? 'time' : 'text');
    let q = this.base(ex).where((eb) => visibleWhere(eb, query.visibility));
    q = q.where('rooms.retired_at', query.retired === true ? 'is not' : 'is', null);
    if (query.status) q = q.where('rooms.status', '=', query.status);
    if (query.siteId) q = q.where('rooms.site_id', '=', query.siteId);
    if (query.region) q = q.where('rooms.region', '=', query.region);
    if (query.q) q = q.where(sql`lower(rooms.name)`, 'like', containsPattern(query.q));
    if (query.roomGroupId) {
      const groupId = query.roomGroupId;
      q = q.where((eb) => eb.exists(eb.selectFrom('room_group_rooms').select('room_group_rooms.room_id').whereRef('room_group_rooms.room_id', '=', 'rooms.id').where('room_group_rooms.room_group_id', '=', groupId)));
    }
    const key = sortKey(query.sort);
    const desc = query.order === 'desc';
    if (cursor) {
      const v = cursorValue(query.sort, cursor.k);
      q = desc
        ? q.where(sql<SqlBool>`(${key} < ${v} or (${key} = ${v} and rooms.id < ${cursor.id}))`)
        : q.where(sql<SqlBool>`(${key} > ${v} or (${key} = ${v} and rooms.id > ${cursor.id}))`);
    }
    const rows = await q
      .orderBy(key, desc ? 'desc' : 'asc')
      .orderBy('rooms.id', desc ? 'desc' : 'asc')
      .limit(query.limit + 1)
      .execute();
    return toPage(rows.map(camel), query.limit, (r) => ({ k: keyOf(query.sort, r), id: r.id }));
  }

  /** Room counts per status over the visible rooms that are not retired. */
  async countByStatus(visibility: RoomScope, ex: Executor = this.db): Promise<Record<string, number>> {
    const rows = await ex
      .selectFrom('rooms')
      .select(['rooms.status', sql<string>`count(*)`.as('n')])
      .where((eb) => visibleWhere(eb, visibility))
      .where('rooms.retired_at', 'is', null)
      .groupBy('rooms.status')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  async insert(room: NewRoom, ex: Executor = this.db): Promise<void> {
    await mapUnique(ex.insertInto('rooms').values({ ...columns<Omit<Insertable<RoomsTable>, 'updated_at'>>(room), updated_at: new Date() }).execute(), 'id', 'This room');
  }

  async update(id: string, patch: RoomChanges, ex: Executor = this.db): Promise<boolean> {
    const r = await ex.updateTable('rooms').set({ ...columns<Updateable<RoomsTable>>(patch), updated_at: new Date() }).where('id', '=', id).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Removes a room and the role scope entries that name it (agent data cascades). */
  async deleteWithScope(id: string, ex: Executor = this.db): Promise<boolean> {
    await ex.deleteFrom('assignment_scope').where('kind', '=', 'room').where('target_id', '=', id).execute();
    const r = await ex.deleteFrom('rooms').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** Marks the room retired (and ends its maintenance window); false when it already was. */
  async retire(id: string, at: Date, ex: Executor = this.db): Promise<boolean> {
    const r = await ex
      .updateTable('rooms')
      .set({ retired_at: at, status: 'offline', maintenance_until: null, maintenance_reason: null, updated_at: at })
      .where('id', '=', id)
      .where('retired_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Sets (or, with nulls, clears) the maintenance window of a room that is not retired. */
  async setMaintenance(id: string, until: Date | null, reason: string | null, ex: Executor = this.db): Promise<boolean> {
    const r = await ex
      .updateTable('rooms')
      .set({ maintenance_until: until, maintenance_reason: reason, updated_at: new Date() })
      .where('id', '=', id)
      .where('retired_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async existingIds(ids: readonly string[], ex: Executor = this.db): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await ex.selectFrom('rooms').select('id').where('id', 'in', [...ids]).execute();
    return new Set(rows.map((r) => r.id));
  }
}
