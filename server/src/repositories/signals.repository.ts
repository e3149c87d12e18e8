// The latest signals of each room: one row per room and signal name.
import type { Db, Executor } from '../db/database.ts';

export interface SignalRow {
  roomId: string;
  name: string;
  state: string;
  value: string | null;
  detail: string | null;
  changedAt: Date;
}

export class SignalsRepository {
  constructor(private readonly db: Db) {}

  /** Inserts or replaces signals (any number of rooms) in one statement. */
  async upsert(rows: readonly SignalRow[], at: Date, ex?: Executor): Promise<void> {
    if (rows.length === 0) return;
    await (ex ?? this.db)
      .insertInto('room_signals')
      .values(rows.map((r) => ({ room_id: r.roomId, name: r.name, state: r.state, value: r.value, detail: r.detail, changed_at: r.changedAt, updated_at: at })))
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

  async forRoom(roomId: string): Promise<SignalRow[]> {
    const rows = await this.db.selectFrom('room_signals').selectAll().where('room_id', '=', roomId).orderBy('name').execute();
    return rows.map((r) => ({ roomId: r.room_id, name: r.name, state: r.state, value: r.value, detail: r.detail, changedAt: r.changed_at }));
  }
}
