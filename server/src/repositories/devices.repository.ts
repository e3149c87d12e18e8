// Enrolled devices (one per room agent). The secret is stored as a SHA-256 hash.
import type { Insertable, Selectable } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import type { DevicesTable } from '../db/schema.ts';

export type DeviceRow = Selectable<DevicesTable>;

/** A device with what the gateway needs of its room. */
export interface DeviceWithRoom extends DeviceRow {
  room_name: string;
  site_id: string | null;
  room_status: string;
}

export class DevicesRepository {
  constructor(private readonly db: Db) {}

  async insert(ex: Executor, row: Insertable<DevicesTable>): Promise<DeviceRow> {
    return ex.insertInto('devices').values(row).returningAll().executeTakeFirstOrThrow();
  }

  findById(id: string): Promise<DeviceRow | undefined> {
    return this.db.selectFrom('devices').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findWithRoom(id: string): Promise<DeviceWithRoom | undefined> {
    return this.db
      .selectFrom('devices')
      .innerJoin('rooms', 'rooms.id', 'devices.room_id')
      .selectAll('devices')
      .select(['rooms.name as room_name', 'rooms.site_id', 'rooms.status as room_status'])
      .where('devices.id', '=', id)
      .executeTakeFirst();
  }

  /** The machine's active device, or else its most recent revoked one. */
  findByMachine(machineId: string): Promise<DeviceRow | undefined> {
    return this.db
      .selectFrom('devices')
      .selectAll()
      .where('machine_id', '=', machineId)
      .orderBy((eb) => eb.case().when('revoked_at', 'is', null).then(0).else(1).end())
      .orderBy('enrolled_at', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** The room's active device, or else its most recent one. */
  findForRoom(roomId: string): Promise<DeviceRow | undefined> {
    return this.db
      .selectFrom('devices')
      .selectAll()
      .where('room_id', '=', roomId)
      .orderBy((eb) => eb.case().when('revoked_at', 'is', null).then(0).else(1).end())
      .orderBy('enrolled_at', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  async activeIdsForRoom(ex: Executor, roomId: string): Promise<string[]> {
    const rows = await ex.selectFrom('devices').select('id').where('room_id', '=', roomId).where('revoked_at', 'is', null).execute();
    return rows.map((r) => r.id);
  }

  async revoke(ex: Executor, id: string, at: Date): Promise<boolean> {
    const r = await ex.updateTable('devices').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  /** What hello told us, when it differs from what is stored. */
  async recordHello(
    id: string,
    info: { hostname: string; platform: string; agent_version: string; os_version: string | null; capabilities: Record<string, unknown> },
  ): Promise<void> {
    await this.db
      .updateTable('devices')
      .set({ ...info, capabilities: JSON.stringify(info.capabilities) })
      .where('id', '=', id)
      .execute();
  }
}
