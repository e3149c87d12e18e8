// Agents reconnecting together (a node was lost, a node restarted): each room's signals and
// open incidents are read for many rooms in one statement, and each room gets its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthService, newRoomHealth, type RoomHealth } from '../src/health/health.service.ts';
import { AgentRoomsRepository } from '../src/repositories/agent-rooms.repository.ts';
import { IncidentsRepository } from '../src/repositories/incidents.repository.ts';
import { SignalsRepository } from '../src/repositories/signals.repository.ts';
import { createTransactor } from '../src/repositories/transactor.ts';
import { unique } from './support/factories.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.dispose());

/** A health service as a freshly started node has it: nothing in memory; its reads counted. */
function freshNode() {
  const db = t.database.db;
  const signals = new SignalsRepository(db);
  const incidents = new IncidentsRepository(db);
  const reads = { signals: [] as number[], incidents: [] as number[] };
  const countedSignals = Object.assign(Object.create(signals) as SignalsRepository, {
    forRooms: (ids: readonly string[]) => (reads.signals.push(ids.length), signals.forRooms(ids)),
  });
  const countedIncidents = Object.assign(Object.create(incidents) as IncidentsRepository, {
    openForRooms: (ids: readonly string[]) => (reads.incidents.push(ids.length), incidents.openForRooms(ids)),
  });
  const health = new HealthService({ signals: countedSignals, incidents: countedIncidents, rooms: new AgentRoomsRepository(db), tx: createTransactor(db), bus: t.bus });
  return { health, reads };
}

async function room(): Promise<RoomHealth> {
  const rooms = new AgentRoomsRepository(t.database.db);
  const id = crypto.randomUUID();
  await rooms.insert({ id, name: unique('batched'), region: 'default', siteId: null, at: new Date() });
  const stored = await rooms.find(id);
  if (!stored) throw new Error('room not stored');
  return newRoomHealth(stored);
}

const statusOf = async (id: string) => (await new AgentRoomsRepository(t.database.db).find(id))?.status;

describe('health reads of agents connecting together', () => {
  it('reads the rooms of agents connecting in one turn with one statement each, and each room keeps its own incidents', async () => {
    const first = freshNode();
    const [camera, disk, fine] = [await room(), await room(), await room()];
    for (const r of [camera, disk, fine]) await first.health.online(r);
    await first.health.report(camera, { signals: [{ name: 'camera', state: 'failed', detail: 'unplugged' }], measuredAt: new Date().toISOString() });
    await first.health.report(disk, { signals: [{ name: 'disk', state: 'degraded', value: '95 %' }], measuredAt: new Date().toISOString() });
    await first.health.report(fine, { signals: [{ name: 'camera', state: 'ok' }], measuredAt: new Date().toISOString() });
    expect([await statusOf(camera.roomId), await statusOf(disk.roomId), await statusOf(fine.roomId)]).toEqual(['unhealthy', 'warning', 'healthy']);

    // Another node takes the three agents at once: nothing of them in its memory.
    const next = freshNode();
    const again = [camera, disk, fine].map((r) => newRoomHealth({ id: r.roomId, name: r.roomName, siteId: r.siteId, status: r.status }));
    await Promise.all(again.map((r) => next.health.online(r)));
    expect(next.reads).toEqual({ signals: [3], incidents: [3] });
    expect(again.map((r) => [...r.open.keys()])).toEqual([['camera.failed'], ['disk.degraded'], []]);
    expect(again.map((r) => [...(r.signals?.keys() ?? [])])).toEqual([['camera'], ['disk'], ['camera']]);

    // The camera comes back on its room only: that room's incident resolves, the others stay.
    await next.health.report(again[0]!, { signals: [{ name: 'camera', state: 'ok' }], measuredAt: new Date().toISOString() });
    expect([await statusOf(camera.roomId), await statusOf(disk.roomId), await statusOf(fine.roomId)]).toEqual(['healthy', 'warning', 'healthy']);
  });
});
