// The few room queries the agent side needs: create a room at enrollment, read and write
// its status, and the batched last-seen write (one UPDATE … FROM (VALUES …) per flush).
import { sql, type Selectable } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import type { RoomsTable } from '../db/schema.ts';
import { camel, type Camel } from './records.ts';
import { roomGroupIdsOf } from './room-scope.ts';

export type AgentRoom = Camel<Pick<Selectable<RoomsTable>, 'id' | 'name' | 'site_id' | 'region' | 'status' | 'last_seen_at' | 'retired_at'>> & { roomGroupIds: string[] };

const FLUSH_CHUNK = 2000;

export class AgentRoomsRepository {
  constructor(private readonly db: Db) {}

  async find(id: string, ex: Executor = this.db): Promise<AgentRoom | undefined> {
    const row = await ex.selectFrom('rooms').select(['id', 'name', 'site_id', 'region', 'status', 'last_seen_at', 'retired_at']).select(roomGroupIdsOf('rooms.id').as('room_group_ids')).where('id', '=', id).executeTakeFirst();
    return row && camel(row);
  }

  /** Until when the room's maintenance window runs (null: none set, or no such room). */
  async maintenanceUntil(id: string, ex: Executor = this.db): Promise<Date | null> {
    const row = await ex.selectFrom('rooms').select('maintenance_until').where('id', '=', id).executeTakeFirst();
    return row?.maintenance_until ?? null;
  }

  async insert(room: { id: string; name: string; siteId: string | null; region: string; at: Date }, ex: Executor = this.db): Promise<void> {
    await ex
      .insertInto('rooms')
      .values({ id: room.id, name: room.name, site_id: room.siteId, region: room.region, status: 'offline', created_at: room.at, updated_at: room.at })
      .execute();
  }

  /** Writes a status change; false when the room no longer exists. */
  /**
   * Sets a room's status; answers the status it had (read under the row's lock), or undefined
   * when the room is gone. In a cluster another node may have set the same status first.
   */
  async setStatus(id: string, status: string, at: Date, ex: Executor = this.db): Promise<string | undefined> {
    const r = await sql<{ previous: string }>`
      update rooms set status = ${status}, updated_at = ${at}
      from (select id, status as previous from rooms where id = ${id} for update) old
      where rooms.id = old.id
      returning old.previous`.execute(ex);
    return r.rows[0]?.previous;
  }

  /** Rooms the database says are not offline: after a restart the sweep watches them until their agents return. */
  async notOffline(ex: Executor = this.db): Promise<Array<Pick<AgentRoom, 'id' | 'siteId' | 'status' | 'name'>>> {
    const rows = await ex.selectFrom('rooms').select(['id', 'site_id', 'status', 'name']).where('status', '!=', 'offline').where('retired_at', 'is', null).execute();
    return rows.map(camel);
  }

  /** One statement per chunk of rooms, however many agents heartbeat. */
  async flushLastSeen(entries: ReadonlyArray<{ roomId: string; at: Date }>, ex: Executor = this.db): Promise<void> {
    for (let i = 0; i < entries.length; i += FLUSH_CHUNK) {
      const chunk = entries.slice(i, i + FLUSH_CHUNK);
      const values = sql.join(chunk.map((e) => sql`(${e.roomId}::uuid, ${e.at.toISOString()}::timestamptz)`));
      await sql`update rooms set last_seen_at = v.at from (values ${values}) as v(id, at) where rooms.id = v.id`.execute(ex);
    }
  }
}
