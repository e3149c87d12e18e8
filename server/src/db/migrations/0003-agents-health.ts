// Agents and health: enrollment tokens, enrolled devices (one active device per machine),
// the latest signals of each room, and incidents opened and resolved by the health engine.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const now = sql`now()`;
  await db.schema
    .createTable('enrollment_tokens')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('label', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('site_id', 'uuid', (c) => c.references('sites.id').onDelete('set null'))
    .addColumn('region', 'text')
    .addColumn('max_uses', 'integer', (c) => c.notNull().check(sql`max_uses >= 1`))
    .addColumn('uses', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('created_by', 'uuid')
    .addColumn('revoked_at', 'timestamptz')
    .addCheckConstraint('enrollment_tokens_uses_check', sql`uses >= 0 and uses <= max_uses`)
    .execute();
  await sql`create index enrollment_tokens_created_idx on enrollment_tokens (created_at desc, id desc)`.execute(db);

  await db.schema
    .createTable('devices')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('room_id', 'uuid', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('machine_id', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('hostname', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('agent_version', 'text', (c) => c.notNull())
    .addColumn('os_version', 'text')
    .addColumn('capabilities', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('enrollment_token_id', 'uuid', (c) => c.references('enrollment_tokens.id').onDelete('set null'))
    .addColumn('enrolled_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  await sql`create unique index devices_machine_active_key on devices (machine_id) where revoked_at is null`.execute(db);
  await sql`create index devices_machine_idx on devices (machine_id, enrolled_at desc)`.execute(db);
  await db.schema.createIndex('devices_room_idx').on('devices').column('room_id').execute();

  await db.schema
    .createTable('room_signals')
    .addColumn('room_id', 'uuid', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('value', 'text')
    .addColumn('detail', 'text')
    .addColumn('changed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('room_signals_pk', ['room_id', 'name'])
    .execute();

  await db.schema
    .createTable('incidents')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('room_id', 'uuid', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('signal', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull().check(sql`severity in ('low','medium','high','critical')`))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('open','resolved')`))
    .addColumn('detail', 'text')
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull())
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('acknowledged_at', 'timestamptz')
    .addColumn('acknowledged_by', 'uuid')
    .addColumn('acknowledged_by_label', 'text')
    .execute();
  // At most one open incident per room and rule.
  await sql`create unique index incidents_open_rule_key on incidents (room_id, rule_id) where state = 'open'`.execute(db);
  await sql`create index incidents_opened_idx on incidents (opened_at desc, id desc)`.execute(db);
  await sql`create index incidents_room_idx on incidents (room_id, opened_at desc)`.execute(db);
}
