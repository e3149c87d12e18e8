// The latest signals of each room: one row per room and signal name.
import type { Selectable } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import type { RoomSignalsTable } from '../db/schema.ts';
import { camel, groupBy, type Camel } from './records.ts';

/** A room's signal as the health engine reads and writes it (when it was stored is the repository's). */
export type SignalRecord = Camel<Omit<Selectable<RoomSignalsTable>, 'updated_at'>>;

export class SignalsRepository {
  constructor(private readonly db: Db) {}

  /** Inserts or replaces signals (any number of rooms) in one statement. */
  async upsert(signals: readonly SignalRecord[], at: Date, ex: Executor = this.db): Promise<void> {
    if (signals.length === 0) return;
    await ex
      .insertInto('room_signals')
      .values(signals.map((r) => ({ room_id: r.roomId, name: r.name, state: r.state, value: r.value, detail: r.detail, changed_at: r.changedAt, updated_at: at })))
      .onConflict((oc) =>
        oc.columns(['room_id', 'name']).doUpdateSet((eb) => ({
          state: eb.ref('excluded.state'),
          value: eb.ref('excluded.value'),
          detail: eb.ref('excluded.detail'),
          changed_at: eb.ref('excluded.changed_at'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }

  /** The signals of each room (rooms without any are absent). */
  async forRooms(roomIds: readonly string[], ex: Executor = this.db): Promise<Map<string, SignalRecord[]>> {
    if (roomIds.length === 0) return new Map();
    const rows = await ex
      .selectFrom('room_signals')
      .select(['room_id', 'name', 'state', 'value', 'detail', 'changed_at'])
      .where('room_id', 'in', [...roomIds])
      .orderBy('room_id')
      .orderBy('name')
      .execute();
    return groupBy(rows.map(camel), (r) => r.roomId);
  }

  async forRoom(roomId: string, ex: Executor = this.db): Promise<SignalRecord[]> {
    const rows = await ex
      .selectFrom('room_signals')
      .select(['room_id', 'name', 'state', 'value', 'detail', 'changed_at'])
      .where('room_id', '=', roomId)
      .orderBy('name')
      .execute();
    return rows.map(camel);
  }
}
