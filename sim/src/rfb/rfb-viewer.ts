// A minimal programmatic RFB viewer over TCP or WebSocket (the tests, the demo checks and
// the relay benchmark use it): the client parser from protocol plus a framebuffer mirror
// for 32 bpp Raw updates and a way to wait for events.
import { connect } from 'node:net';
import { WebSocket } from 'ws';
import type { RawData } from 'ws';
import { buildFramebufferUpdateRequest, buildSetPixelFormat, createRfbClientParser } from '@roomwarden/protocol';
import type { PixelFormat, RfbClientEvent, RfbClientOptions, ServerInit } from '@roomwarden/protocol';

type Waiter = { pred: (e: RfbClientEvent) => boolean; resolve: (e: RfbClientEvent) => void };

export class RfbViewer {
  readonly events: RfbClientEvent[] = [];
  init: ServerInit | undefined;
  /** 0x00RRGGBB mirror of the remote screen (native 32 bpp little-endian format). */
  screen: Uint32Array | undefined;
  updates = 0;
  bytesReceived = 0;
  closed = false;
  private readonly parser;
  private waiters: Waiter[] = [];
  private closeWaiters: Array<() => void> = [];

  constructor(
    private readonly sendBytes: (b: Buffer) => void,
    private readonly closeTransport: () => void,
    options: RfbClientOptions = {},
  ) {
    this.parser = createRfbClientParser({ keepPixels: true, ...options });
  }

  receive(chunk: Buffer): void {
    this.bytesReceived += chunk.length;
    const { toServer, events } = this.parser.push(chunk);
    for (const b of toServer) this.sendBytes(b);
    for (const e of events) this.onEvent(e);
  }

  private onEvent(e: RfbClientEvent): void {
    if (e.type === 'serverInit') {
      this.init = e.init;
      this.screen = new Uint32Array(e.init.width * e.init.height);
    } else if (e.type === 'framebufferUpdate') {
      this.updates++;
      for (const r of e.rects) if (r.encoding === 0 && r.pixels) this.paint(r.x, r.y, r.width, r.height, r.pixels);
    }
    this.events.push(e);
    const ready = this.waiters.filter((w) => w.pred(e));
    this.waiters = this.waiters.filter((w) => !w.pred(e));
    for (const w of ready) w.resolve(e);
  }

  private paint(x: number, y: number, w: number, h: number, pixels: Buffer): void {
    const screen = this.screen;
    const init = this.init;
    if (!screen || !init || init.pixelFormat.bitsPerPixel !== 32) return;
    for (let row = 0; row < h; row++) {
      for (let col = 0; col < w; col++) screen[(y + row) * init.width + x + col] = pixels.readUInt32LE((row * w + col) * 4) & 0xffffff;
    }
  }

  pixel(x: number, y: number): number | undefined {
    return this.init ? this.screen?.[y * this.init.width + x] : undefined;
  }

  /** Resolves with the first event (past or future) matching `pred`. */
  waitFor(pred: (e: RfbClientEvent) => boolean, timeoutMs = 5000, includePast = false): Promise<RfbClientEvent> {
    const past = includePast ? this.events.find(pred) : undefined;
    if (past) return Promise.resolve(past);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`RFB event not seen within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ pred, resolve: (e) => (clearTimeout(timer), resolve(e)) });
    });
  }

  waitForClose(timeoutMs = 5000): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('connection not closed in time')), timeoutMs);
      this.closeWaiters.push(() => (clearTimeout(timer), resolve()));
    });
  }

  onClosed(): void {
    this.closed = true;
    for (const w of this.closeWaiters) w();
    this.closeWaiters = [];
  }

  send(b: Buffer): void {
    this.sendBytes(b);
  }

  /** Sends SetPixelFormat; the mirror is kept only for the native 32 bpp format. */
  setPixelFormat(pf: PixelFormat): void {
    this.parser.setBitsPerPixel(pf.bitsPerPixel as 8 | 16 | 32);
    if (this.init) this.init = { ...this.init, pixelFormat: pf };
    this.sendBytes(buildSetPixelFormat(pf));
  }

  requestUpdate(incremental: boolean): void {
    const init = this.init;
    if (!init) throw new Error('no ServerInit yet');
    this.sendBytes(buildFramebufferUpdateRequest({ incremental, x: 0, y: 0, width: init.width, height: init.height }));
  }

  close(): void {
    this.closeTransport();
  }
}

export function connectTcpViewer(port: number, options: RfbClientOptions = {}, host = '127.0.0.1'): Promise<RfbViewer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host });
    socket.setNoDelay(true);
    const viewer = new RfbViewer(
      (b) => socket.write(b),
      () => socket.destroy(),
      options,
    );
    socket.on('data', (chunk: Buffer) => viewer.receive(chunk));
    socket.on('close', () => viewer.onClosed());
    socket.once('connect', () => resolve(viewer));
    socket.once('error', reject);
  });
}

export function connectWsViewer(url: string, options: RfbClientOptions = {}): Promise<RfbViewer & { ws: WebSocket }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.binaryType = 'nodebuffer';
    const viewer = Object.assign(
      new RfbViewer(
        (b) => ws.send(b),
        () => ws.close(),
        options,
      ),
      { ws },
    );
    ws.on('message', (data: RawData) => viewer.receive(Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer)));
    ws.on('close', () => viewer.onClosed());
    ws.once('open', () => resolve(viewer));
    ws.once('error', reject);
  });
}
