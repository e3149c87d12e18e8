import { describe, expect, it } from 'vitest';
import { findUnstorableText, isUnstorableText } from './storable-text.ts';

describe('storable text', () => {
  it('refuses NUL and unpaired surrogates, keeps paired ones and everything else', () => {
    for (const bad of ['\u0000', 'a\u0000b', '\ud800', 'x\udc00', '\udc00\ud800', 'end\ud83d']) expect(isUnstorableText(bad), JSON.stringify(bad)).toBe(true);
    for (const good of ['', 'plain', 'Zürich 会議室', '😀', '\ud83d\ude00', 'tab\tnewline\n', '\u0001']) expect(isUnstorableText(good), JSON.stringify(good)).toBe(false);
  });

  it('names where the first bad string or key is', () => {
    expect(findUnstorableText({ a: 'ok', b: [1, 'fine', { c: 'x\u0000' }] })).toBe('b.2.c');
    expect(findUnstorableText({ ['k\ud800']: 1 })).toBe('k\ud800');
    expect(findUnstorableText('\u0000')).toBe('');
    expect(findUnstorableText({ a: 'ok', n: 3, t: true, z: null })).toBeUndefined();
    let deep: unknown = 'bottom\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnstorableText(deep)).toMatch(/^0(\.0)*$/);
  });
});

describe('the agent protocol refuses unstorable text with a typed error', () => {
  it('UNSTORABLE_TEXT names the field', async () => {
    const { parseAgentMessage, WireError } = await import('./agent-messages.ts');
    const frame = JSON.stringify({ type: 'health.report', full: false, measuredAt: new Date().toISOString(), signals: [{ name: 'camera', state: 'ok', value: 'cam\u0000' }] });
    const err = (() => {
      try {
        parseAgentMessage(frame);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(WireError);
    expect(err).toMatchObject({ code: 'UNSTORABLE_TEXT', message: expect.stringContaining('signals.0.value') });
  });
});
