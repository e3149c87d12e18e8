// The audit hash chain: hash = sha256(prevHash + canonical entry). The canonical form is
// JSON with object keys sorted at every depth, so that storage that reorders keys (jsonb)
// cannot change a hash.
import { createHash } from 'node:crypto';
import type { ChainedFields } from '../repositories/audit.repository.ts';

export type { ChainedFields };

export const GENESIS_HASH = '0'.repeat(64);

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function chainHash(prevHash: string, entry: ChainedFields): string {
  const canonical = canonicalJson({
    seq: entry.seq,
    at: entry.at,
    actorId: entry.actorId,
    actorLabel: entry.actorLabel,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    details: entry.details,
    sourceIp: entry.sourceIp,
  });
  return createHash('sha256').update(prevHash + canonical).digest('hex');
}
