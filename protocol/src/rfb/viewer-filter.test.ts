import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PIXEL_FORMAT,
  buildClientCutText,
  buildFramebufferUpdateRequest,
  buildKeyEvent,
  buildPointerEvent,
  buildSetEncodings,
  buildSetPixelFormat,
  parseClientMessage,
} from './codec.ts';
import { createViewerFilter } from './viewer-filter.ts';

// What noVNC 1.7 sends for a 24-bit screen (core/rfb.js _sendEncodings), in order.
const NOVNC_ENCODINGS = [
  1, 50, 7, -260, 16, 21, 5, 2, 6, 0, -32 + 6, -256 + 2, -223, -224, -258, -261, -308, -309, -312, -313, -307, 0xc0a1e5ce | 0, -316,
  0x574d5664, -239,
];
const STRIPPED = [-258, -308, -309, -312, -313, 0xc0a1e5ce | 0, -316];
const KEPT = NOVNC_ENCODINGS.filter((e) => !STRIPPED.includes(e));

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const handshake = Buffer.concat([Buffer.from('RFB 003.008\n'), Buffer.from([1]), Buffer.from([1])]);
const fbur = (incremental: boolean) => buildFramebufferUpdateRequest({ incremental, x: 0, y: 0, width: 1280, height: 720 });
const fence = hex('f8 000000 80000003 04 01020304'); // ClientFence, 4-byte payload
const continuous = hex('96 01 0000 0000 0500 02d0'); // EnableContinuousUpdates
const qemuKey = hex('ff 00 0001 00000061 0000001e'); // QEMU extended key event
const xvp = hex('fa 00 01 02');
const setDesktopSize = hex('fb 00 0500 02d0 01 00  00000000 0000 0000 0500 02d0 00000000');
const extendedPointer = buildPointerEvent(0x01, 100, 200);

/** A recorded noVNC-like session: handshake, setup, input of every kind, more requests. */
const recorded = Buffer.concat([
  handshake,
  buildSetPixelFormat(DEFAULT_PIXEL_FORMAT),
  buildSetEncodings(NOVNC_ENCODINGS),
  fbur(false),
  buildPointerEvent(0, 10, 10),
  extendedPointer,
  buildKeyEvent(true, 0xffe3),
  buildKeyEvent(false, 0xffe3),
  buildClientCutText('secret clipboard'),
  fence,
  qemuKey,
  continuous,
  xvp,
  setDesktopSize,
  fbur(true),
  buildClientCutText(''),
  fbur(true),
]);
const expected = Buffer.concat([
  handshake,
  buildSetPixelFormat(DEFAULT_PIXEL_FORMAT),
  buildSetEncodings(KEPT),
  fbur(false),
  fence,
  continuous,
  fbur(true),
  fbur(true),
]);

function runInPieces(stream: Buffer, cuts: number[]) {
  const f = createViewerFilter();
  const out: Buffer[] = [];
  let from = 0;
  for (const cut of [...cuts, stream.length]) {
    const r = f.push(stream.subarray(from, cut));
    if (!r.ok) throw new Error(r.reason);
    out.push(r.out);
    from = cut;
  }
  return { out: Buffer.concat(out), filter: f };
}

describe('view-only viewer filter', () => {
  it('passes the handshake and safe messages, strips pseudo-encodings, drops input', () => {
    const { out, filter } = runInPieces(recorded, []);
    expect(out).toEqual(expected);
    expect(filter.stats).toEqual({ passedMessages: 7, droppedMessages: 9, strippedEncodings: STRIPPED.length });
    expect(filter.state.kind).toBe('messageType');
  });

  it('gives the same output whatever the chunking: every single split, byte by byte, random splits', () => {
    for (let i = 0; i <= recorded.length; i++) expect(runInPieces(recorded, [i]).out).toEqual(expected);
    expect(runInPieces(recorded, Array.from({ length: recorded.length }, (_, i) => i)).out).toEqual(expected);
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 200; round++) {
      const cuts = Array.from({ length: 1 + Math.floor(rand() * 12) }, () => Math.floor(rand() * recorded.length)).sort((a, b) => a - b);
      expect(runInPieces(recorded, cuts).out).toEqual(expected);
    }
  });

  it('leaves a stream that a plain RFC 6143 parser frames without input messages', () => {
    let rest = runInPieces(recorded, []).out.subarray(handshake.length);
    const types: string[] = [];
    while (rest.length > 0) {
      const r = parseClientMessage(rest);
      if (r.kind === 'message') {
        types.push(r.message.type);
        rest = rest.subarray(r.length);
      } else {
        // ClientFence and EnableContinuousUpdates are not in the simulator's parser: skip them by their known sizes.
        const size = rest[0] === 0xf8 ? fence.length : continuous.length;
        types.push(rest[0] === 0xf8 ? 'fence' : 'continuous');
        rest = rest.subarray(size);
      }
    }
    expect(types).toEqual(['setPixelFormat', 'setEncodings', 'framebufferUpdateRequest', 'fence', 'continuous', 'framebufferUpdateRequest', 'framebufferUpdateRequest']);
  });

  it('skips the security-type byte only for RFB 3.7/3.8 viewers', () => {
    const f = createViewerFilter();
    const r = f.push(Buffer.concat([Buffer.from('RFB 003.003\n'), Buffer.from([1]), buildKeyEvent(true, 0x61), fbur(true)]));
    expect(r).toEqual({ ok: true, out: Buffer.concat([Buffer.from('RFB 003.003\n'), Buffer.from([1]), fbur(true)]) });
  });

  it('starts at messages when the handshake was consumed elsewhere (the agent)', () => {
    const f = createViewerFilter({ startAt: 'messages' });
    expect(f.push(Buffer.concat([buildPointerEvent(1, 1, 1), fbur(true)]))).toEqual({ ok: true, out: fbur(true) });
  });

  it('fails, and stays failed, on what it cannot frame', () => {
    const cases: Array<[Buffer, RegExp]> = [
      [Buffer.from([7]), /unknown client message type 7/],
      [hex('06000000 fffffec0'), /ClientCutText/], // extended-clipboard negative length
      [hex('ff 01 0000'), /QEMU client message subtype 1/],
      [hex('f8 000000 00000000 ff'), /ClientFence payload/],
      [hex('02 00 ffff'), /SetEncodings with 65535/],
    ];
    for (const [bytes, reason] of cases) {
      const f = createViewerFilter({ startAt: 'messages' });
      const r = f.push(Buffer.concat([fbur(true), bytes]));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(reason);
      expect(f.push(fbur(true)).ok).toBe(false);
    }
    expect(createViewerFilter().push(Buffer.from('GET / HTTP/1.1\r\n')).ok).toBe(false);
    expect(createViewerFilter().push(Buffer.concat([Buffer.from('RFB 003.008\n'), Buffer.from([2])])).ok).toBe(false);
  });

  it('passes an empty SetEncodings and handles zero-length chunks', () => {
    const f = createViewerFilter({ startAt: 'messages' });
    expect(f.push(Buffer.alloc(0))).toEqual({ ok: true, out: Buffer.alloc(0) });
    expect(f.push(buildSetEncodings([]))).toEqual({ ok: true, out: buildSetEncodings([]) });
  });
});
