import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PIXEL_FORMAT,
  buildClientCutText,
  buildFramebufferUpdateRaw,
  buildFramebufferUpdateRequest,
  buildKeyEvent,
  buildPointerEvent,
  buildProtocolVersion,
  buildSecurityResult,
  buildSecurityTypes,
  buildServerInit,
  buildSetEncodings,
  buildSetPixelFormat,
  negotiatedMinor,
  parseClientMessage,
  parseProtocolVersion,
  parseRectHeader,
  parseServerInit,
  readS32,
  readU16,
  readU32,
  serverInitLength,
  writeS32,
  writeU32,
} from './codec.ts';

describe('RFB codec', () => {
  it('reads and writes big-endian integers', () => {
    const b = Buffer.alloc(8);
    writeU32(b, 0, 0xdeadbeef);
    writeS32(b, 4, -316);
    expect(b.toString('hex')).toBe('deadbeeffffffec4');
    expect(readU32(b, 0)).toBe(0xdeadbeef);
    expect(readS32(b, 4)).toBe(-316);
    expect(readU16(b, 0)).toBe(0xdead);
    expect(() => readU32(b, 6)).toThrow(RangeError);
  });

  it('parses ProtocolVersion and picks the version spoken', () => {
    expect(buildProtocolVersion().toString('latin1')).toBe('RFB 003.008\n');
    expect(parseProtocolVersion(Buffer.from('RFB 003.007\n'))).toEqual({ major: 3, minor: 7 });
    expect(parseProtocolVersion(Buffer.from('RFB 3.8\n    '))).toBeUndefined();
    expect(negotiatedMinor({ major: 3, minor: 889 })).toBe(8); // Apple Remote Desktop
    expect(negotiatedMinor({ major: 3, minor: 3 })).toBe(3);
    expect(negotiatedMinor({ major: 2, minor: 0 })).toBeUndefined();
  });

  it('builds security negotiation messages with the 3.8 failure reason', () => {
    expect(buildSecurityTypes([1, 2]).toString('hex')).toBe('020102');
    expect(buildSecurityResult(true).toString('hex')).toBe('00000000');
    const failed = buildSecurityResult(false, 'nope');
    expect(failed.toString('hex')).toBe('00000001' + '00000004' + Buffer.from('nope').toString('hex'));
  });

  it('round-trips ServerInit', () => {
    const init = { width: 1280, height: 720, pixelFormat: DEFAULT_PIXEL_FORMAT, name: 'Room Ω' };
    const b = buildServerInit(init);
    expect(serverInitLength(b)).toBe(b.length);
    expect(parseServerInit(b)).toEqual(init);
  });

  it('parses client messages, resuming when bytes are missing', () => {
    const stream = Buffer.concat([
      buildSetPixelFormat(DEFAULT_PIXEL_FORMAT),
      buildSetEncodings([0, -223, 0xc0a1e5ce | 0]),
      buildFramebufferUpdateRequest({ incremental: true, x: 1, y: 2, width: 3, height: 4 }),
      buildKeyEvent(true, 0x61),
      buildPointerEvent(1, 10, 20),
      buildClientCutText('hi'),
    ]);
    const messages = [];
    let rest = stream;
    while (rest.length > 0) {
      const r = parseClientMessage(rest);
      if (r.kind !== 'message') throw new Error(`unexpected ${r.kind}`);
      for (let n = 0; n < r.length; n++) expect(parseClientMessage(rest.subarray(0, n)).kind).toBe('need');
      messages.push(r.message);
      rest = rest.subarray(r.length);
    }
    expect(messages).toEqual([
      { type: 'setPixelFormat', pixelFormat: DEFAULT_PIXEL_FORMAT },
      { type: 'setEncodings', encodings: [0, -223, 0xc0a1e5ce | 0] },
      { type: 'framebufferUpdateRequest', incremental: true, x: 1, y: 2, width: 3, height: 4 },
      { type: 'keyEvent', down: true, keysym: 0x61 },
      { type: 'pointerEvent', buttonMask: 1, x: 10, y: 20 },
      { type: 'clientCutText', text: 'hi' },
    ]);
    expect(parseClientMessage(Buffer.from([99])).kind).toBe('error');
    const huge = Buffer.from('0600000000ffffff', 'hex');
    expect(parseClientMessage(huge).kind).toBe('error');
  });

  it('builds a Raw FramebufferUpdate', () => {
    const pixels = Buffer.alloc(2 * 1 * 4, 0xab);
    const b = buildFramebufferUpdateRaw([{ x: 5, y: 6, width: 2, height: 1, pixels }]);
    expect(b.length).toBe(4 + 12 + 8);
    expect(readU16(b, 2)).toBe(1);
    expect(parseRectHeader(b, 4)).toEqual({ x: 5, y: 6, width: 2, height: 1, encoding: 0 });
    expect(b.subarray(16)).toEqual(pixels);
  });
});
