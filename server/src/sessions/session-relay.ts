// The session relay: pairs a session's viewer WebSocket (noVNC) with the agent's data
// connection (its WebSocket, or a raw byte stream: both seen as a RelaySocket) and pipes
// bytes both ways. Backpressure: when the receiving side's bufferedAmount passes
// HIGH_WATER the sending side is paused (no more reads from its socket) until the
// receiver drains below LOW_WATER, so a slow viewer cannot grow the server's memory
// without bound. For view-only sessions the viewer → agent stream goes
// through the view-only filter (input dropped, unknown messages fail the session).
import type { RawData } from 'ws';
import { buildProtocolVersion, buildReason, buildSecurityTypes, createViewerFilter, type ViewerFilter } from '@roomwarden/protocol';
import type { RelaySocket } from './relay-socket.ts';
import type { TicketSide } from './ticket-store.ts';

export const HIGH_WATER = 1024 * 1024;
export const LOW_WATER = 256 * 1024;
/** Bytes a side may send before its peer arrives (the RFB handshake is a few dozen). */
export const EARLY_LIMIT = 256 * 1024;

export interface RelayHooks {
  /** The viewer sent something other than FramebufferUpdateRequests (see isUpdateRequestsOnly). */
  viewerActivity(sessionId: string): void;
  /** A side closed by itself (not through close()). */
  sideClosed(sessionId: string, side: TicketSide, code: number, reason: string): void;
  /** The stream broke a rule (view-only filter, text frame, too much early data). */
  protocolError(sessionId: string, side: TicketSide, reason: string): void;
}

export interface RelayCounts {
  bytesToViewer: number;
  bytesFromViewer: number;
}

export interface RelayStats extends RelayCounts {
  viewer: boolean;
  agent: boolean;
  paired: boolean;
  /** Reading from the agent is paused because the viewer is not keeping up. */
  agentPaused: boolean;
  viewerPaused: boolean;
  viewerBufferedAmount: number;
  agentBufferedAmount: number;
}

interface Pair {
  sessionId: string;
  mode: 'control' | 'view';
  viewer: RelaySocket | undefined;
  agent: RelaySocket | undefined;
  filter: ViewerFilter | undefined;
  early: { viewer: Buffer[]; agent: Buffer[]; bytes: number };
  paired: boolean;
  closing: boolean;
  counts: RelayCounts;
}

/**
 * True when a viewer frame holds only FramebufferUpdateRequests (type 3, 10 bytes each):
 * what noVNC sends on its own while a person does nothing. Any other frame (keys,
 * pointer, clipboard, settings) is activity. noVNC flushes whole messages per frame.
 */
export function isUpdateRequestsOnly(frame: Uint8Array): boolean {
  if (frame.length === 0 || frame.length % 10 !== 0) return false;
  for (let at = 0; at < frame.length; at += 10) if (frame[at] !== 3) return false;
  return true;
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

export class SessionRelay {
  readonly #pairs = new Map<string, Pair>();

  constructor(private readonly hooks: RelayHooks) {}

  /** Adds one side; false when that side is already connected or the pair is closing. Bytes flow once pipe() is called. */
  attach(sessionId: string, mode: 'control' | 'view', side: TicketSide, ws: RelaySocket): boolean {
    let pair = this.#pairs.get(sessionId);
    if (!pair) {
      pair = {
        sessionId,
        mode,
        viewer: undefined,
        agent: undefined,
        filter: mode === 'view' ? createViewerFilter({ startAt: 'handshake' }) : undefined,
        early: { viewer: [], agent: [], bytes: 0 },
        paired: false,
        closing: false,
        counts: { bytesToViewer: 0, bytesFromViewer: 0 },
      };
      this.#pairs.set(sessionId, pair);
    }
    if (pair.closing || pair[side]) return false;
    pair[side] = ws;
    const p = pair;
    ws.on('message', (data, isBinary) => this.#onMessage(p, side, toBuffer(data), isBinary));
    ws.on('close', (code, reason) => this.#onClose(p, side, ws, code, reason.toString('utf8')));
    return true;
  }

  /** Both sides are attached: bytes flow from now on (what each sent before its peer arrived first, in order). */
  pipe(sessionId: string): void {
    const p = this.#pairs.get(sessionId);
    if (!p || p.paired || p.closing || !p.viewer || !p.agent) return;
    p.paired = true;
    const { viewer, agent } = p.early;
    p.early = { viewer: [], agent: [], bytes: 0 };
    for (const b of agent) this.#fromAgent(p, b);
    for (const b of viewer) this.#fromViewer(p, b);
  }

  counts(sessionId: string): RelayCounts | undefined {
    const p = this.#pairs.get(sessionId);
    return p && { ...p.counts };
  }

  /** Bytes of the pairs open now, summed; and how many have their agent side paused. */
  totals(): RelayCounts & { pairs: number; agentsPaused: number } {
    const t = { bytesToViewer: 0, bytesFromViewer: 0, pairs: this.#pairs.size, agentsPaused: 0 };
    for (const p of this.#pairs.values()) {
      t.bytesToViewer += p.counts.bytesToViewer;
      t.bytesFromViewer += p.counts.bytesFromViewer;
      if (p.agent?.isPaused) t.agentsPaused++;
    }
    return t;
  }

  stats(sessionId: string): RelayStats | undefined {
    const p = this.#pairs.get(sessionId);
    if (!p) return undefined;
    return {
      ...p.counts,
      viewer: Boolean(p.viewer),
      agent: Boolean(p.agent),
      paired: p.paired,
      agentPaused: p.agent?.isPaused ?? false,
      viewerPaused: p.viewer?.isPaused ?? false,
      viewerBufferedAmount: p.viewer?.bufferedAmount ?? 0,
      agentBufferedAmount: p.agent?.bufferedAmount ?? 0,
    };
  }

  /** Waits until the agent side has closed by itself, at most `ms` (to let its last bytes reach the viewer). */
  async agentGone(sessionId: string, ms: number): Promise<void> {
    const agent = this.#pairs.get(sessionId)?.agent;
    if (!agent || agent.readyState >= agent.CLOSING) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      agent.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /**
   * Closes both sides (bytes already queued still reach them: a normal close handshake)
   * and forgets the pair. A viewer that has not had a byte from the agent yet is told why
   * in RFB terms first (ProtocolVersion, zero security types, the reason), which noVNC
   * shows as a security failure. Returns the final counts.
   */
  close(sessionId: string, reason: string, explanation?: string): RelayCounts {
    const p = this.#pairs.get(sessionId);
    if (!p) return { bytesToViewer: 0, bytesFromViewer: 0 };
    p.closing = true;
    this.#pairs.delete(sessionId);
    const why = reason.slice(0, 120);
    const viewer = p.viewer;
    if (viewer && viewer.readyState === viewer.OPEN && p.counts.bytesToViewer === 0) {
      viewer.send(Buffer.concat([buildProtocolVersion(), buildSecurityTypes([]), buildReason(`Session ended: ${explanation ?? reason}`)]), { binary: true });
    }
    for (const ws of [p.viewer, p.agent]) {
      if (!ws || ws.readyState >= ws.CLOSING) continue;
      if (ws.isPaused) ws.resume(); // let it read the peer's close frame
      ws.close(1000, why);
      // A peer that never answers the close handshake is cut off.
      setTimeout(() => ws.terminate(), 5_000).unref();
    }
    return { ...p.counts };
  }

  #onMessage(p: Pair, side: TicketSide, data: Buffer, isBinary: boolean): void {
    if (p.closing) return;
    if (!isBinary) {
      p.closing = true;
      this.hooks.protocolError(p.sessionId, side, `text frame from the ${side}`);
      return;
    }
    if (!p.paired) {
      p.early.bytes += data.length;
      if (p.early.bytes > EARLY_LIMIT) {
        p.closing = true;
        this.hooks.protocolError(p.sessionId, side, `the ${side} sent too much before its peer connected`);
        return;
      }
      p.early[side].push(data);
      return;
    }
    if (side === 'agent') this.#fromAgent(p, data);
    else this.#fromViewer(p, data);
  }

  #fromAgent(p: Pair, data: Buffer): void {
    p.counts.bytesToViewer += data.length;
    this.#forward(p.agent!, p.viewer!, data);
  }

  #fromViewer(p: Pair, data: Buffer): void {
    p.counts.bytesFromViewer += data.length;
    if (!isUpdateRequestsOnly(data)) this.hooks.viewerActivity(p.sessionId);
    let out = data;
    if (p.filter) {
      const r = p.filter.push(data);
      if (!r.ok) {
        p.closing = true;
        this.hooks.protocolError(p.sessionId, 'viewer', `view-only filter: ${r.reason}`);
        return;
      }
      out = r.out;
    }
    if (out.length > 0) this.#forward(p.viewer!, p.agent!, out);
  }

  /** Sends to `to`; pauses `from` while `to` holds more than HIGH_WATER unsent bytes. */
  #forward(from: RelaySocket, to: RelaySocket, data: Buffer): void {
    if (to.readyState !== to.OPEN) return;
    to.send(data, { binary: true }, (err) => {
      if (!err && from.isPaused && to.bufferedAmount <= LOW_WATER && from.readyState === from.OPEN) from.resume();
    });
    if (to.bufferedAmount > HIGH_WATER && !from.isPaused) from.pause();
  }

  #onClose(p: Pair, side: TicketSide, ws: RelaySocket, code: number, reason: string): void {
    if (p.closing || p[side] !== ws) return;
    this.hooks.sideClosed(p.sessionId, side, code, reason);
  }
}
