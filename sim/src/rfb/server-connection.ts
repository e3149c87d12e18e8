// One viewer of the simulator's RFB server: the handshake as a state machine (a union type,
// one transition(), one fail()), then client messages, and update scheduling: a pending
// FramebufferUpdateRequest is answered with the tiles that changed since the last update.
import type { Socket } from 'node:net';
import {
  DEFAULT_PIXEL_FORMAT,
  RFB_VERSION_LENGTH,
  SECURITY,
  VNC_CHALLENGE_LENGTH,
  buildFramebufferUpdateRaw,
  buildProtocolVersion,
  buildSecurityResult,
  buildSecurityType33,
  buildSecurityTypes,
  buildServerInit,
  negotiatedMinor,
  newVncChallenge,
  parseClientMessage,
  parseProtocolVersion,
  verifyVncAuthResponse,
} from '@roomwarden/protocol';
import type { ClientMessage, PixelFormat } from '@roomwarden/protocol';
import type { Canvas, Rect } from './framebuffer.ts';
import { clearTiles, dirtyRects, encodeRect, tileCount, unsupportedPixelFormat } from './framebuffer.ts';

export type ServerConnState =
  | { kind: 'version' }
  | { kind: 'securityType'; minor: 7 | 8 }
  | { kind: 'authResponse'; minor: 3 | 7 | 8; challenge: Buffer }
  | { kind: 'clientInit' }
  | { kind: 'ready' }
  | { kind: 'closed'; reason: string };

/** What the server around a connection provides. */
export interface ConnectionHost {
  readonly password: string;
  readonly name: string;
  readonly width: number;
  readonly height: number;
  /** The current picture (allocated while someone watches). */
  readonly screen: Canvas;
  onClientMessage(conn: ServerConnection, message: ClientMessage): void;
  onReady(conn: ServerConnection): void;
  onClosed(conn: ServerConnection, reason: string): void;
}

interface Step {
  state: ServerConnState;
  consumed: number;
  send?: Buffer[];
  message?: ClientMessage;
}

/** The one transition: given the bytes received so far, the next state (consumed 0 = wait for more). */
function transition(state: ServerConnState, input: Buffer, host: ConnectionHost): Step {
  switch (state.kind) {
    case 'closed':
      return { state, consumed: 0 };
    case 'version': {
      if (input.length < RFB_VERSION_LENGTH) return { state, consumed: 0 };
      const v = parseProtocolVersion(input);
      const minor = v && negotiatedMinor(v);
      if (!minor) return failStep('invalid ProtocolVersion');
      if (minor === 3) {
        const challenge = newVncChallenge();
        return { state: { kind: 'authResponse', minor, challenge }, consumed: RFB_VERSION_LENGTH, send: [buildSecurityType33(SECURITY.VNC_AUTH), challenge] };
      }
      return { state: { kind: 'securityType', minor }, consumed: RFB_VERSION_LENGTH, send: [buildSecurityTypes([SECURITY.VNC_AUTH])] };
    }
    case 'securityType': {
      if (input.length < 1) return { state, consumed: 0 };
      if (input[0] !== SECURITY.VNC_AUTH) return failStep(`viewer chose security type ${input[0]}`);
      const challenge = newVncChallenge();
      return { state: { kind: 'authResponse', minor: state.minor, challenge }, consumed: 1, send: [challenge] };
    }
    case 'authResponse': {
      if (input.length < VNC_CHALLENGE_LENGTH) return { state, consumed: 0 };
      if (!verifyVncAuthResponse(host.password, state.challenge, input.subarray(0, VNC_CHALLENGE_LENGTH))) {
        const result = buildSecurityResult(false, state.minor === 8 ? 'Authentication failed: wrong password' : undefined);
        return { state: { kind: 'closed', reason: 'authentication failed' }, consumed: VNC_CHALLENGE_LENGTH, send: [result] };
      }
      return { state: { kind: 'clientInit' }, consumed: VNC_CHALLENGE_LENGTH, send: [buildSecurityResult(true)] };
    }
    case 'clientInit': {
      if (input.length < 1) return { state, consumed: 0 };
      const init = buildServerInit({ width: host.width, height: host.height, pixelFormat: DEFAULT_PIXEL_FORMAT, name: host.name });
      return { state: { kind: 'ready' }, consumed: 1, send: [init] };
    }
    case 'ready': {
      const r = parseClientMessage(input);
      if (r.kind === 'need') return { state, consumed: 0 };
      if (r.kind === 'error') return failStep(r.reason);
      return { state, consumed: r.length, message: r.message };
    }
  }
}

function failStep(reason: string): Step {
  return { state: { kind: 'closed', reason }, consumed: 0 };
}

export class ServerConnection {
  private state: ServerConnState = { kind: 'version' };
  private pending: Buffer = Buffer.alloc(0);
  pixelFormat: PixelFormat = DEFAULT_PIXEL_FORMAT;
  /** Tiles changed since the last update sent (1 = changed). */
  readonly dirty: Uint8Array;
  private request: { incremental: boolean; rect: Rect } | null = null;
  updatesSent = 0;
  private closed = false;

  constructor(
    readonly socket: Socket,
    private readonly host: ConnectionHost,
  ) {
    this.dirty = new Uint8Array(tileCount(host.width, host.height));
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => this.flush());
    socket.on('error', (err) => this.fail(`socket error: ${err.message}`));
    socket.on('close', () => this.fail('viewer disconnected'));
    socket.write(buildProtocolVersion());
  }

  get kind(): ServerConnState['kind'] {
    return this.state.kind;
  }

  private onData(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (this.state.kind !== 'closed') {
      const before = this.state.kind;
      const step = transition(this.state, this.pending, this.host);
      this.state = step.state;
      this.pending = this.pending.subarray(step.consumed);
      for (const b of step.send ?? []) this.socket.write(b);
      if (step.state.kind === 'closed') return this.fail(step.state.reason);
      if (before === 'clientInit' && step.state.kind === 'ready') this.host.onReady(this);
      if (step.message) this.handle(step.message);
      if (step.consumed === 0) return;
    }
  }

  /** The one failure path: logs nothing itself, closes the socket, tells the host once. */
  fail(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.state = { kind: 'closed', reason };
    // end() lets a final SecurityResult reach the viewer; destroy() if it does not go away.
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 1000).unref();
    this.host.onClosed(this, reason);
  }

  private handle(m: ClientMessage): void {
    switch (m.type) {
      case 'setPixelFormat': {
        const why = unsupportedPixelFormat(m.pixelFormat);
        if (why) return this.fail(`unsupported pixel format: ${why}`);
        this.pixelFormat = m.pixelFormat;
        this.dirty.fill(1);
        return;
      }
      case 'framebufferUpdateRequest':
        if (!m.incremental) this.dirty.fill(1);
        this.request = { incremental: m.incremental, rect: { x: m.x, y: m.y, width: m.width, height: m.height } };
        return this.flush();
      case 'setEncodings':
        return; // Raw is always allowed; nothing else is offered.
      default:
        this.host.onClientMessage(this, m);
    }
  }

  /** Sends an update if one was requested and something within it changed. */
  flush(): void {
    if (this.state.kind !== 'ready' || !this.request || this.socket.writableNeedDrain) return;
    const { width, height } = this.host;
    const rects = dirtyRects(this.dirty, width, height, this.request.rect);
    if (rects.length === 0) return;
    const req = this.request.rect;
    this.request = null;
    clearTiles(this.dirty, width, req);
    const encoded = rects.map((r) => ({ ...r, pixels: encodeRect(this.host.screen, r, this.pixelFormat) }));
    this.updatesSent++;
    this.socket.write(buildFramebufferUpdateRaw(encoded));
  }
}

