// The view-only filter of the viewer → server RFB stream. Fed chunks split anywhere (a
// WebSocket frame boundary means nothing to RFB), it passes the handshake, passes
// SetPixelFormat, FramebufferUpdateRequest, EnableContinuousUpdates and ClientFence,
// rewrites SetEncodings to strip the pseudo-encodings that would change the viewer's
// message lengths or allow input (so the filter and the VNC server frame the stream the
// same way), drops KeyEvent, PointerEvent, ClientCutText, xvp, SetDesktopSize and QEMU
// key events, and fails on anything it does not know: the stream cannot be resynchronised.
// Pure: no I/O.
import {
  CLIENT_MSG,
  MAX_CUT_TEXT_BYTES,
  RFB_VERSION_LENGTH,
  SECURITY,
  buildSetEncodings,
  negotiatedMinor,
  parseProtocolVersion,
  readS32,
  readU16,
  readU32,
  readU8,
} from './codec.ts';

/** Encodings a view-only viewer may negotiate: server → viewer formats, and pseudo-encodings that add no viewer messages. */
const ALLOWED_ENCODINGS = new Set<number>([
  0, 1, 2, 4, 5, 6, 7, 8, 15, 16, 17, 21, 50, -260, // Raw … ZYWRLE, JPEG, H.264, TightPNG
  -223, // DesktopSize
  -224, // LastRect
  -232, // PointerPos
  -239, // Cursor
  -240, // XCursor
  -261, // QEMU LED state
  -307, // DesktopName
  0x574d5664, // VMware cursor
]);
export function isAllowedViewOnlyEncoding(e: number): boolean {
  return ALLOWED_ENCODINGS.has(e) || (e >= -32 && e <= -23) /* quality */ || (e >= -256 && e <= -247) /* compression */;
}

/** Largest SetEncodings count accepted (noVNC sends ~30). */
export const MAX_ENCODINGS = 1024;
const MAX_FENCE_PAYLOAD = 64;

export type ViewerFilterState =
  | { kind: 'version'; got: Buffer }
  | { kind: 'securityType' }
  | { kind: 'clientInit' }
  | { kind: 'messageType' }
  /** Collecting the fixed head of a variable-length message (type byte included). */
  | { kind: 'head'; type: number; need: number; got: Buffer }
  /** Collecting SetEncodings' list. */
  | { kind: 'encodings'; count: number; got: Buffer }
  /** Streaming the rest of a message through (pass) or away (drop). */
  | { kind: 'body'; pass: boolean; remaining: number }
  | { kind: 'failed'; reason: string };

export interface ViewerFilterStats {
  passedMessages: number;
  droppedMessages: number;
  strippedEncodings: number;
}

interface Step {
  state: ViewerFilterState;
  consumed: number;
  emit?: Uint8Array;
  dropped?: boolean;
  passed?: boolean;
  stripped?: number;
}

function fail(reason: string): Step {
  return { state: { kind: 'failed', reason }, consumed: 0 };
}

/** Fixed-size messages: total length and whether a view-only session passes them. */
const FIXED: ReadonlyMap<number, { length: number; pass: boolean }> = new Map([
  [CLIENT_MSG.SET_PIXEL_FORMAT, { length: 20, pass: true }],
  [CLIENT_MSG.FRAMEBUFFER_UPDATE_REQUEST, { length: 10, pass: true }],
  [CLIENT_MSG.ENABLE_CONTINUOUS_UPDATES, { length: 10, pass: true }],
  [CLIENT_MSG.KEY_EVENT, { length: 8, pass: false }],
  [CLIENT_MSG.POINTER_EVENT, { length: 6, pass: false }],
  [CLIENT_MSG.XVP, { length: 4, pass: false }],
]);
/** Variable-size messages: length of the head that tells the rest. */
const HEAD: ReadonlyMap<number, number> = new Map([
  [CLIENT_MSG.SET_ENCODINGS, 4],
  [CLIENT_MSG.CLIENT_CUT_TEXT, 8],
  [CLIENT_MSG.CLIENT_FENCE, 9],
  [CLIENT_MSG.SET_DESKTOP_SIZE, 8],
  [CLIENT_MSG.QEMU, 2],
]);

/** Takes up to `need - got.length` bytes of `input` into `got`. */
function collect(got: Buffer, need: number, input: Uint8Array): { got: Buffer; consumed: number; complete: boolean } {
  const take = Math.min(need - got.length, input.length);
  const next = Buffer.concat([got, input.subarray(0, take)]);
  return { got: next, consumed: take, complete: next.length === need };
}

/** What a complete head means. */
function afterHead(type: number, head: Buffer): Step {
  switch (type) {
    case CLIENT_MSG.SET_ENCODINGS: {
      const count = readU16(head, 2);
      if (count > MAX_ENCODINGS) return fail(`SetEncodings with ${count} encodings`);
      if (count === 0) return { state: { kind: 'messageType' }, consumed: 0, emit: head, passed: true };
      return { state: { kind: 'encodings', count, got: Buffer.alloc(0) }, consumed: 0 };
    }
    case CLIENT_MSG.CLIENT_CUT_TEXT: {
      const n = readU32(head, 4);
      if (n > MAX_CUT_TEXT_BYTES) return fail(`ClientCutText of ${n} bytes`);
      return bodyOrDone(false, n);
    }
    case CLIENT_MSG.CLIENT_FENCE: {
      const n = readU8(head, 8);
      if (n > MAX_FENCE_PAYLOAD) return fail(`ClientFence payload of ${n} bytes`);
      return { ...bodyOrDone(true, n), emit: head };
    }
    case CLIENT_MSG.SET_DESKTOP_SIZE:
      return bodyOrDone(false, 16 * readU8(head, 6));
    case CLIENT_MSG.QEMU: {
      const subtype = readU8(head, 1);
      if (subtype !== 0) return fail(`QEMU client message subtype ${subtype}`);
      return bodyOrDone(false, 10); // extended key event: 12 bytes in all
    }
    default:
      return fail(`client message type ${type}`);
  }
}

function bodyOrDone(pass: boolean, remaining: number): Step {
  if (remaining === 0) return { state: { kind: 'messageType' }, consumed: 0, ...(pass ? { passed: true } : { dropped: true }) };
  return { state: { kind: 'body', pass, remaining }, consumed: 0 };
}

/** The one transition: consumes a prefix of `input` (at least one byte unless failing). */
export function transition(state: ViewerFilterState, input: Uint8Array): Step {
  switch (state.kind) {
    case 'failed':
      return { state, consumed: 0 };
    case 'version': {
      const c = collect(state.got, RFB_VERSION_LENGTH, input);
      if (!c.complete) return { state: { kind: 'version', got: c.got }, consumed: c.consumed, emit: input.subarray(0, c.consumed) };
      const v = parseProtocolVersion(c.got);
      const minor = v && negotiatedMinor(v);
      if (!minor) return fail('invalid ProtocolVersion from the viewer');
      return { state: minor === 3 ? { kind: 'clientInit' } : { kind: 'securityType' }, consumed: c.consumed, emit: input.subarray(0, c.consumed) };
    }
    case 'securityType': {
      const t = readU8(input, 0);
      if (t !== SECURITY.NONE) return fail(`viewer chose security type ${t}`);
      return { state: { kind: 'clientInit' }, consumed: 1, emit: input.subarray(0, 1) };
    }
    case 'clientInit':
      return { state: { kind: 'messageType' }, consumed: 1, emit: input.subarray(0, 1) };
    case 'messageType': {
      const type = readU8(input, 0);
      const fixed = FIXED.get(type);
      if (fixed) {
        const step = bodyOrDone(fixed.pass, fixed.length - 1);
        return { ...step, consumed: 1, ...(fixed.pass ? { emit: input.subarray(0, 1) } : {}) };
      }
      const headLength = HEAD.get(type);
      if (headLength === undefined) return fail(`unknown client message type ${type}`);
      return { state: { kind: 'head', type, need: headLength, got: Buffer.from([type]) }, consumed: 1 };
    }
    case 'head': {
      const c = collect(state.got, state.need, input);
      if (!c.complete) return { state: { ...state, got: c.got }, consumed: c.consumed };
      return { ...afterHead(state.type, c.got), consumed: c.consumed };
    }
    case 'encodings': {
      const c = collect(state.got, 4 * state.count, input);
      if (!c.complete) return { state: { ...state, got: c.got }, consumed: c.consumed };
      const all = Array.from({ length: state.count }, (_, i) => readS32(c.got, 4 * i));
      const kept = all.filter(isAllowedViewOnlyEncoding);
      return { state: { kind: 'messageType' }, consumed: c.consumed, emit: buildSetEncodings(kept), passed: true, stripped: all.length - kept.length };
    }
    case 'body': {
      const take = Math.min(state.remaining, input.length);
      const remaining = state.remaining - take;
      const done = remaining === 0;
      return {
        state: done ? { kind: 'messageType' } : { ...state, remaining },
        consumed: take,
        ...(state.pass ? { emit: input.subarray(0, take) } : {}),
        ...(done ? (state.pass ? { passed: true } : { dropped: true }) : {}),
      };
    }
  }
}

export type ViewerFilterResult = { ok: true; out: Buffer } | { ok: false; reason: string; out: Buffer };

export interface ViewerFilter {
  /** Feeds one chunk; `out` is what may go on to the VNC server (possibly empty). */
  push(chunk: Uint8Array): ViewerFilterResult;
  readonly state: ViewerFilterState;
  readonly stats: ViewerFilterStats;
}

/**
 * A view-only filter. `startAt: 'handshake'` (the relay, which sees the stream from its
 * first byte) or `'messages'` (the agent, which consumes the handshake itself).
 */
export function createViewerFilter(options: { startAt?: 'handshake' | 'messages' } = {}): ViewerFilter {
  let state: ViewerFilterState = options.startAt === 'messages' ? { kind: 'messageType' } : { kind: 'version', got: Buffer.alloc(0) };
  const stats: ViewerFilterStats = { passedMessages: 0, droppedMessages: 0, strippedEncodings: 0 };
  return {
    get state() {
      return state;
    },
    stats,
    push(chunk) {
      const out: Uint8Array[] = [];
      let input = chunk;
      while (input.length > 0 && state.kind !== 'failed') {
        const step = transition(state, input);
        state = step.state;
        if (step.emit && step.emit.length > 0) out.push(step.emit);
        if (step.passed) stats.passedMessages++;
        if (step.dropped) stats.droppedMessages++;
        stats.strippedEncodings += step.stripped ?? 0;
        input = input.subarray(step.consumed);
      }
      const bytes = out.length === 1 ? Buffer.from(out[0]!.buffer, out[0]!.byteOffset, out[0]!.length) : Buffer.concat(out);
      return state.kind === 'failed' ? { ok: false, reason: state.reason, out: Buffer.alloc(0) } : { ok: true, out: bytes };
    },
  };
}
