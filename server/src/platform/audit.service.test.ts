// The names of a page's targets are read in batch: one lookup per target type on the page,
// whatever the number of entries; the stored entry is handed back unchanged beside them.
import { describe, expect, it } from 'vitest';
import type { AuditRecord, AuditRepository } from '../repositories/audit.repository.ts';
import type { AuditTargetsRepository, TargetName } from '../repositories/audit-targets.repository.ts';
import type { Transactor } from '../repositories/transactor.ts';
import { AuditService } from './audit.service.ts';

const entry = (seq: number, targetType: string | null, targetId: string | null): AuditRecord => ({
  seq,
  at: new Date(0).toISOString(),
  actorId: null,
  actorLabel: 'system',
  action: 'x.y',
  targetType,
  targetId,
  details: {},
  sourceIp: null,
  prevHash: '0',
  hash: `h${seq}`,
});

describe('AuditService.list', () => {
  it('looks the targets up once per type on the page, and marks the ones that are gone', async () => {
    const items = [
      ...Array.from({ length: 20 }, (_, i) => entry(i + 1, 'room', `room-${i % 4}`)),
      ...Array.from({ length: 10 }, (_, i) => entry(i + 21, 'user', `user-${i}`)),
      entry(31, 'settings', 'general'),
      entry(32, null, null),
    ];
    const repo = { list: async () => ({ items, nextCursor: null }) } as unknown as AuditRepository;
    const calls: Array<{ type: string; ids: readonly string[] }> = [];
    const targets = {
      names: async (type: string, ids: readonly string[]) => {
        calls.push({ type, ids });
        return new Map<string, TargetName>(ids.filter((id) => id !== 'room-3').map((id) => [id, { label: `name of ${id}`, roomId: type === 'room' ? id : null }]));
      },
    } as unknown as AuditTargetsRepository;
    const page = await new AuditService(repo, {} as Transactor, targets).list({}, 50);
    expect(calls.map((c) => c.type).sort()).toEqual(['room', 'user']);
    const byseq = new Map(page.items.map((e) => [e.seq, e]));
    expect(byseq.get(1)).toMatchObject({ targetLabel: 'name of room-0', targetRoomId: 'room-0', hash: 'h1' });
    expect(byseq.get(4)).toMatchObject({ targetLabel: null, targetRoomId: null });
    expect(byseq.get(31)).toMatchObject({ targetLabel: 'General' });
    expect(byseq.get(32)).toMatchObject({ targetLabel: null });
  });
});
