// The agent's data connection to the session relay, behind one small interface used by the
// VNC bridge: send with a completion callback, bufferedAmount (backpressure), pause/resume,
// close (clean, queued bytes first) and terminate. Two transports:
//  - raw: an HTTP Upgrade to a byte stream on the relay URL (`Upgrade: roomwarden-relay/1`,
//    answered 101; no WebSocket framing and no client masking of every byte);
//  - websocket: the data WebSocket every server accepts.
// The raw path is used when the server offers it in the relay URL (relayTransportsOffered);
// a raw upgrade refused with a 4xx other than 401/409 (something in between that does not
// pass it, a server that does not know it) falls back to the WebSocket: those refusals
// come before the one-time ticket is checked, so it is still good. A 401/409 (ticket
// refused, session ended) or any other failure ends the attempt.
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';
import type { RawData } from 'ws';
import { RELAY_RAW_UPGRADE, relayTransportsOffered } from '@roomwarden/protocol';
import type { RelayTransportKind } from '@roomwarden/protocol';

export interface RelayLinkEvents {
  open(transport: RelayTransportKind): void;
  data(chunk: Buffer): void;
  /**
   * The link is gone (or never opened). `clean`: the relay ended it normally (WebSocket
   * close 1000/1001, or the raw stream's end); `detail` says how, for messages.
   */
  close(clean: boolean, detail: string): void;
}

export interface RelayLinkOptions {
  handshakeTimeoutMs: number;
  /** Overrides what the relay URL offers (tests). */
  transports?: readonly RelayTransportKind[];
}

/** A refusal of the raw upgrade that means "try the WebSocket": 4xx, except a spent ticket (401) or an ended session (409). */
export function fallsBackToWebSocket(status: number): boolean {
  return status >= 400 && status < 500 && status !== 401 && status !== 409;
}

const rawToBuffer = (data: RawData): Buffer => (Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data));

interface Wire {
  readonly bufferedAmount: number;
  send(data: Buffer, cb: () => void): void;
  pause(): void;
  resume(): void;
  close(code: number, reason: string): void;
  terminate(): void;
}

export class RelayLink {
  #wire: Wire | undefined;
  #transport: RelayTransportKind | undefined;
  #open = false;
  #done = false;
  #pending: { abort(): void } | undefined;

  constructor(
    private readonly url: string,
    private readonly events: RelayLinkEvents,
    private readonly options: RelayLinkOptions,
  ) {}

  /** The transport in use once open (or being tried). */
  get transport(): RelayTransportKind | undefined {
    return this.#transport;
  }

  get isOpen(): boolean {
    return this.#open;
  }

  get bufferedAmount(): number {
    return this.#wire?.bufferedAmount ?? 0;
  }

  start(): void {
    const offered = this.options.transports ?? relayTransportsOffered(this.url);
    if (offered.includes('raw')) this.#startRaw(offered.includes('websocket'));
    else this.#startWebSocket();
  }

  send(data: Buffer, cb: () => void): void {
    if (this.#open) this.#wire?.send(data, cb);
  }

  pause(): void {
    this.#wire?.pause();
  }

  resume(): void {
    this.#wire?.resume();
  }

  /** Ends the link cleanly (queued bytes first); `code`/`reason` travel only on a WebSocket. */
  close(code: number, reason: string): void {
    if (this.#open) this.#wire?.close(code, reason);
    else this.terminate();
  }

  terminate(): void {
    this.#pending?.abort();
    this.#wire?.terminate();
  }

  #ended(clean: boolean, detail: string): void {
    if (this.#done) return;
    this.#done = true;
    this.#open = false;
    this.events.close(clean, detail);
  }

  #startRaw(canFallBack: boolean): void {
    this.#transport = 'raw';
    const url = new URL(this.url);
    const client = url.protocol === 'wss:' || url.protocol === 'https:' ? https : http;
    url.protocol = client === https ? 'https:' : 'http:';
    const req = client.request(url, { method: 'GET', agent: false, timeout: this.options.handshakeTimeoutMs, headers: { Connection: 'Upgrade', Upgrade: RELAY_RAW_UPGRADE } });
    let settled = false;
    this.#pending = { abort: () => req.destroy() };
    const refuse = (detail: string) => {
      if (settled) return;
      settled = true;
      this.#pending = undefined;
      this.#ended(false, detail);
    };
    req.on('upgrade', (res, socket, head) => {
      settled = true;
      this.#pending = undefined;
      if (res.statusCode !== 101 || (res.headers.upgrade ?? '').toLowerCase() !== RELAY_RAW_UPGRADE) {
        socket.destroy();
        return this.#ended(false, `the relay switched to ${res.headers.upgrade ?? 'nothing'} instead of ${RELAY_RAW_UPGRADE}`);
      }
      if (head.length > 0) socket.unshift(head);
      this.#openRaw(socket);
    });
    req.on('response', (res) => {
      settled = true;
      this.#pending = undefined;
      res.resume();
      const status = res.statusCode ?? 0;
      if (canFallBack && fallsBackToWebSocket(status)) return this.#startWebSocket();
      this.#ended(false, `Unexpected server response: ${status}`);
    });
    req.on('timeout', () => req.destroy(new Error('the relay did not answer the upgrade in time')));
    req.on('error', (err) => refuse(err.message));
    req.end();
  }

  #openRaw(socket: Duplex): void {
    let killTimer: NodeJS.Timeout | undefined;
    let peerEnded = false;
    let error = '';
    const tcp = socket as Socket; // the upgrade's socket is a net.Socket (or a TLSSocket, one too)
    tcp.setNoDelay(true);
    tcp.setTimeout(0); // the request's handshake timeout must not end an idle session
    this.#wire = {
      get bufferedAmount() {
        return socket.writableLength;
      },
      send: (data, cb) => void socket.write(data, () => cb()),
      pause: () => socket.pause(),
      resume: () => socket.resume(),
      close: () => {
        socket.end();
        killTimer = setTimeout(() => socket.destroy(), 5_000);
        killTimer.unref();
      },
      terminate: () => socket.destroy(),
    };
    socket.on('data', (chunk: Buffer) => this.events.data(chunk));
    socket.on('end', () => {
      peerEnded = true;
      socket.end();
    });
    socket.on('error', (err: Error) => {
      error = err.message;
    });
    socket.on('close', (hadError: boolean) => {
      clearTimeout(killTimer);
      this.#ended(peerEnded && !hadError, error || (peerEnded ? 'the relay ended the stream' : 'the raw relay stream was cut'));
    });
    this.#open = true;
    this.events.open('raw');
  }

  #startWebSocket(): void {
    this.#transport = 'websocket';
    let detail = '';
    const ws = new WebSocket(this.url, { perMessageDeflate: false, handshakeTimeout: this.options.handshakeTimeoutMs });
    ws.binaryType = 'nodebuffer';
    this.#wire = {
      get bufferedAmount() {
        return ws.bufferedAmount;
      },
      send: (data, cb) => ws.send(data, { binary: true }, () => cb()),
      pause: () => ws.pause(),
      resume: () => ws.resume(),
      close: (code, reason) => ws.close(code, reason.slice(0, 120)),
      terminate: () => ws.terminate(),
    };
    ws.on('open', () => {
      this.#open = true;
      this.events.open('websocket');
    });
    ws.on('message', (data: RawData) => this.events.data(rawToBuffer(data)));
    ws.on('error', (err) => {
      detail = err.message;
    });
    ws.on('close', (code, reason) => {
      this.#ended(code === 1000 || code === 1001, detail || `closed ${code}${reason.length ? ` ${reason.toString()}` : ''}`);
    });
  }
}
