// Issue 12, a cluster of nodes on one PostgreSQL:
// - cluster_nodes: one row per node id; each node writes its heartbeat (last_seen_at, its
//   agent and session counts) every few seconds; a clean stop sets stopped_at; a node whose
//   heartbeat is older than three intervals is gone.
// - cluster_leases: work that must run on one node at a time (the offline sweep of rooms
//   whose node is gone, retention): taken or renewed with one conditional UPDATE.
// - rooms.agent_node_id: the node that watches the room's agent (set when it says hello,
//   cleared when the room goes offline), so other nodes know where it is and a survivor
//   knows which rooms a dead node left behind.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('cluster_nodes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('public_url', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('agents', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sessions', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('stopped_at', 'timestamptz')
    .execute();
  await db.schema
    .createTable('cluster_leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`alter table rooms add column agent_node_id text`.execute(db);
  await sql`create index rooms_agent_node_idx on rooms (agent_node_id) where agent_node_id is not null`.execute(db);
}
