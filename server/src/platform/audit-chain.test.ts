import { describe, expect, it } from 'vitest';
import { canonicalJson, chainHash, GENESIS_HASH, type ChainedFields } from './audit-chain.ts';

const entry = (over: Partial<ChainedFields> = {}): ChainedFields => ({
  seq: 1,
  at: '2026-01-01T00:00:00.000Z',
  actorId: 'u1',
  actorLabel: 'admin@example.com',
  action: 'settings.general.update',
  targetType: 'settings',
  targetId: 'general',
  details: { before: { a: 1 }, after: { a: 2 } },
  sourceIp: '127.0.0.1',
  ...over,
});

describe('audit chain', () => {
  it('canonical JSON sorts keys at every depth and keeps arrays in order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('the hash does not depend on key order but does on every field and on the previous hash', () => {
    const h = chainHash(GENESIS_HASH, entry());
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(GENESIS_HASH, entry({ details: { after: { a: 2 }, before: { a: 1 } } }))).toBe(h);
    expect(chainHash(GENESIS_HASH, entry({ details: { before: { a: 1 }, after: { a: 3 } } }))).not.toBe(h);
    expect(chainHash(GENESIS_HASH, entry({ actorLabel: 'mallory' }))).not.toBe(h);
    expect(chainHash('f'.repeat(64), entry())).not.toBe(h);
  });
});
