// The simulator's framebuffer: 0x00RRGGBB pixels, drawing primitives, change detection in
// tiles, and encoding rectangles into a viewer's true-colour pixel format.
import type { PixelFormat } from '@roomwarden/protocol';
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphRows } from './font.ts';

export const TILE = 32;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export class Canvas {
  readonly pixels: Uint32Array;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = new Uint32Array(width * height);
  }

  fill(r: Rect, colour: number): void {
    const x0 = Math.max(0, Math.floor(r.x));
    const y0 = Math.max(0, Math.floor(r.y));
    const x1 = Math.min(this.width, Math.floor(r.x + r.width));
    const y1 = Math.min(this.height, Math.floor(r.y + r.height));
    for (let y = y0; y < y1; y++) this.pixels.fill(colour, y * this.width + x0, y * this.width + x1);
  }

  frame(r: Rect, colour: number, thickness = 2): void {
    this.fill({ x: r.x, y: r.y, width: r.width, height: thickness }, colour);
    this.fill({ x: r.x, y: r.y + r.height - thickness, width: r.width, height: thickness }, colour);
    this.fill({ x: r.x, y: r.y, width: thickness, height: r.height }, colour);
    this.fill({ x: r.x + r.width - thickness, y: r.y, width: thickness, height: r.height }, colour);
  }

  /** Draws text with the 5×7 font at `scale` pixels per dot; returns the x after the text. */
  text(x: number, y: number, s: string, colour: number, scale = 2): number {
    let cx = x;
    for (const ch of s) {
      const rows = glyphRows(ch);
      rows.forEach((bits, row) => {
        for (let col = 0; col < GLYPH_WIDTH; col++) {
          if (bits & (1 << (GLYPH_WIDTH - 1 - col))) this.fill({ x: cx + col * scale, y: y + row * scale, width: scale, height: scale }, colour);
        }
      });
      cx += (GLYPH_WIDTH + 1) * scale;
    }
    return cx;
  }

  copyFrom(other: Canvas): void {
    this.pixels.set(other.pixels);
  }
}

export function textWidth(s: string, scale = 2): number {
  return [...s].length * (GLYPH_WIDTH + 1) * scale;
}
export function textHeight(scale = 2): number {
  return GLYPH_HEIGHT * scale;
}

/** Marks, in `dirty` (one byte per tile), the tiles whose pixels differ between a and b. */
export function markChangedTiles(a: Canvas, b: Canvas, dirty: Uint8Array): number {
  const tilesX = Math.ceil(a.width / TILE);
  let changed = 0;
  for (let y = 0; y < a.height; y++) {
    const ty = Math.floor(y / TILE);
    const row = y * a.width;
    for (let tx = 0; tx < tilesX; tx++) {
      const t = ty * tilesX + tx;
      if (dirty[t] === 2) continue; // already found changed this pass
      const end = Math.min(a.width, (tx + 1) * TILE);
      for (let x = tx * TILE; x < end; x++) {
        if (a.pixels[row + x] !== b.pixels[row + x]) {
          dirty[t] = 2;
          changed++;
          break;
        }
      }
    }
  }
  for (let i = 0; i < dirty.length; i++) if (dirty[i] === 2) dirty[i] = 1;
  return changed;
}

export function tileCount(width: number, height: number): number {
  return Math.ceil(width / TILE) * Math.ceil(height / TILE);
}

/** Turns dirty tiles into rectangles (runs of tiles on a tile row), clipped to the screen and to `within`. */
export function dirtyRects(dirty: Uint8Array, width: number, height: number, within: Rect): Rect[] {
  const tilesX = Math.ceil(width / TILE);
  const tilesY = Math.ceil(height / TILE);
  const rects: Rect[] = [];
  for (let ty = 0; ty < tilesY; ty++) {
    let tx = 0;
    while (tx < tilesX) {
      if (!dirty[ty * tilesX + tx]) {
        tx++;
        continue;
      }
      const start = tx;
      while (tx < tilesX && dirty[ty * tilesX + tx]) tx++;
      const r = clip({ x: start * TILE, y: ty * TILE, width: (tx - start) * TILE, height: TILE }, { x: 0, y: 0, width, height });
      const c = r && clip(r, within);
      if (c) rects.push(c);
    }
  }
  return rects;
}

/** Clears the tiles that intersect `r`. */
export function clearTiles(dirty: Uint8Array, width: number, r: Rect): void {
  const tilesX = Math.ceil(width / TILE);
  const tx1 = Math.min(tilesX, Math.ceil((r.x + r.width) / TILE));
  for (let ty = Math.floor(r.y / TILE); ty * TILE < r.y + r.height; ty++) {
    for (let tx = Math.floor(r.x / TILE); tx < tx1; tx++) {
      if (ty * tilesX + tx < dirty.length) dirty[ty * tilesX + tx] = 0;
    }
  }
}

export function clip(r: Rect, to: Rect): Rect | undefined {
  const x0 = Math.max(r.x, to.x);
  const y0 = Math.max(r.y, to.y);
  const x1 = Math.min(r.x + r.width, to.x + to.width);
  const y1 = Math.min(r.y + r.height, to.y + to.height);
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : undefined;
}

/** Why a pixel format cannot be served, or undefined when it can (true colour, 8/16/32 bpp). */
export function unsupportedPixelFormat(pf: PixelFormat): string | undefined {
  if (!pf.trueColour) return 'colour-map pixel formats are not supported';
  if (![8, 16, 32].includes(pf.bitsPerPixel)) return `${pf.bitsPerPixel} bits per pixel is not supported`;
  for (const [max, shift] of [
    [pf.redMax, pf.redShift],
    [pf.greenMax, pf.greenShift],
    [pf.blueMax, pf.blueShift],
  ] as const) {
    if (max === 0 || (max & (max + 1)) !== 0) return 'colour maxima must be 2^n-1';
    if (shift + Math.log2(max + 1) > pf.bitsPerPixel) return 'colour shifts exceed the pixel size';
  }
  return undefined;
}

const isNativeFormat = (pf: PixelFormat) =>
  pf.bitsPerPixel === 32 && !pf.bigEndian && pf.redMax === 255 && pf.greenMax === 255 && pf.blueMax === 255 && pf.redShift === 16 && pf.greenShift === 8 && pf.blueShift === 0;
const littleEndianHost = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The pixels of `r` in the viewer's pixel format (Raw encoding payload). */
export function encodeRect(c: Canvas, r: Rect, pf: PixelFormat): Buffer {
  const bpp = pf.bitsPerPixel / 8;
  const out = Buffer.alloc(r.width * r.height * bpp);
  if (isNativeFormat(pf) && littleEndianHost) {
    for (let y = 0; y < r.height; y++) {
      const from = (r.y + y) * c.width + r.x;
      out.set(new Uint8Array(c.pixels.buffer, c.pixels.byteOffset + from * 4, r.width * 4), y * r.width * 4);
    }
    return out;
  }
  if (bpp === 4 && !pf.bigEndian && littleEndianHost && pf.redMax === 255 && pf.greenMax === 255 && pf.blueMax === 255) {
    // 8 bits per channel in another order (noVNC asks for 0x00BBGGRR): no scaling, one word per pixel.
    const words = new Uint32Array(r.width * r.height);
    const { redShift: rs, greenShift: gs, blueShift: bs } = pf;
    let i = 0;
    for (let y = 0; y < r.height; y++) {
      const row = (r.y + y) * c.width + r.x;
      for (let x = 0; x < r.width; x++) {
        const p = c.pixels[row + x]!;
        words[i++] = ((((p >>> 16) & 0xff) << rs) | (((p >>> 8) & 0xff) << gs) | ((p & 0xff) << bs)) >>> 0;
      }
    }
    return Buffer.from(words.buffer, 0, words.byteLength);
  }
  let at = 0;
  for (let y = 0; y < r.height; y++) {
    const row = (r.y + y) * c.width + r.x;
    for (let x = 0; x < r.width; x++) {
      const p = c.pixels[row + x]!;
      const v =
        ((Math.round((((p >>> 16) & 0xff) * pf.redMax) / 255) << pf.redShift) |
          (Math.round((((p >>> 8) & 0xff) * pf.greenMax) / 255) << pf.greenShift) |
          (Math.round(((p & 0xff) * pf.blueMax) / 255) << pf.blueShift)) >>>
        0;
      if (bpp === 4) at = pf.bigEndian ? out.writeUInt32BE(v, at) : out.writeUInt32LE(v, at);
      else if (bpp === 2) at = pf.bigEndian ? out.writeUInt16BE(v, at) : out.writeUInt16LE(v, at);
      else at = out.writeUInt8(v & 0xff, at);
    }
  }
  return out;
}
