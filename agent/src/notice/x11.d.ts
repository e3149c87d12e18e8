// The part of the `x11` package (pure JavaScript, no types of its own) that the notice uses.
declare module 'x11' {
  import type { EventEmitter } from 'node:events';

  export interface XScreen {
    root: number;
    pixel_width: number;
    pixel_height: number;
    default_colormap: number;
    white_pixel: number;
    black_pixel: number;
  }
  export interface XDisplay {
    screen: XScreen[];
    client: XClient;
  }
  export interface XError extends Error {
    error: number;
    seq: number;
  }
  export interface XEvent {
    name: string;
    wid?: number;
    state?: number;
    count?: number;
  }
  export interface XFontInfo {
    fontAscent: number;
    fontDescent: number;
    maxBounds: { characterWidth: number };
  }
  type Done = (err: XError | null) => boolean | void;
  /** The SHAPE extension (client.require('shape')). */
  export interface XShape {
    Kind: { Bounding: number; Clip: number; Input: number };
    Op: { Set: number };
    Rectangles(op: number, kind: number, window: number, x: number, y: number, rectangles: Array<[number, number, number, number]>): void;
  }
  export interface XClient extends EventEmitter {
    AllocID(): number;
    CreateWindow(id: number, parent: number, x: number, y: number, width: number, height: number, borderWidth: number, depth: number, klass: number, visual: number, values: Record<string, number>): void;
    ChangeWindowAttributes(id: number, values: Record<string, number>): void;
    ChangeProperty(mode: number, wid: number, name: number, type: number, units: number, data: string | Buffer): void;
    MapWindow(id: number): void;
    ConfigureWindow(id: number, values: Record<string, number>): void;
    RaiseWindow(id: number): void;
    DestroyWindow(id: number): void;
    OpenFont(id: number, name: string, cb: Done): void;
    QueryFont(id: number, cb: (err: XError | null, font: XFontInfo) => void): void;
    CreateGC(id: number, drawable: number, values: Record<string, number>): void;
    ChangeGC(id: number, values: Record<string, number>): void;
    ClearArea(wid: number, x: number, y: number, width: number, height: number, exposures: number): void;
    ImageText8(drawable: number, gc: number, x: number, y: number, text: string): void;
    AllocColor(colormap: number, red: number, green: number, blue: number, cb: (err: XError | null, color: { pixel: number }) => void): void;
    close(cb?: (err?: Error) => void): void;
    terminate(): void;
    /** The socket, once connecting. */
    stream?: { destroy(): void };
    atoms: Record<string, number>;
    require(name: 'shape', cb: (err: Error | null, ext: XShape) => void): void;
    WarpPointer(srcWindow: number, dstWindow: number, srcX: number, srcY: number, srcWidth: number, srcHeight: number, dstX: number, dstY: number): void;
    QueryPointer(window: number, cb: (err: XError | null, pointer: { child: number; rootX: number; rootY: number }) => void): void;
  }
  export function createClient(options: { display?: string; shm?: boolean; disableBigRequests?: boolean }, cb: (err: Error | undefined, display: XDisplay) => void): XClient;
  const x11: { createClient: typeof createClient };
  export default x11;
}
