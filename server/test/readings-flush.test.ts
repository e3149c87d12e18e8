// Reading-only signal changes are batched and flushed in one statement. A failed flush must
// keep what it could not write, and one room's unwritable readings must cost only that room.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Signal } from '@roomwarden/protocol';
import type { Executor } from '../src/db/database.ts';
import { HealthService, MAX_FLUSH_ATTEMPTS, newRoomHealth, ReadingsFlushError, type RoomHealth } from '../src/health/health.service.ts';
import { AgentRoomsRepository } from '../src/repositories/agent-rooms.repository.ts';
import { IncidentsRepository } from '../src/repositories/incidents.repository.ts';
import { SignalsRepository, type SignalRecord } from '../src/repositories/signals.repository.ts';
import { createTransactor } from '../src/repositories/transactor.ts';
import type { ApiClient } from './support/api-client.ts';
import { makeRoom } from './support/factories.ts';
import { appWithAdmin, type TestApp } from './support/test-app.ts';

let t: TestApp;
let admin: ApiClient;
beforeAll(async () => {
  ({ t, admin } = await appWithAdmin());
});
afterAll(async () => t?.dispose());

/** The real repository, with a switch that makes writes touching chosen rooms fail. */
class FaultySignals extends SignalsRepository {
  failRooms = new Set<string>();
  failAll = false;
  override async upsert(signals: readonly SignalRecord[], at: Date, ex?: Executor): Promise<void> {
    if (signals.length > 0 && (this.failAll || signals.some((s) => this.failRooms.has(s.roomId)))) throw new Error('connection terminated unexpectedly');
    return super.upsert(signals, at, ex);
  }
}

function setup(): { health: HealthService; signals: FaultySignals } {
  const db = t.database.db;
  const signals = new FaultySignals(db);
  const health = new HealthService({ signals, incidents: new IncidentsRepository(db), rooms: new AgentRoomsRepository(db), tx: createTransactor(db), bus: t.bus });
  return { health, signals };
}

async function onlineRoom(health: HealthService): Promise<RoomHealth> {
  const r = await makeRoom(admin);
  const room = newRoomHealth({ id: r.id, name: r.name, siteId: r.siteId, status: 'offline' });
  await health.online(room);
  await health.report(room, { signals: [cpu('10 %')], measuredAt: new Date().toISOString() });
  return room;
}

const cpu = (value: string): Signal => ({ name: 'cpu', state: 'ok', value });
const reading = (health: HealthService, room: RoomHealth, value: string) => health.report(room, { signals: [cpu(value)], measuredAt: new Date().toISOString() });
async function stored(roomId: string): Promise<string | null> {
  const row = await t.database.db.selectFrom('room_signals').select('value').where('room_id', '=', roomId).where('name', '=', 'cpu').executeTakeFirst();
  return row?.value ?? null;
}

describe('flushing signal readings', () => {
  it('keeps every reading when the database refuses the flush, and writes them on the next one', async () => {
    const { health, signals } = setup();
    const [a, b] = [await onlineRoom(health), await onlineRoom(health)];
    await reading(health, a, '20 %');
    await reading(health, b, '30 %');
    signals.failAll = true;
    const err = await health.flushReadings().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReadingsFlushError);
    expect((err as ReadingsFlushError).failed.map((f) => [f.roomId, f.kept])).toEqual([
      [a.roomId, true],
      [b.roomId, true],
    ]);
    expect(await stored(a.roomId)).toBe('10 %');

    // A reading that arrives before the retry is written too, not the stale one.
    await reading(health, a, '21 %');
    signals.failAll = false;
    expect(await health.flushReadings()).toBe(2);
    expect([await stored(a.roomId), await stored(b.roomId)]).toEqual(['21 %', '30 %']);
    expect(await health.flushReadings()).toBe(0);
  });

  it("one room's unwritable readings cost only that room", async () => {
    const { health, signals } = setup();
    const [good, bad] = [await onlineRoom(health), await onlineRoom(health)];
    await reading(health, good, '40 %');
    await reading(health, bad, '50 %');
    signals.failRooms.add(bad.roomId);
    const err = (await health.flushReadings().catch((e: unknown) => e)) as ReadingsFlushError;
    expect(err.written).toBe(1);
    expect(err.failed.map((f) => f.roomId)).toEqual([bad.roomId]);
    expect(await stored(good.roomId)).toBe('40 %');

    // Kept for a few flushes in a row, then dropped rather than retried for ever.
    for (let attempt = 2; attempt <= MAX_FLUSH_ATTEMPTS; attempt++) {
      const again = (await health.flushReadings().catch((e: unknown) => e)) as ReadingsFlushError;
      expect(again.failed).toEqual([expect.objectContaining({ roomId: bad.roomId, kept: attempt < MAX_FLUSH_ATTEMPTS })]);
    }
    expect(await health.flushReadings()).toBe(0);
    expect(await stored(bad.roomId)).toBe('10 %');
  });

  it('a room deleted with readings pending is dropped; the others are written', async () => {
    const { health } = setup();
    const [kept, deleted] = [await onlineRoom(health), await onlineRoom(health)];
    await reading(health, kept, '60 %');
    await reading(health, deleted, '70 %');
    expect((await admin.delete(`rooms/${deleted.roomId}`)).status).toBe(204);
    const err = (await health.flushReadings().catch((e: unknown) => e)) as ReadingsFlushError;
    expect(err.failed).toEqual([expect.objectContaining({ roomId: deleted.roomId, kept: false })]);
    expect(await stored(kept.roomId)).toBe('60 %');
    expect(await health.flushReadings()).toBe(0);
  });
});
