// Remote sessions name the display they show (DESIGN "Remote session" 10) and keep the
// reason given to start one during a meeting (9). Both null on older rows: the agent's
// default display, no override.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('remote_sessions').addColumn('display', 'text').execute();
  await db.schema.alterTable('remote_sessions').addColumn('meeting_override_reason', 'text').execute();
}
