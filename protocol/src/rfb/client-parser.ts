// The viewer side of RFB 3.8 as a resumable, pure state machine: feed it the bytes the
// server sends (split anywhere), it answers with the bytes to send back and the events
// seen (ServerInit, FramebufferUpdates, failures). Used by the tests and the relay
// benchmark as a minimal viewer. Understands None and VNC authentication, Raw,
// CopyRect and DesktopSize.
import {
  RFB_VERSION_LENGTH,
  SECURITY,
  SERVER_INIT_FIXED_LENGTH,
  SERVER_MSG,
  buildClientInit,
  buildProtocolVersion,
  parseProtocolVersion,
  parseRectHeader,
  parseServerInit,
  readU16,
  readU32,
  readU8,
  serverInitLength,
} from './codec.ts';
import type { RectHeader, ServerInit } from './codec.ts';
import { VNC_CHALLENGE_LENGTH, vncAuthResponse } from './vnc-auth.ts';

export type RfbClientEvent =
  | { type: 'serverInit'; init: ServerInit }
  | { type: 'securityFailure'; reason: string }
  | { type: 'framebufferUpdate'; rects: Array<RectHeader & { pixels?: Buffer }>; bytes: number }
  | { type: 'bell' }
  | { type: 'cutText'; text: string }
  | { type: 'error'; reason: string };

export type RfbClientState =
  | { kind: 'version' }
  | { kind: 'securityTypes' }
  | { kind: 'challenge' }
  | { kind: 'securityResult' }
  | { kind: 'failureReason' }
  | { kind: 'serverInit' }
  | { kind: 'messageType' }
  | { kind: 'updateHeader' }
  | { kind: 'rectHeader'; left: number; rects: Array<RectHeader & { pixels?: Buffer }>; bytes: number }
  | { kind: 'rectPixels'; left: number; rects: Array<RectHeader & { pixels?: Buffer }>; bytes: number; header: RectHeader; length: number }
  | { kind: 'cutText' }
  | { kind: 'colourMap' }
  | { kind: 'failed'; reason: string };

/** Bytes received but not yet parsed, kept as chunks so large rectangles are not re-copied. */
class ChunkQueue {
  private chunks: Buffer[] = [];
  length = 0;
  push(b: Buffer): void {
    if (b.length === 0) return;
    this.chunks.push(b);
    this.length += b.length;
  }
  /** The first n bytes (n <= length) as one buffer. */
  peek(n: number): Buffer {
    const first = this.chunks[0];
    if (first && first.length >= n) return first.subarray(0, n);
    const merged = Buffer.concat(this.chunks);
    this.chunks = [merged];
    return merged.subarray(0, n);
  }
  consume(n: number): void {
    this.length -= n;
    while (n > 0) {
      const first = this.chunks[0]!;
      if (first.length <= n) {
        this.chunks.shift();
        n -= first.length;
      } else {
        this.chunks[0] = first.subarray(n);
        n = 0;
      }
    }
  }
}

export interface RfbClientOptions {
  password?: string;
  /** Keep the pixels of Raw rectangles in the events (tests); otherwise only count them. */
  keepPixels?: boolean;
  shared?: boolean;
}

export interface RfbClientParser {
  /** Feeds server bytes; returns what to send back and what happened. */
  push(chunk: Buffer): { toServer: Buffer[]; events: RfbClientEvent[] };
  readonly state: RfbClientState;
  readonly serverInit: ServerInit | undefined;
  /** The viewer sent SetPixelFormat: later Raw rectangles use this many bits per pixel. */
  setBitsPerPixel(bits: 8 | 16 | 32): void;
}

export function createRfbClientParser(options: RfbClientOptions = {}): RfbClientParser {
  let state: RfbClientState = { kind: 'version' };
  let init: ServerInit | undefined;
  let bpp = 4;
  const q = new ChunkQueue();

  /** The one failure path. */
  const fail = (reason: string, events: RfbClientEvent[]): RfbClientState => {
    events.push({ type: 'error', reason });
    return { kind: 'failed', reason };
  };

  /** The one transition: returns the next state, or undefined to wait for more bytes. */
  const transition = (s: RfbClientState, out: Buffer[], events: RfbClientEvent[]): RfbClientState | undefined => {
    const has = (n: number) => q.length >= n;
    switch (s.kind) {
      case 'failed':
        return undefined;
      case 'version': {
        if (!has(RFB_VERSION_LENGTH)) return undefined;
        const v = parseProtocolVersion(q.peek(RFB_VERSION_LENGTH));
        q.consume(RFB_VERSION_LENGTH);
        if (!v || v.major !== 3 || v.minor < 8) return fail('server does not speak RFB 3.8', events);
        out.push(buildProtocolVersion());
        return { kind: 'securityTypes' };
      }
      case 'securityTypes': {
        if (!has(1)) return undefined;
        const n = readU8(q.peek(1), 0);
        if (n === 0) {
          q.consume(1);
          return { kind: 'failureReason' };
        }
        if (!has(1 + n)) return undefined;
        const types = [...q.peek(1 + n).subarray(1)];
        q.consume(1 + n);
        if (options.password !== undefined && types.includes(SECURITY.VNC_AUTH)) {
          out.push(Buffer.from([SECURITY.VNC_AUTH]));
          return { kind: 'challenge' };
        }
        if (types.includes(SECURITY.NONE)) {
          out.push(Buffer.from([SECURITY.NONE]));
          return { kind: 'securityResult' };
        }
        return fail(`no usable security type among ${types.join(',')}`, events);
      }
      case 'challenge':
        if (!has(VNC_CHALLENGE_LENGTH)) return undefined;
        out.push(vncAuthResponse(options.password ?? '', q.peek(VNC_CHALLENGE_LENGTH)));
        q.consume(VNC_CHALLENGE_LENGTH);
        return { kind: 'securityResult' };
      case 'securityResult': {
        if (!has(4)) return undefined;
        const r = readU32(q.peek(4), 0);
        q.consume(4);
        if (r !== 0) return { kind: 'failureReason' };
        out.push(buildClientInit(options.shared ?? true));
        return { kind: 'serverInit' };
      }
      case 'failureReason': {
        if (!has(4)) return undefined;
        const n = readU32(q.peek(4), 0);
        if (!has(4 + n)) return undefined;
        const reason = q.peek(4 + n).subarray(4).toString('utf8');
        q.consume(4 + n);
        events.push({ type: 'securityFailure', reason });
        return { kind: 'failed', reason };
      }
      case 'serverInit': {
        if (!has(SERVER_INIT_FIXED_LENGTH)) return undefined;
        const length = serverInitLength(q.peek(SERVER_INIT_FIXED_LENGTH));
        if (!has(length)) return undefined;
        init = parseServerInit(q.peek(length));
        q.consume(length);
        bpp = init.pixelFormat.bitsPerPixel / 8;
        events.push({ type: 'serverInit', init });
        return { kind: 'messageType' };
      }
      case 'messageType': {
        if (!has(1)) return undefined;
        const t = readU8(q.peek(1), 0);
        if (t === SERVER_MSG.FRAMEBUFFER_UPDATE) return { kind: 'updateHeader' };
        if (t === SERVER_MSG.BELL) {
          q.consume(1);
          events.push({ type: 'bell' });
          return { kind: 'messageType' };
        }
        if (t === SERVER_MSG.SERVER_CUT_TEXT) return { kind: 'cutText' };
        if (t === SERVER_MSG.SET_COLOUR_MAP_ENTRIES) return { kind: 'colourMap' };
        return fail(`unsupported server message type ${t}`, events);
      }
      case 'updateHeader': {
        if (!has(4)) return undefined;
        const n = readU16(q.peek(4), 2);
        q.consume(4);
        return n === 0 ? done([], 4, events) : { kind: 'rectHeader', left: n, rects: [], bytes: 4 };
      }
      case 'rectHeader': {
        if (!has(12)) return undefined;
        const header = parseRectHeader(q.peek(12), 0);
        q.consume(12);
        const bytes = s.bytes + 12;
        if (header.encoding === 0) return { kind: 'rectPixels', left: s.left, rects: s.rects, bytes, header, length: header.width * header.height * bpp };
        if (header.encoding === 1) return { kind: 'rectPixels', left: s.left, rects: s.rects, bytes, header, length: 4 }; // CopyRect: source x, y
        if (header.encoding === -223) return nextRect(s.left, [...s.rects, header], bytes, events); // DesktopSize
        return fail(`unsupported encoding ${header.encoding}`, events);
      }
      case 'rectPixels': {
        if (!has(s.length)) return undefined;
        const pixels = options.keepPixels ? Buffer.from(q.peek(s.length)) : undefined;
        q.consume(s.length);
        return nextRect(s.left, [...s.rects, { ...s.header, ...(pixels ? { pixels } : {}) }], s.bytes + s.length, events);
      }
      case 'cutText': {
        if (!has(8)) return undefined;
        const n = readU32(q.peek(8), 4);
        if (!has(8 + n)) return undefined;
        events.push({ type: 'cutText', text: q.peek(8 + n).subarray(8).toString('latin1') });
        q.consume(8 + n);
        return { kind: 'messageType' };
      }
      case 'colourMap': {
        if (!has(6)) return undefined;
        const n = readU16(q.peek(6), 4);
        if (!has(6 + 6 * n)) return undefined;
        q.consume(6 + 6 * n);
        return { kind: 'messageType' };
      }
    }
  };

  const done = (rects: Array<RectHeader & { pixels?: Buffer }>, bytes: number, events: RfbClientEvent[]): RfbClientState => {
    events.push({ type: 'framebufferUpdate', rects, bytes });
    return { kind: 'messageType' };
  };
  const nextRect = (left: number, rects: Array<RectHeader & { pixels?: Buffer }>, bytes: number, events: RfbClientEvent[]): RfbClientState =>
    left - 1 === 0 ? done(rects, bytes, events) : { kind: 'rectHeader', left: left - 1, rects, bytes };

  return {
    get state() {
      return state;
    },
    get serverInit() {
      return init;
    },
    setBitsPerPixel(bits) {
      bpp = bits / 8;
    },
    push(chunk) {
      q.push(chunk);
      const toServer: Buffer[] = [];
      const events: RfbClientEvent[] = [];
      for (;;) {
        const next = transition(state, toServer, events);
        if (!next) break;
        state = next;
      }
      return { toServer, events };
    },
  };
}
