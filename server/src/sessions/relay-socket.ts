// One side of a relayed session as the relay sees it: the part of a `ws` WebSocket the
// relay uses (send with a completion callback, bufferedAmount, pause/resume, close,
// terminate, 'message' and 'close' events). The viewer side and an agent's WebSocket data
// connection are `ws` sockets as they are; an agent's raw data connection (an HTTP Upgrade
// to a byte stream, agent-data-upgrade.ts) is a RawRelaySocket over its TCP or TLS socket.
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import type { RawData } from 'ws';

export interface RelaySocket {
  readonly readyState: number;
  readonly OPEN: 1;
  readonly CLOSING: 2;
  /** Bytes accepted by send() and not yet handed to the kernel. */
  readonly bufferedAmount: number;
  readonly isPaused: boolean;
  send(data: Buffer, options: { binary: true }, cb?: (err?: Error) => void): void;
  /** Stops reading from the peer (backpressure); resume() starts again. */
  pause(): void;
  resume(): void;
  /** A clean end: what is queued is sent first. The raw path has no close frame, so `code`/`reason` reach a WebSocket peer only. */
  close(code: number, reason: string): void;
  terminate(): void;
  on(event: 'message', listener: (data: RawData, isBinary: boolean) => void): this;
  on(event: 'close', listener: (code: number, reason: Buffer) => void): this;
  once(event: 'close', listener: () => void): this;
}

/** Close codes a raw stream reports (as ws does): 1005 ended cleanly, no status; 1006 cut off. */
export const RAW_CLOSED_CLEANLY = 1005;
export const RAW_CLOSED_ABNORMALLY = 1006;

const NO_REASON = Buffer.alloc(0);

/**
 * A raw byte stream behind the RelaySocket interface. Reads arrive as 'message' (always
 * binary, in the socket's own chunks: no copy), writes go straight to the socket. The
 * agent's end reason cannot travel here; it comes over the control connection
 * (session.failed / session.closed), which the live session waits for (agentLeft).
 */
export class RawRelaySocket extends EventEmitter implements RelaySocket {
  readonly OPEN = 1 as const;
  readonly CLOSING = 2 as const;
  #state: 1 | 2 | 3 = 1;
  #paused = false;
  #killTimer: NodeJS.Timeout | undefined;

  constructor(private readonly socket: Duplex) {
    super();
    socket.on('data', (chunk: Buffer) => this.emit('message', chunk, true));
    // The peer ended its half: end ours once what is queued has gone (a clean close both ways).
    socket.on('end', () => {
      if (this.#state === 1) this.#state = 2;
      socket.end();
    });
    // An error always ends in 'close' (hadError): the relay learns of it there.
    socket.on('error', () => socket.destroy());
    socket.on('close', (hadError: boolean) => {
      this.#state = 3;
      clearTimeout(this.#killTimer);
      this.emit('close', hadError ? RAW_CLOSED_ABNORMALLY : RAW_CLOSED_CLEANLY, NO_REASON);
    });
  }

  get readyState(): number {
    return this.#state;
  }

  get bufferedAmount(): number {
    return this.socket.writableLength;
  }

  get isPaused(): boolean {
    return this.#paused;
  }

  send(data: Buffer, _options: { binary: true }, cb?: (err?: Error) => void): void {
    if (this.#state !== 1) return cb?.(new Error('the raw relay socket is not open'));
    if (cb) this.socket.write(data, (err) => cb(err ?? undefined));
    else this.socket.write(data);
  }

  pause(): void {
    this.#paused = true;
    this.socket.pause();
  }

  resume(): void {
    this.#paused = false;
    this.socket.resume();
  }

  close(): void {
    if (this.#state !== 1) return;
    this.#state = 2;
    this.socket.end();
    // A peer that never ends its half is cut off.
    this.#killTimer = setTimeout(() => this.socket.destroy(), 5_000).unref();
  }

  terminate(): void {
    this.#state = 2;
    this.socket.destroy();
  }
}
