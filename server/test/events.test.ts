// Live events over Server-Sent Events, read with fetch from a listening server: room
// status and incidents reach only the subscribers who may view the room, a withdrawn
// permission stops them, keep-alives flow, and a closed stream is cleaned up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/api-client.ts';
import { readSseBlocks } from './support/sse-blocks.ts';
import { userWithRole } from './support/factories.ts';
import { listeningApp, twoConnectedRooms, waitFor, type ListeningApp, type TestAgent } from './agents-helpers.ts';

interface SseEvent {
  id?: string;
  event: string;
  data: Record<string, any>;
}

/** Reads an SSE stream in the background, parsing events and counting keep-alive comments. */
class Stream {
  readonly events: SseEvent[] = [];
  keepAlives = 0;
  status = 0;
  ended = false;
  readonly #abort = new AbortController();
  readonly ready: Promise<void>;

  constructor(url: string, cookie: string | undefined) {
    this.ready = (async () => {
      const res = await fetch(url, { headers: cookie ? { cookie } : {}, signal: this.#abort.signal });
      this.status = res.status;
      if (!res.ok || !res.body) return;
      void this.#read(res.body);
    })();
  }

  async #read(body: ReadableStream<Uint8Array>): Promise<void> {
    try {
      await readSseBlocks(body, this.#abort.signal, (b) => {
        if (b.keepAlive) this.keepAlives++;
        if (b.event) this.events.push({ id: b.id, event: b.event, data: JSON.parse(b.data ?? '{}') });
      });
    } finally {
      this.ended = true;
    }
  }

  of(roomId: string): SseEvent[] {
    return this.events.filter((e) => e.data.roomId === roomId);
  }

  close(): void {
    this.#abort.abort();
  }
}

let a: ListeningApp;
let siteA: string;
let agentA: TestAgent;
let agentB: TestAgent;
let roomA: string;
let roomB: string;
const eventsUrl = () => `${a.base}/api/v1/events`;

beforeAll(async () => {
  a = await listeningApp({ sseKeepAliveMs: 300 });
  ({ siteA, roomA, roomB, agentA, agentB } = await twoConnectedRooms(a));
  await waitFor(async () => (await a.admin.get(`rooms/${roomB}`)).body.status === 'healthy', 8_000, 'rooms online');
});
afterAll(async () => {
  await agentA?.close();
  await agentB?.close();
  await a?.t.dispose();
});

/** A marker every subscriber receives, after everything published before it. */
async function marker(): Promise<number> {
  const minutes = 30 + Math.floor(Math.random() * 600);
  expect((await a.admin.put('settings/general', { sessionMaxMinutes: minutes })).status).toBe(200);
  return minutes;
}
const gotMarker = (s: Stream) => s.events.some((e) => e.event === 'settings.changed');

describe('live events', () => {
  it('need a signed-in user', async () => {
    const s = new Stream(eventsUrl(), undefined);
    await s.ready;
    expect(s.status).toBe(401);
  });

  it('deliver room status and incidents only for rooms the subscriber may view, until the permission is withdrawn', async () => {
    const user = await userWithRole(a.t.app, a.admin, { permissions: { rooms: 'view', incidents: 'view' }, siteIds: [siteA] });
    const admin = new Stream(eventsUrl(), a.admin.cookie);
    const scoped = new Stream(eventsUrl(), user.client.cookie);
    await Promise.all([admin.ready, scoped.ready]);
    expect([admin.status, scoped.status]).toEqual([200, 200]);

    agentB.report([{ name: 'display', state: 'failed' }]);
    agentA.report([{ name: 'camera', state: 'failed' }]);
    await waitFor(() => admin.of(roomA).some((e) => e.event === 'incident.opened') && admin.of(roomB).some((e) => e.event === 'room.status'), 8_000, 'admin events');
    await waitFor(() => scoped.of(roomA).some((e) => e.event === 'room.status'), 8_000, 'scoped events');
    await marker();
    await waitFor(() => gotMarker(scoped), 8_000, 'marker');

    expect(admin.of(roomB).map((e) => e.event).sort()).toEqual(['incident.opened', 'room.status']);
    expect(scoped.of(roomB)).toEqual([]);
    const opened = scoped.of(roomA).find((e) => e.event === 'incident.opened')!;
    expect(opened.data).toMatchObject({ type: 'incident.opened', roomId: roomA, siteId: siteA, incident: { ruleId: 'camera.failed', severity: 'high', state: 'open' } });
    expect(scoped.of(roomA).find((e) => e.event === 'room.status')!.data).toMatchObject({ status: 'unhealthy', previous: 'healthy', roomId: roomA, siteId: siteA });
    expect(opened.id).toMatch(/^\d+$/);

    // Acknowledged and resolved are pushed too.
    const incidentId = opened.data.incident.id as string;
    expect((await a.admin.post(`incidents/${incidentId}/acknowledge`)).status).toBe(200);
    agentA.report([{ name: 'camera', state: 'ok' }]);
    await waitFor(() => scoped.of(roomA).some((e) => e.event === 'incident.resolved'), 8_000, 'resolved');
    expect(scoped.of(roomA).map((e) => e.event)).toEqual(['incident.opened', 'room.status', 'incident.acknowledged', 'incident.resolved', 'room.status']);

    // Withdraw the permission: room A's events stop for this subscriber.
    expect((await a.admin.delete(`roles/${user.roleId}`)).status).toBe(204);
    const before = scoped.of(roomA).length;
    agentA.report([{ name: 'microphone', state: 'failed' }]);
    await waitFor(() => admin.of(roomA).some((e) => e.data.incident?.ruleId === 'microphone.failed'), 8_000, 'admin sees microphone');
    const markers = scoped.events.filter((e) => e.event === 'settings.changed').length;
    await marker();
    await waitFor(() => scoped.events.filter((e) => e.event === 'settings.changed').length > markers, 8_000, 'second marker');
    expect(scoped.of(roomA)).toHaveLength(before);

    admin.close();
    scoped.close();
  });

  it('send keep-alive comments, and a stream closed by the client ends cleanly', async () => {
    const user = await userWithRole(a.t.app, a.admin, { permissions: { rooms: 'view' }, allRooms: true });
    const s = new Stream(eventsUrl(), user.client.cookie);
    await s.ready;
    await waitFor(() => s.keepAlives >= 2, 5_000, 'keep-alives');
    s.close();
    await waitFor(() => s.ended, 5_000, 'ended');
    // The API still answers after streams come and go.
    expect((await new ApiClient(a.t.app).get('/healthz')).status).toBe(200);
  });
});
