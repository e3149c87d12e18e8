// Incidents: opened and resolved by the health engine or by hand, acknowledged by
// administrators. Only health/incident-lifecycle.ts opens and resolves them.
import type { Insertable, Selectable } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import type { IncidentsTable } from '../db/schema.ts';
import { roomGroupIdsOf, type RoomScope } from './room-scope.ts';
import { toPage, type Page } from './cursor.ts';
import { timeCursor } from './directory-support.ts';
import { camel, columns, groupBy, type Camel } from './records.ts';

export type IncidentRecord = Camel<Selectable<IncidentsTable>>;
export type NewIncident = Camel<Insertable<IncidentsTable>>;
export type IncidentWithRoom = IncidentRecord & { roomName: string; siteId: string | null; roomGroupIds: string[] };

export interface IncidentFilter {
  state: 'open' | 'resolved' | 'all';
  severities?: string[] | undefined;
  roomId?: string | undefined;
  siteId?: string | undefined;
  /** Only the incidents of the rooms of this room group. */
  roomGroupId?: string | undefined;
  /** The rooms the caller may see. */
  visible: RoomScope;
}

/** How incidents are resolved: by the health engine on recovery, by hand (who, with an optional note), or by retiring the room. */
export interface Resolution {
  at: Date;
  resolution: 'recovered' | 'manual' | 'retired';
  byId?: string | null;
  byLabel?: string | null;
  note?: string | null;
}

/** Which open incidents to resolve: a room's, by rule (the health engine), one by id, or all of a room. */
export type ResolveTarget = { roomId: string; ruleIds: readonly string[] } | { id: string } | { roomId: string; all: true };

export class IncidentsRepository {
  constructor(private readonly db: Db) {}

  /**
   * Opens incidents, answering those it opened: one a room already has open for the same rule
   * is left as it is (two nodes of a cluster may both see a room go offline; the first one's
   * incident stands, and the other's transaction goes on without an error).
   */
  async insert(incidents: readonly NewIncident[], ex: Executor = this.db): Promise<IncidentRecord[]> {
    if (incidents.length === 0) return [];
    const rows = await ex
      .insertInto('incidents')
      .values(incidents.map((i) => columns<Insertable<IncidentsTable>>(i)))
      .onConflict((oc) => oc.columns(['room_id', 'rule_id']).where('state', '=', 'open').doNothing())
      .returningAll()
      .execute();
    return rows.map(camel);
  }

  /** Resolves the open incidents of a target; answers those it resolved. */
  async resolve(target: ResolveTarget, how: Resolution, ex: Executor = this.db): Promise<IncidentRecord[]> {
    if ('ruleIds' in target && target.ruleIds.length === 0) return [];
    let q = ex
      .updateTable('incidents')
      .set({ state: 'resolved', resolved_at: how.at, resolution: how.resolution, resolved_by: how.byId ?? null, resolved_by_label: how.byLabel ?? null, resolution_note: how.note ?? null })
      .where('state', '=', 'open');
    if ('id' in target) q = q.where('id', '=', target.id);
    else {
      q = q.where('room_id', '=', target.roomId);
      if ('ruleIds' in target) q = q.where('rule_id', 'in', [...target.ruleIds]);
    }
    const rows = await q.returningAll().execute();
    return rows.map(camel);
  }

  /** The open incidents of each room (rooms without any are absent). */
  async openForRooms(roomIds: readonly string[], ex: Executor = this.db): Promise<Map<string, IncidentRecord[]>> {
    if (roomIds.length === 0) return new Map();
    const rows = await ex.selectFrom('incidents').selectAll().where('room_id', 'in', [...roomIds]).where('state', '=', 'open').execute();
    return groupBy(rows.map(camel), (r) => r.roomId);
  }

  async findById(id: string, ex: Executor = this.db): Promise<IncidentWithRoom | undefined> {
    const row = await ex
      .selectFrom('incidents')
      .innerJoin('rooms', 'rooms.id', 'incidents.room_id')
      .selectAll('incidents')
      .select(['rooms.name as room_name', 'rooms.site_id'])
      .select(roomGroupIdsOf('rooms.id').as('room_group_ids'))
      .where('incidents.id', '=', id)
      .executeTakeFirst();
    return row && camel(row);
  }

  async acknowledge(id: string, at: Date, by: string | null, label: string, ex: Executor = this.db): Promise<IncidentRecord | undefined> {
    const row = await ex
      .updateTable('incidents')
      .set({ acknowledged_at: at, acknowledged_by: by, acknowledged_by_label: label })
      .where('id', '=', id)
      .where('acknowledged_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    return row && camel(row);
  }

  /** Newest first, only rooms the caller may see. */
  async list(filter: IncidentFilter, limit: number, cursorRaw?: string, ex: Executor = this.db): Promise<Page<IncidentWithRoom>> {
    const cursor = timeCursor(cursorRaw);
    let q = ex
      .selectFrom('incidents')
      .innerJoin('rooms', 'rooms.id', 'incidents.room_id')
      .selectAll('incidents')
      .select(['rooms.name as room_name', 'rooms.site_id'])
      .select(roomGroupIdsOf('rooms.id').as('room_group_ids'));
    const v = filter.visible;
    if (!v.all) {
      if (v.roomIds.length === 0 && v.siteIds.length === 0 && !v.roomGroupIds?.length) return { items: [], nextCursor: null };
      q = q.where((eb) =>
        eb.or([
          ...(v.roomIds.length ? [eb('incidents.room_id', 'in', v.roomIds)] : []),
          ...(v.siteIds.length ? [eb('rooms.site_id', 'in', v.siteIds)] : []),
          ...(v.roomGroupIds?.length ? [eb('incidents.room_id', 'in', eb.selectFrom('room_group_rooms').select('room_group_rooms.room_id').where('room_group_rooms.room_group_id', 'in', v.roomGroupIds))] : []),
        ]),
      );
    }
    if (filter.state !== 'all') q = q.where('incidents.state', '=', filter.state);
    // A retired room's incidents stay in its own history, not in the lists.
    if (!filter.roomId) q = q.where('rooms.retired_at', 'is', null);
    if (filter.severities?.length) q = q.where('incidents.severity', 'in', filter.severities);
    if (filter.roomId) q = q.where('incidents.room_id', '=', filter.roomId);
    if (filter.siteId) q = q.where('rooms.site_id', '=', filter.siteId);
    if (filter.roomGroupId) {
      const groupId = filter.roomGroupId;
      q = q.where((eb) => eb.exists(eb.selectFrom('room_group_rooms').select('room_group_rooms.room_id').whereRef('room_group_rooms.room_id', '=', 'incidents.room_id').where('room_group_rooms.room_group_id', '=', groupId)));
    }
    if (cursor) {
      const { at, id } = cursor;
      q = q.where((eb) => eb.or([eb('incidents.opened_at', '<', at), eb.and([eb('incidents.opened_at', '=', at), eb('incidents.id', '<', id)])]));
    }
    const rows = await q.orderBy('incidents.opened_at', 'desc').orderBy('incidents.id', 'desc').limit(limit + 1).execute();
    return toPage(rows.map(camel), limit, (r) => ({ k: r.openedAt.toISOString(), id: r.id }));
  }
}
