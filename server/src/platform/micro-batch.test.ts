import { describe, expect, it } from 'vitest';
import { MicroBatch } from './micro-batch.ts';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

describe('MicroBatch', () => {
  it('puts the keys asked for in one turn in one statement, and each caller gets its own value', async () => {
    const calls: string[][] = [];
    const batch = new MicroBatch<string, number>(async (keys) => {
      calls.push(keys);
      return new Map(keys.filter((k) => k !== 'missing').map((k) => [k, k.length]));
    });
    const answers = await Promise.all([batch.load('a'), batch.load('bb'), batch.load('missing'), batch.load('a')]);
    expect(answers).toEqual([1, 2, undefined, 1]);
    expect(calls).toEqual([['a', 'bb', 'missing']]);
  });

  it('gathers what arrives while a statement runs into the next one, up to maxKeys each', async () => {
    const calls: number[][] = [];
    const first = gate();
    const batch = new MicroBatch<number, number>(
      async (keys) => {
        calls.push(keys);
        if (calls.length === 1) await first.opened;
        return new Map(keys.map((k) => [k, k * 10]));
      },
      { maxKeys: 3 },
    );
    const one = batch.load(1);
    await new Promise((r) => setImmediate(r));
    const later = [2, 3, 4, 5, 6, 7].map((k) => batch.load(k));
    await new Promise((r) => setImmediate(r));
    expect(calls).toEqual([[1]]);
    first.open();
    expect(await Promise.all([one, ...later])).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(calls).toEqual([[1], [2, 3, 4], [5, 6, 7]]);
    expect(batch.stats).toEqual({ statements: 3, keys: 7 });
  });

  it("rejects every caller of a failed statement, and the next batch runs", async () => {
    let fail = true;
    const batch = new MicroBatch<string, string>(async (keys) => {
      if (fail) throw new Error('connection lost');
      return new Map(keys.map((k) => [k, k.toUpperCase()]));
    });
    const failed = await Promise.allSettled([batch.load('x'), batch.load('y')]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await batch.load('z')).toBe('Z');
  });
});
