// The few room queries the agent side needs: create a room at enrollment, read and write
// its status, and the batched last-seen write (one UPDATE … FROM (VALUES …) per flush).
import { sql } from 'kysely';
import type { Db, Executor } from '../db/database.ts';

export interface AgentRoom {
  id: string;
  name: string;
  siteId: string | null;
  region: string;
  status: string;
  lastSeenAt: Date | null;
}

const FLUSH_CHUNK = 2000;

export class AgentRoomsRepository {
  constructor(private readonly db: Db) {}

  async find(id: string, ex: Executor = this.db): Promise<AgentRoom | undefined> {
    const r = await ex.selectFrom('rooms').select(['id', 'name', 'site_id', 'region', 'status', 'last_seen_at']).where('id', '=', id).executeTakeFirst();
    return r && { id: r.id, name: r.name, siteId: r.site_id, region: r.region, status: r.status, lastSeenAt: r.last_seen_at };
  }

  async insert(ex: Executor, room: { id: string; name: string; siteId: string | null; region: string; at: Date }): Promise<void> {
    await ex
      .insertInto('rooms')
      .values({ id: room.id, name: room.name, site_id: room.siteId, region: room.region, status: 'offline', created_at: room.at, updated_at: room.at })
      .execute();
  }

  /** Writes a status change; false when the room no longer exists. */
  async setStatus(ex: Executor | undefined, id: string, status: string, at: Date): Promise<boolean> {
    const r = await (ex ?? this.db).updateTable('rooms').set({ status, updated_at: at }).where('id', '=', id).executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  /** Rooms the database says are not offline: after a restart the sweep watches them until their agents return. */
  async notOffline(): Promise<Array<{ id: string; siteId: string | null; status: string; name: string }>> {
    const rows = await this.db.selectFrom('rooms').select(['id', 'site_id', 'status', 'name']).where('status', '!=', 'offline').execute();
    return rows.map((r) => ({ id: r.id, siteId: r.site_id, status: r.status, name: r.name }));
  }

  /** One statement per chunk of rooms, however many agents heartbeat. */
  async flushLastSeen(entries: ReadonlyArray<{ roomId: string; at: Date }>): Promise<void> {
    for (let i = 0; i < entries.length; i += FLUSH_CHUNK) {
      const chunk = entries.slice(i, i + FLUSH_CHUNK);
      const values = sql.join(chunk.map((e) => sql`(${e.roomId}::uuid, ${e.at.toISOString()}::timestamptz)`));
      await sql`update rooms set last_seen_at = v.at from (values ${values}) as v(id, at) where rooms.id = v.id`.execute(this.db);
    }
  }
}
