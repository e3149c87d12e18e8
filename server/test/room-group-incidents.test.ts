// Incidents and room groups (issue 14): GET /incidents?roomGroupId= keeps the incidents of
// the group's rooms, and an assignment scoped to a room group shows, and lets its members
// acknowledge, the incidents of those rooms only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRoomGroup, userWithRole } from './support/factories.ts';
import { listeningApp, twoConnectedRooms, waitFor, type ListeningApp, type TestAgent } from './agents-helpers.ts';

let a: ListeningApp;
let roomA: string;
let roomB: string;
let agentA: TestAgent;
let agentB: TestAgent;

beforeAll(async () => {
  a = await listeningApp();
  ({ roomA, roomB, agentA, agentB } = await twoConnectedRooms(a));
  agentA.report([{ name: 'camera', state: 'failed' }]);
  agentB.report([{ name: 'display', state: 'failed', detail: 'no HDMI signal' }]);
  await waitFor(async () => (await a.admin.get('incidents')).body.items.length === 2, 8_000, 'two incidents');
});
afterAll(async () => {
  await agentA?.close();
  await agentB?.close();
  await a?.t.dispose();
});

const rules = (items: Array<{ ruleId: string }>) => items.map((i) => i.ruleId).sort();

describe('incidents by room group', () => {
  it('filter by ?roomGroupId= and follow a room-group scope, acknowledging included', async () => {
    const group = await makeRoomGroup(a.admin, { roomIds: [roomB] });
    expect(rules((await a.admin.get(`incidents?roomGroupId=${group.id}`)).body.items)).toEqual(['display.failed']);
    expect((await a.admin.get('incidents?roomGroupId=nope')).status).toBe(400);

    const { client } = await userWithRole(a.t.app, a.admin, { permissions: { rooms: 'view', incidents: 'modify' }, roomGroupIds: [group.id] });
    const mine = (await client.get('incidents')).body.items;
    expect(rules(mine)).toEqual(['display.failed']);
    const ack = await client.post(`incidents/${mine[0].id}/acknowledge`);
    expect(ack.status).toBe(200);
    const other = (await a.admin.get(`incidents?roomId=${roomA}`)).body.items[0];
    expect((await client.post(`incidents/${other.id}/acknowledge`)).status).toBe(404);
  });
});
