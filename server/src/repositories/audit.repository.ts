// The audit log's storage. Append takes the chain head under a row lock so that two
// nodes never write the same sequence number; rows are never updated or deleted.
import { sql, type Selectable, type SelectQueryBuilder } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import type { AuditLogTable, Database } from '../db/schema.ts';
import { decodeCursor, toPage, type Page } from './cursor.ts';

/** What an entry's hash covers (platform/audit-chain.ts hashes it). */
export interface ChainedFields {
  seq: number;
  at: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
  sourceIp: string | null;
}

/** An entry of the chain: its fields, the previous entry's hash and its own. */
export interface AuditRecord extends ChainedFields {
  prevHash: string;
  hash: string;
}

export interface AuditFilter {
  action?: string | undefined;
  actorId?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

function toRecord(r: Selectable<AuditLogTable>): AuditRecord {
  return {
    seq: Number(r.seq),
    at: r.at.toISOString(),
    actorId: r.actor_id,
    actorLabel: r.actor_label,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    details: r.details,
    sourceIp: r.source_ip,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

type AuditQuery = SelectQueryBuilder<Database, 'audit_log', Selectable<AuditLogTable>>;

/** The one place the filter of `GET /audit` and of the export becomes SQL. */
function filtered(query: AuditQuery, filter: AuditFilter): AuditQuery {
  let q = query;
  if (filter.action) {
    q = filter.action.endsWith('*') ? q.where('action', 'like', `${filter.action.slice(0, -1).replace(/[\\%_]/g, (m) => `\\${m}`)}%`) : q.where('action', '=', filter.action);
  }
  if (filter.actorId) q = q.where('actor_id', '=', filter.actorId);
  if (filter.targetType) q = q.where('target_type', '=', filter.targetType);
  if (filter.targetId) q = q.where('target_id', '=', filter.targetId);
  if (filter.from) q = q.where('at', '>=', filter.from);
  if (filter.to) q = q.where('at', '<', filter.to);
  return q;
}

export class AuditRepository {
  constructor(private readonly db: Db) {}

  /** Locks and returns the chain head; call inside a transaction. */
  async lockHead(ex: Executor): Promise<{ seq: number; hash: string }> {
    const head = await ex.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).forUpdate().executeTakeFirstOrThrow();
    return { seq: Number(head.seq), hash: head.hash };
  }

  /** Appends consecutive entries (the first chained to the locked head) in one insert, and moves the head. */
  async append(records: readonly AuditRecord[], ex: Executor): Promise<void> {
    const last = records[records.length - 1];
    if (!last) return;
    // One statement (a data-modifying CTE): the head row stays locked until the commit, so
    // every round trip here is one every other audited change in the cluster waits for.
    await ex
      .with('appended', (db) =>
        db.insertInto('audit_log').values(
        records.map((rec) => ({
          seq: rec.seq,
          at: rec.at,
          actor_id: rec.actorId,
          actor_label: rec.actorLabel,
          action: rec.action,
          target_type: rec.targetType,
          target_id: rec.targetId,
          details: JSON.stringify(rec.details),
          source_ip: rec.sourceIp,
          prev_hash: rec.prevHash,
          hash: rec.hash,
        })),
        ),
      )
      .updateTable('audit_head')
      .set({ seq: last.seq, hash: last.hash })
      .where('id', '=', 1)
      .execute();
  }

  async list(filter: AuditFilter, limit: number, cursorRaw?: string, ex: Executor = this.db): Promise<Page<AuditRecord>> {
    const cursor = decodeCursor(cursorRaw, { k: 'int', id: 'int' });
    let q = filtered(ex.selectFrom('audit_log').selectAll(), filter);
    if (cursor) q = q.where('seq', '<', sql<string>`${Number(cursor.k)}`);
    const rows = await q.orderBy('seq', 'desc').limit(limit + 1).execute();
    return toPage(rows.map(toRecord), limit, (r) => ({ k: r.seq, id: String(r.seq) }));
  }

  /** Entries matching `filter` in ascending (chain) order after `afterSeq`, a batch at a time. */
  async batchAfter(afterSeq: number, size: number, filter: AuditFilter = {}, ex: Executor = this.db): Promise<AuditRecord[]> {
    const rows = await filtered(ex.selectFrom('audit_log').selectAll(), filter)
      .where('seq', '>', sql<string>`${afterSeq}`)
      .orderBy('seq', 'asc')
      .limit(size)
      .execute();
    return rows.map(toRecord);
  }
}
