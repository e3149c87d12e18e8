// The audit trail: append-only, hash-chained, filterable, verifiable, exportable.
import type { Executor } from '../db/database.ts';
import { AUDIT_SETTINGS_TARGETS } from '@roomwarden/protocol';
import type { AuditFilter, AuditRecord, AuditRepository } from '../repositories/audit.repository.ts';
import type { AuditTargetsRepository, TargetName } from '../repositories/audit-targets.repository.ts';

export type { AuditFilter, AuditRecord } from '../repositories/audit.repository.ts';
import type { Page } from '../repositories/cursor.ts';
import type { Transactor } from '../repositories/transactor.ts';
import { chainHash } from './audit-chain.ts';
import { actorOf, type CallerIdentity } from '../access/caller.ts';

export interface AuditEvent {
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  details?: Record<string, unknown>;
}

/**
 * An entry as `GET /audit` lists it: the stored (hashed) fields, plus what its target is
 * called now and the room it belongs to, resolved when read (null when it is gone).
 */
export interface AuditEntryView extends AuditRecord {
  targetLabel: string | null;
  targetRoomId: string | null;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBadSeq: number | null;
}

export class AuditService {
  constructor(
    private readonly repo: AuditRepository,
    private readonly tx: Transactor,
    private readonly targets: AuditTargetsRepository,
  ) {}

  /** Appends an entry; pass the executor of an open transaction to commit it with a change. */
  async record(caller: CallerIdentity, event: AuditEvent, ex?: Executor): Promise<AuditRecord> {
    const [record] = await this.recordAll(caller, [event], ex);
    return record as AuditRecord;
  }

  /**
   * Appends several entries of one caller, in order, under one lock of the chain head and
   * in one insert. Call it last in a transaction: the head stays locked until the commit,
   * and every other audited change in the cluster waits for it.
   */
  async recordAll(caller: CallerIdentity, events: readonly AuditEvent[], ex?: Executor): Promise<AuditRecord[]> {
    if (!ex) return this.tx.run((t) => this.recordAll(caller, events, t));
    if (events.length === 0) return [];
    let head = await this.repo.lockHead(ex);
    const at = new Date().toISOString();
    const records: AuditRecord[] = [];
    for (const event of events) {
      const fields = {
        seq: head.seq + 1,
        at,
        ...actorOf(caller),
        action: event.action,
        targetType: event.targetType ?? null,
        targetId: event.targetId ?? null,
        details: event.details ?? {},
        sourceIp: caller.sourceIp,
      };
      const record: AuditRecord = { ...fields, prevHash: head.hash, hash: chainHash(head.hash, fields) };
      records.push(record);
      head = { seq: record.seq, hash: record.hash };
    }
    await this.repo.append(records, ex);
    return records;
  }

  async list(filter: AuditFilter, limit: number, cursor?: string): Promise<Page<AuditEntryView>> {
    const page = await this.repo.list(filter, limit, cursor);
    const names = await this.targetNames(page.items);
    return {
      ...page,
      items: page.items.map((e) => {
        const name = e.targetType && e.targetId ? names.get(`${e.targetType}:${e.targetId}`) : undefined;
        return { ...e, targetLabel: name?.label ?? null, targetRoomId: name?.roomId ?? null };
      }),
    };
  }

  /** The current names of a page's targets: one query per target type on the page. */
  private async targetNames(entries: readonly AuditRecord[]): Promise<Map<string, TargetName>> {
    const idsByType = new Map<string, string[]>();
    for (const e of entries) {
      if (e.targetType && e.targetId) idsByType.set(e.targetType, [...(idsByType.get(e.targetType) ?? []), e.targetId]);
    }
    const out = new Map<string, TargetName>();
    for (const [type, ids] of idsByType) {
      if (type === 'settings') {
        for (const id of ids) {
          const label = AUDIT_SETTINGS_TARGETS[id];
          if (label) out.set(`settings:${id}`, { label, roomId: null });
        }
        continue;
      }
      for (const [id, name] of await this.targets.names(type, ids)) out.set(`${type}:${id}`, name);
    }
    return out;
  }

  async verify(): Promise<VerifyResult> {
    let checked = 0;
    let prev = '0'.repeat(64);
    let expectedSeq = 1;
    for await (const entry of this.entries()) {
      checked++;
      if (entry.seq !== expectedSeq || entry.prevHash !== prev || chainHash(prev, entry) !== entry.hash) {
        return { ok: false, checked, firstBadSeq: entry.seq };
      }
      prev = entry.hash;
      expectedSeq++;
    }
    return { ok: true, checked, firstBadSeq: null };
  }

  /** Every entry matching `filter` in chain order, read a batch at a time (for verify and export). */
  async *entries(filter: AuditFilter = {}, batchSize = 1000): AsyncGenerator<AuditRecord> {
    let after = 0;
    for (;;) {
      const batch = await this.repo.batchAfter(after, batchSize, filter);
      for (const e of batch) yield e;
      if (batch.length < batchSize) return;
      after = batch[batch.length - 1]!.seq;
    }
  }
}
