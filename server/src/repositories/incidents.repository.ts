// Incidents: opened and resolved by the health engine, acknowledged by administrators.
import type { Insertable, Selectable } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import type { IncidentsTable } from '../db/schema.ts';
import type { RoomScope } from './room-scope.ts';
import { toPage, type Page } from './cursor.ts';
import { timeCursor } from './enrollment.repository.ts';

export type IncidentRow = Selectable<IncidentsTable>;
export interface IncidentWithRoom extends IncidentRow {
  room_name: string;
  site_id: string | null;
}

export interface IncidentFilter {
  state: 'open' | 'resolved' | 'all';
  severities?: string[] | undefined;
  roomId?: string | undefined;
  siteId?: string | undefined;
  /** The rooms the caller may see. */
  visible: RoomScope;
}

export class IncidentsRepository {
  constructor(private readonly db: Db) {}

  async insert(ex: Executor | undefined, rows: ReadonlyArray<Insertable<IncidentsTable>>): Promise<IncidentRow[]> {
    if (rows.length === 0) return [];
    return (ex ?? this.db).insertInto('incidents').values([...rows]).returningAll().execute();
  }

  async resolve(ex: Executor | undefined, roomId: string, ruleIds: readonly string[], at: Date): Promise<IncidentRow[]> {
    if (ruleIds.length === 0) return [];
    return (ex ?? this.db)
      .updateTable('incidents')
      .set({ state: 'resolved', resolved_at: at })
      .where('room_id', '=', roomId)
      .where('state', '=', 'open')
      .where('rule_id', 'in', [...ruleIds])
      .returningAll()
      .execute();
  }

  openForRoom(roomId: string): Promise<IncidentRow[]> {
    return this.db.selectFrom('incidents').selectAll().where('room_id', '=', roomId).where('state', '=', 'open').execute();
  }

  findById(id: string): Promise<IncidentWithRoom | undefined> {
    return this.db
      .selectFrom('incidents')
      .innerJoin('rooms', 'rooms.id', 'incidents.room_id')
      .selectAll('incidents')
      .select(['rooms.name as room_name', 'rooms.site_id'])
      .where('incidents.id', '=', id)
      .executeTakeFirst();
  }

  acknowledge(ex: Executor, id: string, at: Date, by: string | null, label: string): Promise<IncidentRow | undefined> {
    return ex
      .updateTable('incidents')
      .set({ acknowledged_at: at, acknowledged_by: by, acknowledged_by_label: label })
      .where('id', '=', id)
      .where('acknowledged_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
  }

  /** Newest first, only rooms the caller may see. */
  async list(filter: IncidentFilter, limit: number, cursorRaw?: string): Promise<Page<IncidentWithRoom>> {
    const cursor = timeCursor(cursorRaw);
    let q = this.db
      .selectFrom('incidents')
      .innerJoin('rooms', 'rooms.id', 'incidents.room_id')
      .selectAll('incidents')
      .select(['rooms.name as room_name', 'rooms.site_id']);
    const v = filter.visible;
    if (!v.all) {
      if (v.roomIds.length === 0 && v.siteIds.length === 0) return { items: [], nextCursor: null };
      q = q.where((eb) =>
        eb.or([
          ...(v.roomIds.length ? [eb('incidents.room_id', 'in', v.roomIds)] : []),
          ...(v.siteIds.length ? [eb('rooms.site_id', 'in', v.siteIds)] : []),
        ]),
      );
    }
    if (filter.state !== 'all') q = q.where('incidents.state', '=', filter.state);
    if (filter.severities?.length) q = q.where('incidents.severity', 'in', filter.severities);
    if (filter.roomId) q = q.where('incidents.room_id', '=', filter.roomId);
    if (filter.siteId) q = q.where('rooms.site_id', '=', filter.siteId);
    if (cursor) {
      const { at, id } = cursor;
      q = q.where((eb) => eb.or([eb('incidents.opened_at', '<', at), eb.and([eb('incidents.opened_at', '=', at), eb('incidents.id', '<', id)])]));
    }
    const rows = await q.orderBy('incidents.opened_at', 'desc').orderBy('incidents.id', 'desc').limit(limit + 1).execute();
    return toPage(rows, limit, (r) => ({ k: r.opened_at.toISOString(), id: r.id }));
  }
}
