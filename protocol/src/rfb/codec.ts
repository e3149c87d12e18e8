// RFB (RFC 6143) wire codec: explicit big-endian helpers and the builders/parsers of the
// messages Roomwarden speaks. Pure: no I/O. Every multi-byte field is big-endian.

export const RFB_VERSION_38 = 'RFB 003.008\n';
export const RFB_VERSION_LENGTH = 12;

export const SECURITY = { INVALID: 0, NONE: 1, VNC_AUTH: 2, TIGHT: 16 } as const;
export const SECURITY_RESULT = { OK: 0, FAILED: 1 } as const;

export const CLIENT_MSG = {
  SET_PIXEL_FORMAT: 0,
  SET_ENCODINGS: 2,
  FRAMEBUFFER_UPDATE_REQUEST: 3,
  KEY_EVENT: 4,
  POINTER_EVENT: 5,
  CLIENT_CUT_TEXT: 6,
  ENABLE_CONTINUOUS_UPDATES: 150,
  CLIENT_FENCE: 248,
  XVP: 250,
  SET_DESKTOP_SIZE: 251,
  QEMU: 255,
} as const;

export const SERVER_MSG = { FRAMEBUFFER_UPDATE: 0, SET_COLOUR_MAP_ENTRIES: 1, BELL: 2, SERVER_CUT_TEXT: 3 } as const;

export const ENCODING = { RAW: 0, COPY_RECT: 1 } as const;

// ---- big-endian helpers
export function readU8(b: Uint8Array, at: number): number {
  const v = b[at];
  if (v === undefined) throw new RangeError(`read past end at ${at}`);
  return v;
}
export function readU16(b: Uint8Array, at: number): number {
  return (readU8(b, at) << 8) | readU8(b, at + 1);
}
export function readU32(b: Uint8Array, at: number): number {
  return ((readU8(b, at) << 24) >>> 0) + ((readU8(b, at + 1) << 16) | (readU8(b, at + 2) << 8) | readU8(b, at + 3));
}
export function readS32(b: Uint8Array, at: number): number {
  return readU32(b, at) | 0;
}
export function writeU8(b: Uint8Array, at: number, v: number): number {
  b[at] = v & 0xff;
  return at + 1;
}
export function writeU16(b: Uint8Array, at: number, v: number): number {
  b[at] = (v >>> 8) & 0xff;
  b[at + 1] = v & 0xff;
  return at + 2;
}
export function writeU32(b: Uint8Array, at: number, v: number): number {
  b[at] = (v >>> 24) & 0xff;
  b[at + 1] = (v >>> 16) & 0xff;
  b[at + 2] = (v >>> 8) & 0xff;
  b[at + 3] = v & 0xff;
  return at + 4;
}
/** Signed 32-bit write (two's complement), e.g. pseudo-encodings such as -223. */
export function writeS32(b: Uint8Array, at: number, v: number): number {
  return writeU32(b, at, v >>> 0);
}

// ---- ProtocolVersion
export interface RfbVersion {
  major: number;
  minor: number;
}
/** Parses the 12-byte "RFB xxx.yyy\n"; undefined when malformed. */
export function parseProtocolVersion(b: Uint8Array): RfbVersion | undefined {
  if (b.length < RFB_VERSION_LENGTH) return undefined;
  const text = Buffer.from(b.subarray(0, RFB_VERSION_LENGTH)).toString('latin1');
  const m = /^RFB (\d{3})\.(\d{3})\n$/.exec(text);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]) };
}
export function buildProtocolVersion(v: RfbVersion = { major: 3, minor: 8 }): Buffer {
  const pad = (n: number) => String(n).padStart(3, '0');
  return Buffer.from(`RFB ${pad(v.major)}.${pad(v.minor)}\n`, 'latin1');
}
/** The RFB minor version Roomwarden speaks for a peer's announced version (3.3, 3.7, 3.8), or undefined. */
export function negotiatedMinor(v: RfbVersion): 3 | 7 | 8 | undefined {
  if (v.major !== 3) return v.major > 3 ? 8 : undefined;
  if (v.minor >= 8) return 8;
  if (v.minor === 7) return 7;
  // 3.4 and 3.6 are used by some Apple/UltraVNC builds and behave like 3.3.
  return v.minor >= 3 ? 3 : undefined;
}

// ---- security
export function buildSecurityTypes(types: readonly number[]): Buffer {
  const b = Buffer.alloc(1 + types.length);
  writeU8(b, 0, types.length);
  types.forEach((t, i) => writeU8(b, 1 + i, t));
  return b;
}
/** RFB 3.3: the server decides, as a u32. */
export function buildSecurityType33(type: number): Buffer {
  const b = Buffer.alloc(4);
  writeU32(b, 0, type);
  return b;
}
/** A reason string: u32 length + text (failure after zero security types, or after SecurityResult 1). */
export function buildReason(reason: string): Buffer {
  const text = Buffer.from(reason, 'utf8');
  const b = Buffer.alloc(4 + text.length);
  writeU32(b, 0, text.length);
  text.copy(b, 4);
  return b;
}
/** SecurityResult (u32) followed, on failure, by a reason string (RFB 3.8). */
export function buildSecurityResult(ok: boolean, reason?: string): Buffer {
  const head = Buffer.alloc(4);
  writeU32(head, 0, ok ? SECURITY_RESULT.OK : SECURITY_RESULT.FAILED);
  return ok || reason === undefined ? head : Buffer.concat([head, buildReason(reason)]);
}

// ---- ClientInit / ServerInit
export interface PixelFormat {
  bitsPerPixel: number;
  depth: number;
  bigEndian: boolean;
  trueColour: boolean;
  redMax: number;
  greenMax: number;
  blueMax: number;
  redShift: number;
  greenShift: number;
  blueShift: number;
}
export const PIXEL_FORMAT_LENGTH = 16;
/** 32 bpp, depth 24, little-endian, 0x00RRGGBB: what noVNC asks for and the simulator serves. */
export const DEFAULT_PIXEL_FORMAT: PixelFormat = {
  bitsPerPixel: 32,
  depth: 24,
  bigEndian: false,
  trueColour: true,
  redMax: 255,
  greenMax: 255,
  blueMax: 255,
  redShift: 16,
  greenShift: 8,
  blueShift: 0,
};

export function parsePixelFormat(b: Uint8Array, at = 0): PixelFormat {
  return {
    bitsPerPixel: readU8(b, at),
    depth: readU8(b, at + 1),
    bigEndian: readU8(b, at + 2) !== 0,
    trueColour: readU8(b, at + 3) !== 0,
    redMax: readU16(b, at + 4),
    greenMax: readU16(b, at + 6),
    blueMax: readU16(b, at + 8),
    redShift: readU8(b, at + 10),
    greenShift: readU8(b, at + 11),
    blueShift: readU8(b, at + 12),
  };
}
export function writePixelFormat(b: Uint8Array, at: number, pf: PixelFormat): number {
  writeU8(b, at, pf.bitsPerPixel);
  writeU8(b, at + 1, pf.depth);
  writeU8(b, at + 2, pf.bigEndian ? 1 : 0);
  writeU8(b, at + 3, pf.trueColour ? 1 : 0);
  writeU16(b, at + 4, pf.redMax);
  writeU16(b, at + 6, pf.greenMax);
  writeU16(b, at + 8, pf.blueMax);
  writeU8(b, at + 10, pf.redShift);
  writeU8(b, at + 11, pf.greenShift);
  writeU8(b, at + 12, pf.blueShift);
  return at + PIXEL_FORMAT_LENGTH; // three bytes of padding
}

export function buildClientInit(shared: boolean): Buffer {
  return Buffer.from([shared ? 1 : 0]);
}

export interface ServerInit {
  width: number;
  height: number;
  pixelFormat: PixelFormat;
  name: string;
}
export const SERVER_INIT_FIXED_LENGTH = 24;
/** Total ServerInit length once its first 24 bytes are known (fixed part + name). */
export function serverInitLength(b: Uint8Array): number {
  return SERVER_INIT_FIXED_LENGTH + readU32(b, 20);
}
export function parseServerInit(b: Uint8Array): ServerInit {
  const nameLength = readU32(b, 20);
  if (b.length < SERVER_INIT_FIXED_LENGTH + nameLength) throw new RangeError('ServerInit truncated');
  return {
    width: readU16(b, 0),
    height: readU16(b, 2),
    pixelFormat: parsePixelFormat(b, 4),
    name: Buffer.from(b.subarray(24, 24 + nameLength)).toString('utf8'),
  };
}
export function buildServerInit(init: ServerInit): Buffer {
  const name = Buffer.from(init.name, 'utf8');
  const b = Buffer.alloc(SERVER_INIT_FIXED_LENGTH + name.length);
  writeU16(b, 0, init.width);
  writeU16(b, 2, init.height);
  writePixelFormat(b, 4, init.pixelFormat);
  writeU32(b, 20, name.length);
  name.copy(b, 24);
  return b;
}

// ---- client → server messages
export function buildSetPixelFormat(pf: PixelFormat): Buffer {
  const b = Buffer.alloc(20);
  writeU8(b, 0, CLIENT_MSG.SET_PIXEL_FORMAT);
  writePixelFormat(b, 4, pf);
  return b;
}
export function buildSetEncodings(encodings: readonly number[]): Buffer {
  const b = Buffer.alloc(4 + 4 * encodings.length);
  writeU8(b, 0, CLIENT_MSG.SET_ENCODINGS);
  writeU16(b, 2, encodings.length);
  encodings.forEach((e, i) => writeS32(b, 4 + 4 * i, e));
  return b;
}
export function buildFramebufferUpdateRequest(r: { incremental: boolean; x: number; y: number; width: number; height: number }): Buffer {
  const b = Buffer.alloc(10);
  writeU8(b, 0, CLIENT_MSG.FRAMEBUFFER_UPDATE_REQUEST);
  writeU8(b, 1, r.incremental ? 1 : 0);
  writeU16(b, 2, r.x);
  writeU16(b, 4, r.y);
  writeU16(b, 6, r.width);
  writeU16(b, 8, r.height);
  return b;
}
export function buildKeyEvent(down: boolean, keysym: number): Buffer {
  const b = Buffer.alloc(8);
  writeU8(b, 0, CLIENT_MSG.KEY_EVENT);
  writeU8(b, 1, down ? 1 : 0);
  writeU32(b, 4, keysym);
  return b;
}
export function buildPointerEvent(buttonMask: number, x: number, y: number): Buffer {
  const b = Buffer.alloc(6);
  writeU8(b, 0, CLIENT_MSG.POINTER_EVENT);
  writeU8(b, 1, buttonMask);
  writeU16(b, 2, x);
  writeU16(b, 4, y);
  return b;
}
export function buildClientCutText(text: string): Buffer {
  const data = Buffer.from(text, 'latin1');
  const b = Buffer.alloc(8 + data.length);
  writeU8(b, 0, CLIENT_MSG.CLIENT_CUT_TEXT);
  writeU32(b, 4, data.length);
  data.copy(b, 8);
  return b;
}

/** Client messages as the simulator's server parses them. */
export type ClientMessage =
  | { type: 'setPixelFormat'; pixelFormat: PixelFormat }
  | { type: 'setEncodings'; encodings: number[] }
  | { type: 'framebufferUpdateRequest'; incremental: boolean; x: number; y: number; width: number; height: number }
  | { type: 'keyEvent'; down: boolean; keysym: number }
  | { type: 'pointerEvent'; buttonMask: number; x: number; y: number }
  | { type: 'clientCutText'; text: string };

/** Largest ClientCutText the parsers accept (bigger closes the connection). */
export const MAX_CUT_TEXT_BYTES = 1024 * 1024;

export type ParseResult<T> = { kind: 'need' } | { kind: 'message'; message: T; length: number } | { kind: 'error'; reason: string };

/**
 * Parses one client message at the start of `b` (the standard RFC 6143 set, as negotiated
 * without pseudo-encodings that change message lengths). Returns 'need' when more bytes
 * are required: callers keep the bytes and call again, so a split stream resumes.
 */
export function parseClientMessage(b: Uint8Array): ParseResult<ClientMessage> {
  if (b.length < 1) return { kind: 'need' };
  const type = readU8(b, 0);
  const need = (n: number) => b.length < n;
  switch (type) {
    case CLIENT_MSG.SET_PIXEL_FORMAT:
      if (need(20)) return { kind: 'need' };
      return { kind: 'message', length: 20, message: { type: 'setPixelFormat', pixelFormat: parsePixelFormat(b, 4) } };
    case CLIENT_MSG.SET_ENCODINGS: {
      if (need(4)) return { kind: 'need' };
      const n = readU16(b, 2);
      if (need(4 + 4 * n)) return { kind: 'need' };
      const encodings = Array.from({ length: n }, (_, i) => readS32(b, 4 + 4 * i));
      return { kind: 'message', length: 4 + 4 * n, message: { type: 'setEncodings', encodings } };
    }
    case CLIENT_MSG.FRAMEBUFFER_UPDATE_REQUEST:
      if (need(10)) return { kind: 'need' };
      return {
        kind: 'message',
        length: 10,
        message: { type: 'framebufferUpdateRequest', incremental: readU8(b, 1) !== 0, x: readU16(b, 2), y: readU16(b, 4), width: readU16(b, 6), height: readU16(b, 8) },
      };
    case CLIENT_MSG.KEY_EVENT:
      if (need(8)) return { kind: 'need' };
      return { kind: 'message', length: 8, message: { type: 'keyEvent', down: readU8(b, 1) !== 0, keysym: readU32(b, 4) } };
    case CLIENT_MSG.POINTER_EVENT:
      if (need(6)) return { kind: 'need' };
      return { kind: 'message', length: 6, message: { type: 'pointerEvent', buttonMask: readU8(b, 1), x: readU16(b, 2), y: readU16(b, 4) } };
    case CLIENT_MSG.CLIENT_CUT_TEXT: {
      if (need(8)) return { kind: 'need' };
      const n = readU32(b, 4);
      if (n > MAX_CUT_TEXT_BYTES) return { kind: 'error', reason: `ClientCutText of ${n} bytes is too large` };
      if (need(8 + n)) return { kind: 'need' };
      return { kind: 'message', length: 8 + n, message: { type: 'clientCutText', text: Buffer.from(b.subarray(8, 8 + n)).toString('latin1') } };
    }
    default:
      return { kind: 'error', reason: `unsupported client message type ${type}` };
  }
}

// ---- server → client messages
export interface RawRect {
  x: number;
  y: number;
  width: number;
  height: number;
  /** width*height pixels already encoded in the client's pixel format. */
  pixels: Uint8Array;
}
export function buildFramebufferUpdateRaw(rects: readonly RawRect[]): Buffer {
  const size = 4 + rects.reduce((s, r) => s + 12 + r.pixels.length, 0);
  const b = Buffer.alloc(size);
  writeU8(b, 0, SERVER_MSG.FRAMEBUFFER_UPDATE);
  writeU16(b, 2, rects.length);
  let at = 4;
  for (const r of rects) {
    at = writeU16(b, at, r.x);
    at = writeU16(b, at, r.y);
    at = writeU16(b, at, r.width);
    at = writeU16(b, at, r.height);
    at = writeS32(b, at, ENCODING.RAW);
    b.set(r.pixels, at);
    at += r.pixels.length;
  }
  return b;
}
export interface RectHeader {
  x: number;
  y: number;
  width: number;
  height: number;
  encoding: number;
}
export function parseRectHeader(b: Uint8Array, at: number): RectHeader {
  return { x: readU16(b, at), y: readU16(b, at + 2), width: readU16(b, at + 4), height: readU16(b, at + 6), encoding: readS32(b, at + 8) };
}
