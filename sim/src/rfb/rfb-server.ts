// The simulator's built-in RFB 3.8 server: VNC password authentication, Raw encoding,
// a synthetic room console that ticks every second and reacts to the pointer and keys.
// Each viewer gets only the tiles that changed since its previous update.
import { createServer } from 'node:net';
import type { ClientMessage } from '@roomwarden/protocol';
import { Canvas, markChangedTiles, tileCount } from './framebuffer.ts';
import { drawConsole } from './console-screen.ts';
import type { ConsoleState } from './console-screen.ts';
import type { SimulatedRoomView } from '@roomwarden/agent';
import { ServerConnection } from './server-connection.ts';
import type { ConnectionHost } from './server-connection.ts';

export interface RfbServerOptions {
  port: number;
  host?: string;
  password: string;
  roomName: string;
  width?: number;
  height?: number;
  /** Called with each viewer that closes, and why (for logs). */
  onViewerClosed?: (reason: string) => void;
  /** The simulated room this screen shows (its meetings and peripherals), read at each redraw. */
  room?: () => SimulatedRoomView;
}

export interface RfbServerInspection {
  viewers: number;
  typed: string;
  pointer: ConsoleState['pointer'];
  clicks: ConsoleState['clicks'];
  frames: number;
  /** The in-room notice's label, while one is shown. */
  notice: string | null;
}

export interface RfbServer {
  port: number;
  close(): Promise<void>;
  /** What the console currently shows (tests and logs). */
  inspect(): RfbServerInspection;
  /** Shows the in-room notice (the red ring and this label), or takes it away (null). */
  showNotice(text: string | null): void;
}

const MAX_TRAIL = 60;
const MAX_CLICKS = 12;
const MAX_TYPED = 200;
const RENDER_DELAY_MS = 15;

const KEY_NAMES: ReadonlyMap<number, string> = new Map([
  [0xff0d, '[RET]'],
  [0xff09, '[TAB]'],
  [0xff1b, '[ESC]'],
  [0xffff, '[DEL]'],
  [0xffe3, '[CTRL]'],
  [0xffe4, '[CTRL]'],
  [0xffe9, '[ALT]'],
  [0xffea, '[ALT]'],
  [0xffe1, '[SHIFT]'],
  [0xffe2, '[SHIFT]'],
  [0xffeb, '[WIN]'],
  [0xff51, '[LEFT]'],
  [0xff52, '[UP]'],
  [0xff53, '[RIGHT]'],
  [0xff54, '[DOWN]'],
]);

function keyText(keysym: number): string {
  if (keysym >= 0x20 && keysym <= 0x7e) return String.fromCharCode(keysym);
  if (keysym >= 0xffbe && keysym <= 0xffc9) return `[F${keysym - 0xffbe + 1}]`;
  return KEY_NAMES.get(keysym) ?? `[${keysym.toString(16).toUpperCase()}]`;
}

export async function startRfbServer(options: RfbServerOptions): Promise<RfbServer> {
  const width = options.width ?? 1280;
  const height = options.height ?? 720;
  if (width < 160 || height < 120 || width > 4096 || height > 4096) throw new RangeError('screen size must be 160x120 .. 4096x4096');
  // The two canvases (~7 MB at 1280×720) exist only while someone is connected, so a
  // fleet of simulated rooms costs little until a session opens.
  let screens: { front: Canvas; back: Canvas } | null = null;
  const changed = new Uint8Array(tileCount(width, height));
  const connections = new Set<ServerConnection>();
  const state: ConsoleState = { roomName: options.roomName, now: new Date(), viewers: 0, pointer: null, trail: [], clicks: [], typed: '', notice: null };
  let frames = 0;
  let renderTimer: NodeJS.Timeout | null = null;

  /** What the screen shows that changes by itself: the clock, and the room's meeting and peripherals. */
  const refresh = () => {
    state.now = new Date();
    if (options.room) state.room = options.room();
  };

  const ensureScreens = (): { front: Canvas; back: Canvas } => {
    if (!screens) {
      screens = { front: new Canvas(width, height), back: new Canvas(width, height) };
      refresh();
      drawConsole(screens.front, state);
    }
    return screens;
  };

  const render = () => {
    renderTimer = null;
    if (connections.size === 0) {
      screens = null;
      return;
    }
    const s = ensureScreens();
    refresh();
    state.viewers = [...connections].filter((c) => c.kind === 'ready').length;
    drawConsole(s.back, state);
    changed.fill(0);
    const n = markChangedTiles(s.front, s.back, changed);
    screens = { front: s.back, back: s.front };
    frames++;
    if (n === 0) return;
    for (const conn of connections) {
      for (let i = 0; i < changed.length; i++) if (changed[i]) conn.dirty[i] = 1;
      conn.flush();
    }
  };
  const invalidate = () => {
    renderTimer ??= setTimeout(render, RENDER_DELAY_MS);
  };

  const onInput = (m: ClientMessage) => {
    if (m.type === 'keyEvent') {
      if (!m.down) return;
      if (m.keysym === 0xff08) state.typed = state.typed.slice(0, -1);
      else state.typed = (state.typed + keyText(m.keysym)).slice(-MAX_TYPED);
    } else if (m.type === 'pointerEvent') {
      const x = Math.min(m.x, width - 1);
      const y = Math.min(m.y, height - 1);
      const pressed = m.buttonMask & ~(state.pointer?.buttons ?? 0);
      state.pointer = { x, y, buttons: m.buttonMask };
      const last = state.trail.at(-1);
      if (!last || Math.abs(last.x - x) + Math.abs(last.y - y) >= 4) state.trail = [...state.trail, { x, y }].slice(-MAX_TRAIL);
      if (pressed) state.clicks = [...state.clicks, { x, y, button: pressed }].slice(-MAX_CLICKS);
    } else if (m.type === 'clientCutText') {
      state.typed = (state.typed + `[PASTE ${m.text.length}]`).slice(-MAX_TYPED);
    }
    invalidate();
  };

  const host: ConnectionHost = {
    password: options.password,
    name: options.roomName,
    width,
    height,
    get screen() {
      return ensureScreens().front;
    },
    onClientMessage: (_conn, m) => onInput(m),
    onReady: () => invalidate(),
    onClosed: (conn, reason) => {
      connections.delete(conn);
      options.onViewerClosed?.(reason);
      invalidate();
    },
  };

  let lastSecond = Math.floor(Date.now() / 1000);
  const clock = setInterval(() => {
    const second = Math.floor(Date.now() / 1000);
    if (second !== lastSecond && connections.size > 0) {
      lastSecond = second;
      invalidate();
    }
  }, 100);
  clock.unref();

  const server = createServer((socket) => {
    connections.add(new ServerConnection(socket, host));
  });
  server.maxConnections = 2000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;

  return {
    port,
    inspect: () => ({ viewers: state.viewers, typed: state.typed, pointer: state.pointer, clicks: state.clicks, frames, notice: state.notice }),
    showNotice: (text) => {
      state.notice = text;
      invalidate();
    },
    close: async () => {
      clearInterval(clock);
      if (renderTimer) clearTimeout(renderTimer);
      for (const conn of connections) {
        conn.fail('server closing');
        conn.socket.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
