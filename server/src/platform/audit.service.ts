// The audit trail: append-only, hash-chained, filterable, verifiable, exportable.
import type { Executor } from '../db/database.ts';
import type { AuditFilter, AuditRecord, AuditRepository } from '../repositories/audit.repository.ts';

export type { AuditRecord } from '../repositories/audit.repository.ts';
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

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBadSeq: number | null;
}

export class AuditService {
  constructor(
    private readonly repo: AuditRepository,
    private readonly tx: Transactor,
  ) {}

  /** Appends an entry; pass the executor of an open transaction to commit it with a change. */
  async record(caller: CallerIdentity, event: AuditEvent, ex?: Executor): Promise<AuditRecord> {
    if (!ex) return this.tx.run((t) => this.record(caller, event, t));
    const head = await this.repo.lockHead(ex);
    const fields = {
      seq: head.seq + 1,
      at: new Date().toISOString(),
      ...actorOf(caller),
      action: event.action,
      targetType: event.targetType ?? null,
      targetId: event.targetId ?? null,
      details: event.details ?? {},
      sourceIp: caller.sourceIp,
    };
    const record: AuditRecord = { ...fields, prevHash: head.hash, hash: chainHash(head.hash, fields) };
    await this.repo.append(record, ex);
    return record;
  }

  list(filter: AuditFilter, limit: number, cursor?: string): Promise<Page<AuditRecord>> {
    return this.repo.list(filter, limit, cursor);
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

  /** Every entry in order, read a batch at a time (for verify and export). */
  async *entries(batchSize = 1000): AsyncGenerator<AuditRecord> {
    let after = 0;
    for (;;) {
      const batch = await this.repo.batchAfter(after, batchSize);
      for (const e of batch) yield e;
      if (batch.length < batchSize) return;
      after = batch[batch.length - 1]!.seq;
    }
  }
}
