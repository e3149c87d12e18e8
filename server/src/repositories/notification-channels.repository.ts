// Notification channels: where notifications go (email addresses, a webhook, Teams or Slack
// URL), which events they take, from what severity, for which rooms.
import { sql, type Selectable } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import type { NotificationChannelsTable } from '../db/schema.ts';
import { toPage, type Page } from './cursor.ts';
import { decodeUuidCursor } from './directory-support.ts';
import { camel, type Camel } from './records.ts';

export type ChannelRecord = Camel<Selectable<NotificationChannelsTable>>;
/** What a channel is written with (JSON columns as values; written as JSON text here). */
export type NewChannel = Omit<ChannelRecord, 'createdAt'>;
export type ChannelPatch = Partial<Omit<ChannelRecord, 'id' | 'type' | 'createdAt'>>;

function toColumns(c: ChannelPatch): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c)) {
    if (v === undefined) continue;
    out[k.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`)] = k === 'events' || k === 'scope' || k === 'addresses' ? JSON.stringify(v) : v;
  }
  return out;
}

export class NotificationChannelsRepository {
  constructor(private readonly db: Db) {}

  async insert(channel: NewChannel, ex: Executor = this.db): Promise<ChannelRecord> {
    const c = channel;
    const inserted = await ex
      .insertInto('notification_channels')
      .values({
        id: c.id,
        type: c.type,
        name: c.name,
        enabled: c.enabled,
        events: JSON.stringify(c.events),
        min_severity: c.minSeverity,
        scope: JSON.stringify(c.scope),
        addresses: JSON.stringify(c.addresses),
        url: c.url,
        secret: c.secret,
        updated_at: c.updatedAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return camel(inserted);
  }

  async findById(id: string, ex: Executor = this.db): Promise<ChannelRecord | undefined> {
    const row = await ex.selectFrom('notification_channels').selectAll().where('id', '=', id).executeTakeFirst();
    return row && camel(row);
  }

  async findByName(name: string, ex: Executor = this.db): Promise<ChannelRecord | undefined> {
    const row = await ex.selectFrom('notification_channels').selectAll().where(sql<string>`lower(name)`, '=', name.toLowerCase()).executeTakeFirst();
    return row && camel(row);
  }

  /** By lower-cased name, then id. */
  async list(limit: number, cursorRaw?: string, ex: Executor = this.db): Promise<Page<ChannelRecord>> {
    const cursor = decodeUuidCursor(cursorRaw);
    let q = ex.selectFrom('notification_channels').selectAll();
    if (cursor) {
      const k = String(cursor.k);
      q = q.where((eb) => eb.or([eb(sql<string>`lower(name)`, '>', k), eb.and([eb(sql<string>`lower(name)`, '=', k), eb('id', '>', cursor.id)])]));
    }
    const rows = await q.orderBy(sql`lower(name)`).orderBy('id').limit(limit + 1).execute();
    return toPage(rows.map(camel), limit, (r) => ({ k: r.name.toLowerCase(), id: r.id }));
  }

  /** The enabled channels that take an event. */
  async enabledFor(event: string, ex: Executor = this.db): Promise<ChannelRecord[]> {
    const rows = await ex
      .selectFrom('notification_channels')
      .selectAll()
      .where('enabled', '=', true)
      .where(sql<boolean>`events @> ${JSON.stringify([event])}::jsonb`)
      .orderBy('id')
      .execute();
    return rows.map(camel);
  }

  async update(id: string, patch: ChannelPatch, ex: Executor = this.db): Promise<ChannelRecord | undefined> {
    const updated = await ex.updateTable('notification_channels').set(toColumns(patch)).where('id', '=', id).returningAll().executeTakeFirst();
    return updated && camel(updated);
  }

  async delete(id: string, ex: Executor = this.db): Promise<boolean> {
    const r = await ex.deleteFrom('notification_channels').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
