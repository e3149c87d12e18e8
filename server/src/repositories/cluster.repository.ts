// The cluster's tables (migration 0013): the nodes and their heartbeats, the leases of
// once-only work, and which node watches which room's agent (rooms.agent_node_id).
// Times that nodes compare (heartbeats, lease expiry) are the database's clock, so nodes
// whose clocks differ still agree on who is live and who holds a lease.
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { groupBy } from './records.ts';

export interface ClusterNodeRecord {
  id: string;
  region: string;
  publicUrl: string;
  version: string;
  startedAt: Date;
  lastSeenAt: Date;
  agents: number;
  sessions: number;
}

export interface NodeHeartbeat {
  id: string;
  region: string;
  publicUrl: string;
  version: string;
  startedAt: Date;
  agents: number;
  sessions: number;
}

/** A room left by a node that is gone (or by none), not yet offline. */
export interface OrphanedRoom {
  id: string;
  name: string;
  siteId: string | null;
  status: string;
  lastSeenAt: Date | null;
  holder: string | null;
}

const ms = (n: number) => sql<string>`${String(Math.max(0, Math.round(n)))} * interval '1 millisecond'`;

export class ClusterRepository {
  constructor(private readonly db: Db) {}

  // ---- nodes

  /** Writes this node's heartbeat (its row created on the first one; a restart clears stopped_at). */
  async heartbeat(h: NodeHeartbeat): Promise<void> {
    await this.db
      .insertInto('cluster_nodes')
      .values({ id: h.id, region: h.region, public_url: h.publicUrl, version: h.version, started_at: h.startedAt, last_seen_at: sql<Date>`now()`, agents: h.agents, sessions: h.sessions, stopped_at: null })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({
          region: h.region,
          public_url: h.publicUrl,
          version: h.version,
          started_at: h.startedAt,
          last_seen_at: sql<Date>`now()`,
          agents: h.agents,
          sessions: h.sessions,
          stopped_at: null,
        }),
      )
      .execute();
  }

  async markStopped(id: string): Promise<void> {
    await this.db.updateTable('cluster_nodes').set({ stopped_at: sql<Date>`now()`, agents: 0, sessions: 0 }).where('id', '=', id).execute();
  }

  /** The nodes not stopped whose last heartbeat is younger than `goneAfterMs`, by region then id. */
  async live(goneAfterMs: number): Promise<ClusterNodeRecord[]> {
    const rows = await this.db
      .selectFrom('cluster_nodes')
      .select(['id', 'region', 'public_url', 'version', 'started_at', 'last_seen_at', 'agents', 'sessions'])
      .where('stopped_at', 'is', null)
      .where('last_seen_at', '>', sql<Date>`now() - ${ms(goneAfterMs)}`)
      .orderBy('region')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ id: r.id, region: r.region, publicUrl: r.public_url, version: r.version, startedAt: r.started_at, lastSeenAt: r.last_seen_at, agents: r.agents, sessions: r.sessions }));
  }

  /** Nodes that stopped or missed their heartbeats, and still have open remote sessions (for the lost-node sweep). */
  async goneWithOpenSessions(goneAfterMs: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('remote_sessions')
      .select('node_id')
      .distinct()
      .where('ended_at', 'is', null)
      .where('node_id', 'not in', this.#liveIds(goneAfterMs))
      .execute();
    return rows.map((r) => r.node_id);
  }

  #liveIds(goneAfterMs: number) {
    return this.db.selectFrom('cluster_nodes').select('id').where('stopped_at', 'is', null).where('last_seen_at', '>', sql<Date>`now() - ${ms(goneAfterMs)}`);
  }

  // ---- leases

  /** Takes the lease, or renews it when this node holds it; true when this node holds it now. One statement: two nodes never both win. */
  async acquireLease(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const row = await this.db
      .insertInto('cluster_leases')
      .values({ name, holder, expires_at: sql<Date>`now() + ${ms(ttlMs)}` })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({ holder, expires_at: sql<Date>`now() + ${ms(ttlMs)}` })
          .where((eb) => eb.or([eb('cluster_leases.expires_at', '<', sql<Date>`now()`), eb('cluster_leases.holder', '=', holder)])),
      )
      .returning('holder')
      .executeTakeFirst();
    return row?.holder === holder;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.db.deleteFrom('cluster_leases').where('name', '=', name).where('holder', '=', holder).execute();
  }

  // ---- which node watches which room's agent

  async holdAll(roomIds: readonly string[], nodeId: string): Promise<void> {
    if (roomIds.length === 0) return;
    await this.db.updateTable('rooms').set({ agent_node_id: nodeId }).where('id', 'in', [...roomIds]).execute();
  }

  /** Clears the holder only if it is still this node (another may have taken the agent since). */
  async release(roomId: string, nodeId: string): Promise<void> {
    await this.db.updateTable('rooms').set({ agent_node_id: null }).where('id', '=', roomId).where('agent_node_id', '=', nodeId).execute();
  }

  async holderOf(roomId: string): Promise<string | null> {
    const row = await this.db.selectFrom('rooms').select('agent_node_id').where('id', '=', roomId).executeTakeFirst();
    return row?.agent_node_id ?? null;
  }

  /** Rooms this node watched before it restarted and that are not offline. */
  async heldBy(nodeId: string): Promise<Array<{ id: string; name: string; siteId: string | null; status: string }>> {
    const rows = await this.db.selectFrom('rooms').select(['id', 'name', 'site_id', 'status']).where('agent_node_id', '=', nodeId).where('status', '!=', 'offline').where('retired_at', 'is', null).execute();
    return rows.map((r) => ({ id: r.id, name: r.name, siteId: r.site_id, status: r.status }));
  }

  /** Rooms not offline whose holder is no live node (or none at all). */
  async orphaned(goneAfterMs: number, limit: number): Promise<OrphanedRoom[]> {
    const rows = await this.db
      .selectFrom('rooms')
      .select(['id', 'name', 'site_id', 'status', 'last_seen_at', 'agent_node_id'])
      .where('status', '!=', 'offline')
      .where('retired_at', 'is', null)
      .where((eb) => eb.or([eb('agent_node_id', 'is', null), eb('agent_node_id', 'not in', this.#liveIds(goneAfterMs))]))
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: r.id, name: r.name, siteId: r.site_id, status: r.status, lastSeenAt: r.last_seen_at, holder: r.agent_node_id }));
  }

  /**
   * Takes rooms from the holders they were seen with, one UPDATE per holder (a gone node's
   * rooms, after a failover, are thousands with one holder); answers the ids this node took.
   * A room another node took meanwhile, or whose agent came back elsewhere, is not among them.
   */
  async adoptAll(rooms: ReadonlyArray<Pick<OrphanedRoom, 'id' | 'holder'>>, nodeId: string): Promise<Set<string>> {
    const taken = new Set<string>();
    for (const [from, seen] of groupBy(rooms, (r) => r.holder)) {
      const rows = await this.db
        .updateTable('rooms')
        .set({ agent_node_id: nodeId })
        .where('id', 'in', seen.map((r) => r.id))
        .where((eb) => (from === null ? eb('agent_node_id', 'is', null) : eb('agent_node_id', '=', from)))
        .returning('id')
        .execute();
      for (const r of rows) taken.add(r.id);
    }
    return taken;
  }
}
