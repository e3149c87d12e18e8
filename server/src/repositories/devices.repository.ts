// Enrolled devices (one per room agent). The secret is stored as a SHA-256 hash.
import type { Insertable, Selectable } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import type { DevicesTable } from '../db/schema.ts';
import { camel, columns, type Camel } from './records.ts';

export type DeviceRecord = Camel<Selectable<DevicesTable>>;
export type NewDevice = Camel<Insertable<DevicesTable>>;

/** A device with what the gateway needs of its room. */
export type DeviceWithRoom = DeviceRecord & { roomName: string; siteId: string | null; roomStatus: string };

/** What an agent's hello says about its machine. */
export type DeviceHello = Pick<DeviceRecord, 'hostname' | 'platform' | 'agentVersion' | 'osVersion' | 'capabilities'>;

export class DevicesRepository {
  constructor(private readonly db: Db) {}

  async insert(device: NewDevice, ex: Executor = this.db): Promise<DeviceRecord> {
    return camel(await ex.insertInto('devices').values(columns<Insertable<DevicesTable>>(device)).returningAll().executeTakeFirstOrThrow());
  }

  async findById(id: string, ex: Executor = this.db): Promise<DeviceRecord | undefined> {
    const row = await ex.selectFrom('devices').selectAll().where('id', '=', id).executeTakeFirst();
    return row && camel(row);
  }

  /** Several devices with their rooms, by id (unknown ids are absent). */
  async findManyWithRoom(ids: readonly string[], ex: Executor = this.db): Promise<Map<string, DeviceWithRoom>> {
    if (ids.length === 0) return new Map();
    const rows = await ex
      .selectFrom('devices')
      .innerJoin('rooms', 'rooms.id', 'devices.room_id')
      .selectAll('devices')
      .select(['rooms.name as room_name', 'rooms.site_id', 'rooms.status as room_status'])
      .where('devices.id', 'in', [...ids])
      .execute();
    return new Map(rows.map((row) => [row.id, camel(row)]));
  }

  /** The machine's active device, or else its most recent revoked one. */
  async findByMachine(machineId: string, ex: Executor = this.db): Promise<DeviceRecord | undefined> {
    const row = await ex
      .selectFrom('devices')
      .selectAll()
      .where('machine_id', '=', machineId)
      .orderBy((eb) => eb.case().when('revoked_at', 'is', null).then(0).else(1).end())
      .orderBy('enrolled_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && camel(row);
  }

  /** The room's active device, or else its most recent one. */
  async findForRoom(roomId: string, ex: Executor = this.db): Promise<DeviceRecord | undefined> {
    const row = await ex
      .selectFrom('devices')
      .selectAll()
      .where('room_id', '=', roomId)
      .orderBy((eb) => eb.case().when('revoked_at', 'is', null).then(0).else(1).end())
      .orderBy('enrolled_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && camel(row);
  }

  async activeIdsForRoom(roomId: string, ex: Executor = this.db): Promise<string[]> {
    const rows = await ex.selectFrom('devices').select('id').where('room_id', '=', roomId).where('revoked_at', 'is', null).execute();
    return rows.map((r) => r.id);
  }

  async revoke(id: string, at: Date, ex: Executor = this.db): Promise<boolean> {
    const r = await ex.updateTable('devices').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  /** Revokes every active device of a room (retiring it); answers their ids. */
  async revokeForRoom(roomId: string, at: Date, ex: Executor = this.db): Promise<string[]> {
    const rows = await ex.updateTable('devices').set({ revoked_at: at }).where('room_id', '=', roomId).where('revoked_at', 'is', null).returning('id').execute();
    return rows.map((r) => r.id);
  }

  /** What hello told us, when it differs from what is stored. */
  async recordHello(id: string, hello: DeviceHello, ex: Executor = this.db): Promise<void> {
    await ex
      .updateTable('devices')
      .set({ hostname: hello.hostname, platform: hello.platform, agent_version: hello.agentVersion, os_version: hello.osVersion, capabilities: JSON.stringify(hello.capabilities) })
      .where('id', '=', id)
      .execute();
  }
}
