// One node sends each outbox item (issue 14 C): two dispatchers (two nodes) claim from the
// same outbox at the same moment; every item is sent exactly once, and an item whose
// sender's lease ran out (a node that died while sending) is sent by the other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationDispatcher } from '../src/notifications/dispatcher.ts';
import type { NotificationSender, SendResult } from '../src/notifications/senders.ts';
import { NotificationOutboxRepository, type OutboxRecord } from '../src/repositories/notification-outbox.repository.ts';
import { createTransactor } from '../src/repositories/transactor.ts';
import { appWithAdmin, type TestApp } from './support/test-app.ts';
import { unique } from './support/factories.ts';

let t: TestApp;
let channelId: string;
beforeAll(async () => {
  let admin;
  ({ t, admin } = await appWithAdmin());
  // The app's own dispatcher stays out of it: its channel points nowhere and its items are the test's.
  await t.notifications.dispatcher.stop();
  channelId = (await admin.post('notification-channels', { type: 'slack', name: unique('claim'), events: [], url: 'http://127.0.0.1:9/hook' })).body.id;
});
afterAll(async () => t?.dispose());

class CountingSender implements NotificationSender {
  readonly sent: string[] = [];
  async send(item: OutboxRecord): Promise<SendResult> {
    this.sent.push(item.id);
    return { ok: true, statusCode: 200, answer: 'ok', error: null };
  }
}

const log = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined } as never;
const options = (nodeId: string) => ({ nodeId, pollMs: 60_000, leaseMs: 30_000, batch: 7, retry: { baseMs: 10, maxMs: 10, maxAttempts: 3 }, retentionMs: 60_000, retentionSweepMs: 60_000 });

async function items(n: number, at: Date): Promise<string[]> {
  const repo = new NotificationOutboxRepository(t.database.db);
  const ids = Array.from({ length: n }, () => crypto.randomUUID());
  await repo.insert(
    ids.map((id) => ({ id, channelId, channelType: 'slack', recipient: null, recipientUserId: null, event: 'notification.test', roomId: null, stormKey: null, body: { type: 'notification.test', timestamp: at.toISOString(), data: {} }, createdAt: at, nextAttemptAt: at })),
  );
  return ids;
}

describe('claiming with a lease', () => {
  it('two nodes at once: each item sent exactly once', async () => {
    const ids = await items(40, new Date());
    const db = t.database.db;
    const senders = [new CountingSender(), new CountingSender()];
    const nodes = senders.map((sender, i) => new NotificationDispatcher({ outbox: new NotificationOutboxRepository(db), tx: createTransactor(db), sender, log }, options(`node-${i}`)));
    // Both drain concurrently until nothing is left.
    await Promise.all(nodes.map(async (n) => { while ((await n.runOnce()) > 0); }));
    const all = [...senders[0]!.sent, ...senders[1]!.sent];
    expect(all.sort()).toEqual([...ids].sort());
    const rows = await db.selectFrom('notification_outbox').select(['state', 'attempts']).where('id', 'in', ids).execute();
    expect(rows.every((r) => r.state === 'sent' && r.attempts === 1)).toBe(true);
  });

  it('an item whose lease ran out goes to the next node; the late node cannot mark it', async () => {
    const db = t.database.db;
    const repo = new NotificationOutboxRepository(db);
    const start = new Date();
    const [id] = await items(1, start);
    // Node A claims it and dies (never marks it).
    expect((await repo.claimDue('node-a', start, new Date(start.getTime() + 1_000), 10)).map((r) => r.id)).toEqual([id]);
    expect(await repo.claimDue('node-b', new Date(start.getTime() + 500), new Date(start.getTime() + 5_000), 10)).toEqual([]);
    const later = new Date(start.getTime() + 2_000);
    const reclaimed = await repo.claimDue('node-b', later, new Date(later.getTime() + 5_000), 10);
    expect(reclaimed.map((r) => [r.id, r.attempts])).toEqual([[id, 2]]);
    expect(await repo.markSent(id!, 'node-a', later)).toBe(false);
    expect(await repo.markSent(id!, 'node-b', later)).toBe(true);
    expect(await repo.claimDue('node-c', new Date(later.getTime() + 60_000), new Date(later.getTime() + 70_000), 10)).toEqual([]);
  });
});
