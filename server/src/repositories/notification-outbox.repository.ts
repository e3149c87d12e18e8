// The notification outbox: rows written in the transaction of their cause, claimed by one
// node at a time with a lease (FOR UPDATE SKIP LOCKED: in a cluster two nodes never claim
// the same row), marked sent, or put back with a later due time, or dead; each attempt
// recorded beside it; old rows swept.
import { sql, type Selectable } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import type { NotificationAttemptsTable, NotificationOutboxTable } from '../db/schema.ts';
import { toPage, type Page } from './cursor.ts';
import { timeCursor } from './directory-support.ts';
import { camel, type Camel } from './records.ts';

export type OutboxRecord = Camel<Selectable<NotificationOutboxTable>>;
export type AttemptRecord = Camel<Selectable<NotificationAttemptsTable>>;
export type OutboxState = OutboxRecord['state'];

export interface NewOutboxItem {
  id: string;
  channelId: string | null;
  channelType: OutboxRecord['channelType'];
  recipient: string | null;
  recipientUserId: string | null;
  event: string;
  roomId: string | null;
  stormKey: string | null;
  body: OutboxRecord['body'];
  createdAt: Date;
  nextAttemptAt: Date;
}

export interface NewAttempt {
  outboxId: string;
  at: Date;
  outcome: 'sent' | 'failed';
  statusCode: number | null;
  answer: string | null;
  error: string | null;
  durationMs: number;
}

export interface DeliveryFilter {
  channelId?: string | undefined;
  state?: OutboxState | undefined;
  event?: string | undefined;
}

export type DeliveryRecord = OutboxRecord & { channelName: string | null };

export class NotificationOutboxRepository {
  constructor(private readonly db: Db) {}

  async insert(items: readonly NewOutboxItem[], ex: Executor = this.db): Promise<void> {
    if (items.length === 0) return;
    await ex
      .insertInto('notification_outbox')
      .values(
        items.map((i) => ({
          id: i.id,
          channel_id: i.channelId,
          channel_type: i.channelType,
          recipient: i.recipient,
          recipient_user_id: i.recipientUserId,
          event: i.event,
          room_id: i.roomId,
          storm_key: i.stormKey,
          body: JSON.stringify(i.body),
          created_at: i.createdAt,
          next_attempt_at: i.nextAttemptAt,
        })),
      )
      .execute();
  }

  /** When the items of a storm key counted since `since` were made (digests excluded), oldest first. */
  async stormTimes(stormKey: string, since: Date, ex: Executor = this.db): Promise<Date[]> {
    const rows = await ex
      .selectFrom('notification_outbox')
      .select('created_at')
      .where('storm_key', '=', stormKey)
      .where('created_at', '>', since)
      .where('event', '!=', 'notification.digest')
      .orderBy('created_at')
      .execute();
    return rows.map((r) => r.created_at);
  }

  /** The digest of a storm key still waiting for its window to end, locked for this transaction. */
  async pendingDigest(stormKey: string, ex: Executor = this.db): Promise<OutboxRecord | undefined> {
    const row = await ex
      .selectFrom('notification_outbox')
      .selectAll()
      .where('storm_key', '=', stormKey)
      .where('event', '=', 'notification.digest')
      .where('state', '=', 'pending')
      .where('attempts', '=', 0)
      .forUpdate()
      .executeTakeFirst();
    return row && camel(row);
  }

  async setBody(id: string, body: OutboxRecord['body'], ex: Executor = this.db): Promise<void> {
    await ex.updateTable('notification_outbox').set({ body: JSON.stringify(body) }).where('id', '=', id).execute();
  }

  /**
   * Claims up to `limit` due rows for `owner` until `leaseUntil`: pending rows whose time has
   * come, and rows whose sender's lease ran out (a node that died while sending). Rows another
   * node is claiming right now are skipped, never waited for.
   */
  async claimDue(owner: string, now: Date, leaseUntil: Date, limit: number, ex: Executor = this.db): Promise<OutboxRecord[]> {
    const rows = await sql<Selectable<NotificationOutboxTable>>`
      update notification_outbox set state = 'sending', lease_owner = ${owner}, lease_until = ${leaseUntil}, attempts = attempts + 1
      where id in (
        select id from notification_outbox
        where (state = 'pending' and next_attempt_at <= ${now}) or (state = 'sending' and lease_until < ${now})
        order by next_attempt_at, id
        limit ${limit}
        for update skip locked
      )
      returning *`.execute(ex);
    return rows.rows.map((r) => camel(r));
  }

  /** Sent: only while this owner still holds the lease. */
  async markSent(id: string, owner: string, at: Date, ex: Executor = this.db): Promise<boolean> {
    const r = await ex
      .updateTable('notification_outbox')
      .set({ state: 'sent', sent_at: at, lease_owner: null, lease_until: null })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .where('state', '=', 'sending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Failed: due again at `retryAt`, or dead (null). */
  async markFailed(id: string, owner: string, retryAt: Date | null, ex: Executor = this.db): Promise<boolean> {
    const r = await ex
      .updateTable('notification_outbox')
      .set(retryAt ? { state: 'pending', next_attempt_at: retryAt, lease_owner: null, lease_until: null } : { state: 'dead', lease_owner: null, lease_until: null })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .where('state', '=', 'sending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async addAttempt(a: NewAttempt, ex: Executor = this.db): Promise<void> {
    await ex
      .insertInto('notification_attempts')
      .values({ id: crypto.randomUUID(), outbox_id: a.outboxId, at: a.at, outcome: a.outcome, status_code: a.statusCode, answer: a.answer, error: a.error, duration_ms: a.durationMs })
      .execute();
  }

  async findById(id: string, ex: Executor = this.db): Promise<DeliveryRecord | undefined> {
    const row = await ex
      .selectFrom('notification_outbox as o')
      .leftJoin('notification_channels as c', 'c.id', 'o.channel_id')
      .selectAll('o')
      .select('c.name as channel_name')
      .where('o.id', '=', id)
      .executeTakeFirst();
    return row && camel(row);
  }

  /** Newest first. */
  async list(filter: DeliveryFilter, limit: number, cursorRaw?: string, ex: Executor = this.db): Promise<Page<DeliveryRecord>> {
    const cursor = timeCursor(cursorRaw);
    let q = ex.selectFrom('notification_outbox as o').leftJoin('notification_channels as c', 'c.id', 'o.channel_id').selectAll('o').select('c.name as channel_name');
    if (filter.channelId) q = q.where('o.channel_id', '=', filter.channelId);
    if (filter.state) q = q.where('o.state', '=', filter.state);
    if (filter.event) q = q.where('o.event', '=', filter.event);
    if (cursor) q = q.where((eb) => eb.or([eb('o.created_at', '<', cursor.at), eb.and([eb('o.created_at', '=', cursor.at), eb('o.id', '<', cursor.id)])]));
    const rows = await q.orderBy('o.created_at', 'desc').orderBy('o.id', 'desc').limit(limit + 1).execute();
    return toPage(rows.map((r) => camel(r)), limit, (r) => ({ k: r.createdAt.toISOString(), id: r.id }));
  }

  /** The attempts of some items, oldest first, by item. */
  async attemptsOf(ids: readonly string[], ex: Executor = this.db): Promise<Map<string, AttemptRecord[]>> {
    const out = new Map<string, AttemptRecord[]>();
    if (ids.length === 0) return out;
    const rows = await ex.selectFrom('notification_attempts').selectAll().where('outbox_id', 'in', [...ids]).orderBy('at').orderBy('id').execute();
    for (const r of rows) out.set(r.outbox_id, [...(out.get(r.outbox_id) ?? []), camel(r)]);
    return out;
  }

  /** Retention: finished rows (sent or dead) made before `before` go, with their attempts. */
  async deleteFinishedBefore(before: Date, ex: Executor = this.db): Promise<number> {
    const r = await ex.deleteFrom('notification_outbox').where('created_at', '<', before).where('state', 'in', ['sent', 'dead']).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
