// Notifications (DESIGN "Incidents and notifications", issue 14): channels, the outbox and
// each attempt to send an outbox item.
// - notification_channels: email (addresses), webhook (url, sealed signing secret), teams,
//   slack (url); which events, from what severity, for which rooms (a RoomScopeSpec).
// - notification_outbox: one row per notification and target (a channel, or one assignment
//   member's address), written in the transaction of its cause, claimed with a lease by one
//   node (FOR UPDATE SKIP LOCKED), retried with backoff until sent or dead.
//   storm_key (target and room) lets storm control count and fold a flapping room's items.
// - notification_attempts: each try, with the far end's answer.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const now = sql`now()`;
  await db.schema
    .createTable('notification_channels')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('email','webhook','teams','slack')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('events', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('min_severity', 'text', (c) => c.notNull().defaultTo('low'))
    .addColumn('scope', 'jsonb', (c) => c.notNull())
    .addColumn('addresses', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('url', 'text')
    .addColumn('secret', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await sql`create unique index notification_channels_name_key on notification_channels (lower(name))`.execute(db);

  await db.schema
    .createTable('notification_outbox')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('channel_id', 'uuid', (c) => c.references('notification_channels.id').onDelete('cascade'))
    .addColumn('channel_type', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text')
    .addColumn('recipient_user_id', 'uuid')
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('room_id', 'uuid')
    .addColumn('storm_key', 'text')
    .addColumn('body', 'jsonb', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('pending').check(sql`state in ('pending','sending','sent','dead')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('sent_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('notification_outbox_due_idx').on('notification_outbox').columns(['state', 'next_attempt_at']).execute();
  await db.schema.createIndex('notification_outbox_storm_idx').on('notification_outbox').columns(['storm_key', 'created_at']).execute();
  await db.schema.createIndex('notification_outbox_list_idx').on('notification_outbox').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('notification_outbox_channel_idx').on('notification_outbox').columns(['channel_id']).execute();

  await db.schema
    .createTable('notification_attempts')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('outbox_id', 'uuid', (c) => c.notNull().references('notification_outbox.id').onDelete('cascade'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('sent','failed')`))
    .addColumn('status_code', 'integer')
    .addColumn('answer', 'text')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('notification_attempts_outbox_idx').on('notification_attempts').columns(['outbox_id', 'at']).execute();
}
