// Reads what an X display shows, from the X server itself: `xwd -root -silent` dumps the
// root window (every mapped window drawn on it) as an XWD file, which this parses. The
// header is 25 big-endian CARD32 fields, then the window name, then `ncolors` 12-byte
// colour entries, then the pixels (ZPixmap, in the byte order the header says).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';

const run = promisify(execFile);

const XWD_FILE_VERSION = 7;
const Z_PIXMAP = 2;
const HEADER_FIELDS = 25;
const COLOUR_ENTRY_BYTES = 12;

export interface XwdHeader {
  headerSize: number;
  fileVersion: number;
  pixmapFormat: number;
  pixmapDepth: number;
  width: number;
  height: number;
  /** 0 LSBFirst, 1 MSBFirst: the order of the bytes of each pixel. */
  byteOrder: number;
  bitsPerPixel: number;
  bytesPerLine: number;
  redMask: number;
  greenMask: number;
  blueMask: number;
  ncolors: number;
}

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

export interface XwdImage {
  header: XwdHeader;
  width: number;
  height: number;
  pixel(x: number, y: number): Rgb;
}

const be32 = (buf: Buffer, field: number): number => buf.readUInt32BE(field * 4);

export function parseXwdHeader(buf: Buffer): XwdHeader {
  if (buf.length < HEADER_FIELDS * 4) throw new Error(`an XWD file has a ${HEADER_FIELDS * 4}-byte header; got ${buf.length} bytes`);
  const header: XwdHeader = {
    headerSize: be32(buf, 0),
    fileVersion: be32(buf, 1),
    pixmapFormat: be32(buf, 2),
    pixmapDepth: be32(buf, 3),
    width: be32(buf, 4),
    height: be32(buf, 5),
    byteOrder: be32(buf, 7),
    bitsPerPixel: be32(buf, 11),
    bytesPerLine: be32(buf, 12),
    redMask: be32(buf, 14),
    greenMask: be32(buf, 15),
    blueMask: be32(buf, 16),
    ncolors: be32(buf, 19),
  };
  if (header.fileVersion !== XWD_FILE_VERSION) throw new Error(`XWD file version ${header.fileVersion}, expected ${XWD_FILE_VERSION}`);
  if (header.pixmapFormat !== Z_PIXMAP) throw new Error(`XWD pixmap format ${header.pixmapFormat}: only ZPixmap (2) is read`);
  if (header.bitsPerPixel !== 32 && header.bitsPerPixel !== 24 && header.bitsPerPixel !== 16) throw new Error(`${header.bitsPerPixel} bits per pixel is not read`);
  if (header.headerSize < HEADER_FIELDS * 4) throw new Error(`XWD header size ${header.headerSize} is too small`);
  return header;
}

/** The value of `mask`'s bits in `v`, scaled to 0..255. */
function channel(v: number, mask: number): number {
  if (mask === 0) return 0;
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  const max = mask >>> shift;
  return Math.round((((v & mask) >>> shift) * 255) / max);
}

export function parseXwd(buf: Buffer): XwdImage {
  const header = parseXwdHeader(buf);
  const pixelsAt = header.headerSize + header.ncolors * COLOUR_ENTRY_BYTES;
  const need = pixelsAt + header.bytesPerLine * header.height;
  if (buf.length < need) throw new Error(`XWD file truncated: ${buf.length} bytes, ${need} needed`);
  const bytes = header.bitsPerPixel / 8;
  const little = header.byteOrder === 0;
  const pixel = (x: number, y: number): Rgb => {
    if (x < 0 || y < 0 || x >= header.width || y >= header.height) throw new RangeError(`(${x}, ${y}) is outside ${header.width}x${header.height}`);
    const at = pixelsAt + y * header.bytesPerLine + x * bytes;
    let v = 0;
    for (let i = 0; i < bytes; i++) v = (v << 8) | (buf[little ? at + bytes - 1 - i : at + i] ?? 0);
    v >>>= 0;
    return { r: channel(v, header.redMask), g: channel(v, header.greenMask), b: channel(v, header.blueMask) };
  };
  return { header, width: header.width, height: header.height, pixel };
}

/** Dumps the X display's root window with xwd and parses it. */
export async function captureXDisplay(display: string): Promise<XwdImage> {
  const { stdout } = await run('xwd', ['-root', '-silent', '-display', display], { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 });
  return parseXwd(stdout);
}

/** Writes the image as a PNG (to look at). */
export function writeXwdPng(image: XwdImage, file: string): void {
  const png = new PNG({ width: image.width, height: image.height });
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const p = image.pixel(x, y);
      const i = (y * image.width + x) * 4;
      png.data[i] = p.r;
      png.data[i + 1] = p.g;
      png.data[i + 2] = p.b;
      png.data[i + 3] = 255;
    }
  }
  fs.writeFileSync(file, PNG.sync.write(png));
}
