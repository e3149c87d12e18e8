// One remote session on the agent: TCP to the room's VNC server, the data connection to
// the relay (relay-transport.ts: a raw byte stream when the server offers it, else a
// WebSocket), the handshakes (bridge-state.ts) and then the splice, with backpressure both
// ways: the VNC socket pauses while the relay link's send buffer is high, and the link
// pauses while the VNC socket cannot take more. Counts bytes each way.
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { createViewerFilter } from '@roomwarden/protocol';
import type { ViewerFilter } from '@roomwarden/protocol';
import type { SessionOpenCommand, VncOptions } from '../session-handler.ts';
import { end, fail, relayConnected, transition, vncConnected, waitsOn } from './bridge-state.ts';
import type { BridgeState, Failure, Side, Step } from './bridge-state.ts';
import { RelayLink } from './relay-transport.ts';
import type { RelayLinkOptions } from './relay-transport.ts';

export interface BridgeEvents {
  opened(): void;
  failed(failure: Failure): void;
  closed(reason: string, bytes: { toViewer: number; fromViewer: number }): void;
}

export interface BridgeTimeouts {
  /** TCP connect + RFB handshake with the VNC server. */
  vncHandshakeMs: number;
  /** Relay connect + the viewer's RFB handshake (the viewer opens its page after the POST). */
  viewerHandshakeMs: number;
  /** Telling a viewer why the session failed. */
  refusalMs: number;
}
export const DEFAULT_TIMEOUTS: BridgeTimeouts = { vncHandshakeMs: 10_000, viewerHandshakeMs: 90_000, refusalMs: 10_000 };
/** The relay link's opening (an upgrade answered, either transport). */
const RELAY_HANDSHAKE_MS = 10_000;

/** Pause the VNC socket when this much is waiting to go to the relay; resume below LOW. */
const HIGH_WATER = 2 * 1024 * 1024;
const LOW_WATER = 512 * 1024;
/** The VNC socket's reads go into a buffer this large (a full-screen update is several MB). */
const READ_BUFFER = 1024 * 1024;
/** Largest WebSocket message the bridge sends (the server's limit for a message is 1 MiB). A raw link is not framed: chunks go as they come. */
const MAX_MESSAGE = 1024 * 1024;

/** The relay URL carries the ticket in its query string; add it if it does not. */
export function relayUrlWithTicket(relayUrl: string, ticket: string): string {
  const url = new URL(relayUrl);
  if (!url.searchParams.has('ticket') && ticket) url.searchParams.set('ticket', ticket);
  return url.toString();
}

export class VncBridge {
  private state: BridgeState = { kind: 'connectingVnc' };
  private vncPending: Buffer = Buffer.alloc(0);
  private viewerPending: Buffer = Buffer.alloc(0);
  private tcp: Socket | undefined;
  private link: RelayLink | undefined;
  private filter: ViewerFilter | undefined;
  private timer: NodeJS.Timeout | undefined;
  private wasOpened = false;
  private vncPaused = false;
  private viewerPaused = false;
  private outQueue: Buffer[] = [];
  private outBytes = 0;
  private outTimer: NodeJS.Immediate | undefined;
  private readBuf = Buffer.allocUnsafe(READ_BUFFER);
  private readHeld = false;
  bytesToViewer = 0;
  bytesFromViewer = 0;

  constructor(
    private readonly cmd: SessionOpenCommand,
    private readonly vnc: VncOptions,
    private readonly events: BridgeEvents,
    private readonly timeouts: BridgeTimeouts = DEFAULT_TIMEOUTS,
    private readonly linkOptions: Partial<RelayLinkOptions> = {},
  ) {}

  get stateKind(): BridgeState['kind'] {
    return this.state.kind;
  }

  /** The relay link's transport, once it is being opened. */
  get relayTransport(): RelayLink['transport'] {
    return this.link?.transport;
  }

  start(): void {
    const where = `${this.vnc.host}:${this.vnc.port}`;
    this.arm(this.timeouts.vncHandshakeMs, { reason: 'vnc_unreachable', message: `The room's VNC server at ${where} did not complete the RFB handshake in time` });
    // Reads land in a buffer of our own (up to READ_BUFFER at a time, not 64 KiB each in a
    // fresh allocation): fewer reads, writes and frames per update, and no garbage per read.
    const tcp = connect({
      host: this.vnc.host,
      port: this.vnc.port,
      onread: {
        buffer: () => this.readBuffer(),
        callback: (n: number, buf: Uint8Array) => {
          this.onVncRead(Buffer.from(buf.buffer, buf.byteOffset, n));
          return true;
        },
      },
    });
    this.tcp = tcp;
    tcp.setNoDelay(true);
    tcp.on('connect', () => this.apply(vncConnected(this.state)));
    tcp.on('error', (err: NodeJS.ErrnoException) => {
      if (this.state.kind === 'connectingVnc') {
        this.fail({ reason: 'vnc_unreachable', message: `The room's VNC server at ${where} is not reachable (${err.code ?? err.message})` });
      } else this.onVncGone(`VNC connection error: ${err.message}`);
    });
    tcp.on('close', () => this.onVncGone('the VNC server closed the connection'));
  }

  /** Ends the session from outside (the server asked, or the agent stops). */
  close(reason: string): void {
    this.end(reason);
  }

  // ---- the machine
  private apply(step: Step): void {
    this.state = step.state;
    for (const b of step.toVnc ?? []) this.tcp?.write(b);
    for (const b of step.toViewer ?? []) this.sendToViewer(b);
    if (step.effect === 'openRelay') this.openRelay();
    else if (step.effect === 'splice') this.startSplice();
    else if (step.effect === 'done') this.finish();
  }

  private advance(side: Side): void {
    while (this.state.kind !== 'closed' && waitsOn(this.state) === side) {
      const before = this.state;
      const pending = side === 'vnc' ? this.vncPending : this.viewerPending;
      const step = transition(before, pending, { ...(this.vnc.password !== undefined ? { password: this.vnc.password } : {}) });
      if (side === 'vnc') this.vncPending = pending.subarray(step.consumed);
      else this.viewerPending = pending.subarray(step.consumed);
      if (step.consumed === 0 && step.state === before) return;
      this.apply(step);
    }
  }

  private fail(failure: Failure): void {
    this.apply(fail(this.state, failure));
  }

  private arm(ms: number, failure: Failure): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fail(failure), ms);
    this.timer.unref();
  }

  // ---- VNC side
  /** The buffer the next read goes into: the same one again, unless a write still holds it. */
  private readBuffer(): Buffer {
    if (this.readHeld) {
      this.readBuf = Buffer.allocUnsafe(READ_BUFFER);
      this.readHeld = false;
    }
    return this.readBuf;
  }

  /**
   * A read from the VNC server, in the reused read buffer. Spliced onto a raw link it is
   * written as it is, and the buffer is reused unless the write was queued rather than
   * handed to the kernel at once; anything that keeps bytes (the handshake's parser, the
   * WebSocket link's coalescing) gets a copy.
   */
  private onVncRead(view: Buffer): void {
    const link = this.link;
    if (this.state.kind === 'splicing' && link?.transport === 'raw') {
      const before = link.bufferedAmount;
      this.sendToViewer(view);
      if (link.bufferedAmount > before) this.readHeld = true;
      return;
    }
    this.onVncData(Buffer.from(view));
  }

  private onVncData(chunk: Buffer): void {
    if (this.state.kind === 'splicing') return this.coalesce(chunk);
    this.vncPending = this.vncPending.length === 0 ? chunk : Buffer.concat([this.vncPending, chunk]);
    this.advance('vnc');
  }

  private onVncGone(why: string): void {
    switch (this.state.kind) {
      case 'closed':
      case 'refusing':
        return;
      case 'splicing':
        return this.end('vnc_closed');
      default:
        this.fail({ reason: 'vnc_protocol_error', message: `The room's VNC server ended the connection during the handshake (${why})` });
    }
  }

  // ---- relay side
  private openRelay(): void {
    if (this.state.kind === 'refusing') this.arm(this.timeouts.refusalMs, this.state.failure);
    else this.arm(this.timeouts.viewerHandshakeMs, { reason: 'relay_unreachable', message: 'The viewer did not connect through the relay in time' });
    this.tcp?.pause(); // nothing more is read from the VNC server until the splice
    const link = new RelayLink(
      relayUrlWithTicket(this.cmd.relayUrl, this.cmd.ticket),
      {
        open: () => this.apply(relayConnected(this.state)),
        data: (chunk) => this.onViewerData(chunk),
        close: (clean, detail) => {
          if (this.state.kind === 'splicing') this.end(clean ? 'viewer_closed' : 'relay_closed');
          else this.fail({ reason: 'relay_unreachable', message: `The session relay is not reachable (${detail})` });
        },
      },
      { handshakeTimeoutMs: RELAY_HANDSHAKE_MS, ...this.linkOptions },
    );
    this.link = link;
    link.start();
  }

  private onViewerData(chunk: Buffer): void {
    this.bytesFromViewer += chunk.length;
    if (this.state.kind === 'splicing') return this.sendToVnc(chunk);
    this.viewerPending = this.viewerPending.length === 0 ? chunk : Buffer.concat([this.viewerPending, chunk]);
    this.advance('viewer');
  }

  // ---- splice
  private startSplice(): void {
    if (this.timer) clearTimeout(this.timer);
    this.wasOpened = true;
    // Defence in depth: a view-only session is also filtered here, at the room.
    if (this.cmd.mode === 'view') this.filter = createViewerFilter({ startAt: 'messages' });
    this.events.opened();
    const fromViewer = this.viewerPending;
    const fromVnc = this.vncPending;
    this.viewerPending = Buffer.alloc(0);
    this.vncPending = Buffer.alloc(0);
    if (fromVnc.length > 0) this.sendToViewer(fromVnc);
    if (fromViewer.length > 0) this.sendToVnc(fromViewer);
    this.tcp?.resume();
  }

  /**
   * On a WebSocket link, what arrives in one turn of the event loop goes out as one message
   * (fewer frames to mask, relay and parse), never over MAX_MESSAGE: the server refuses
   * larger ones (1009). Reads on Windows come in sizes that do not add up to it.
   */
  private coalesce(chunk: Buffer): void {
    let rest = chunk;
    while (rest.length > 0) {
      const room = MAX_MESSAGE - this.outBytes;
      const part = rest.length > room ? rest.subarray(0, room) : rest;
      rest = rest.subarray(part.length);
      this.outQueue.push(part);
      this.outBytes += part.length;
      if (this.outBytes >= MAX_MESSAGE) this.flushOut();
    }
    if (this.outBytes > 0) this.outTimer ??= setImmediate(() => this.flushOut());
  }

  private flushOut(): void {
    if (this.outTimer) clearImmediate(this.outTimer);
    this.outTimer = undefined;
    const queued = this.outQueue;
    this.outQueue = [];
    this.outBytes = 0;
    if (queued.length > 0) this.sendToViewer(queued.length === 1 ? queued[0]! : Buffer.concat(queued));
  }

  private sendToViewer(data: Buffer): void {
    const link = this.link;
    if (!link?.isOpen) return;
    this.bytesToViewer += data.length;
    link.send(data, () => {
      if (this.vncPaused && link.bufferedAmount < LOW_WATER) {
        this.vncPaused = false;
        if (this.state.kind === 'splicing') this.tcp?.resume();
      }
    });
    if (!this.vncPaused && link.bufferedAmount > HIGH_WATER) {
      this.vncPaused = true;
      this.tcp?.pause();
    }
  }

  private sendToVnc(data: Buffer): void {
    let out = data;
    if (this.filter) {
      const r = this.filter.push(data);
      if (!r.ok) return this.end('viewer_protocol_error');
      out = r.out;
    }
    if (out.length === 0 || !this.tcp) return;
    if (!this.tcp.write(out) && !this.viewerPaused) {
      this.viewerPaused = true;
      this.link?.pause();
      this.tcp.once('drain', () => {
        this.viewerPaused = false;
        this.link?.resume();
      });
    }
  }

  // ---- endings
  private end(reason: string): void {
    this.apply(end(this.state, reason));
  }

  private finish(): void {
    if (this.state.kind !== 'closed') return;
    const outcome = this.state.outcome;
    if ('failed' in outcome) {
      // Let the SecurityResult reach the viewer before the socket closes.
      this.cleanup(1011, outcome.failed.reason);
      if (this.wasOpened) this.events.closed(outcome.failed.reason, { toViewer: this.bytesToViewer, fromViewer: this.bytesFromViewer });
      else this.events.failed(outcome.failed);
    } else {
      this.cleanup(1000, outcome.ended);
      this.events.closed(outcome.ended, { toViewer: this.bytesToViewer, fromViewer: this.bytesFromViewer });
    }
  }

  private cleanup(code: number, reason: string): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.outTimer) clearImmediate(this.outTimer);
    this.tcp?.destroy();
    // close() flushes what is queued (e.g. a SecurityResult) first; a link still opening is cut.
    this.link?.close(code, reason);
  }
}
