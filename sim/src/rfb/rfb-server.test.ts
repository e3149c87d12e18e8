import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PIXEL_FORMAT, buildClientCutText, buildKeyEvent, buildPointerEvent, buildSetPixelFormat } from '@roomwarden/protocol';
import { RING_COLOUR } from '@roomwarden/agent';
import { COLOURS } from './console-screen.ts';
import { startRfbServer } from './rfb-server.ts';
import type { RfbServer } from './rfb-server.ts';
import { connectTcpViewer } from './rfb-viewer.ts';
import type { RfbViewer } from './rfb-viewer.ts';

const W = 480;
const H = 320;
let server: RfbServer;
const viewers: RfbViewer[] = [];

beforeEach(async () => {
  server = await startRfbServer({ port: 0, password: 'room-secret', roomName: 'Oslo 4.12', width: W, height: H });
});
afterEach(async () => {
  for (const v of viewers.splice(0)) v.close();
  await server.close();
});

async function viewer(password = 'room-secret'): Promise<RfbViewer> {
  const v = await connectTcpViewer(server.port, { password });
  viewers.push(v);
  return v;
}
const isUpdate = (e: { type: string }) => e.type === 'framebufferUpdate';
const area = (e: any) => e.rects.reduce((s: number, r: any) => s + r.width * r.height, 0);

describe('simulator RFB server', () => {
  it('authenticates with the VNC password and sends the whole console on a full request', async () => {
    const v = await viewer();
    await v.waitFor((e) => e.type === 'serverInit', 5000, true);
    expect(v.init).toMatchObject({ width: W, height: H, name: 'Oslo 4.12', pixelFormat: DEFAULT_PIXEL_FORMAT });
    v.requestUpdate(false);
    const update = await v.waitFor(isUpdate);
    expect(area(update)).toBe(W * H);
    expect(v.pixel(2, 2)).toBe(COLOURS.titleBar);
    expect(v.pixel(W / 2, H / 2)).not.toBeUndefined();
  });

  it('shows the in-room notice: the red ring on all four edges and the label at the top centre, gone once taken away', async () => {
    const v = await viewer();
    await v.waitFor((e) => e.type === 'serverInit', 5000, true);
    v.requestUpdate(false);
    await v.waitFor(isUpdate);
    const middle = v.pixel(W / 2, H / 2);
    expect(v.pixel(1, H / 2)).not.toBe(RING_COLOUR);
    // Asks for updates until the screen shows `pred` (an update may carry only a clock tick drawn before).
    const updatesUntil = async (pred: () => boolean) => {
      for (let i = 0; i < 20 && !pred(); i++) {
        v.requestUpdate(true);
        await v.waitFor(isUpdate, 3000);
      }
      expect(pred()).toBe(true);
    };
    server.showNotice('Remote session: Ada Lovelace (control)');
    await updatesUntil(() => v.pixel(1, H / 2) === RING_COLOUR);
    for (const [x, y] of [[W / 2, 1], [W / 2, H - 2], [1, H / 2], [W - 2, H / 2], [W / 2 - 100, 12]] as const) expect(v.pixel(x, y)).toBe(RING_COLOUR);
    expect(v.pixel(W / 2, H / 2)).toBe(middle);
    expect(server.inspect().notice).toBe('Remote session: Ada Lovelace (control)');
    server.showNotice(null);
    await updatesUntil(() => v.pixel(1, H / 2) !== RING_COLOUR);
    expect(v.pixel(W / 2, 1)).not.toBe(RING_COLOUR);
  });

  it('refuses a wrong password with a reason', async () => {
    const v = await viewer('wrong');
    const e = await v.waitFor((x) => x.type === 'securityFailure', 5000, true);
    expect(e).toMatchObject({ type: 'securityFailure', reason: expect.stringMatching(/wrong password/) });
    await v.waitForClose();
  });

  it('sends only changed rectangles for incremental requests (the clock ticks)', async () => {
    const v = await viewer();
    await v.waitFor((e) => e.type === 'serverInit', 5000, true);
    v.requestUpdate(false);
    await v.waitFor(isUpdate);
    v.requestUpdate(true);
    const tick = await v.waitFor(isUpdate, 3000);
    expect(area(tick)).toBeGreaterThan(0);
    expect(area(tick)).toBeLessThan(W * H);
  });

  it('draws clicks and shows typed keys', async () => {
    const v = await viewer();
    await v.waitFor((e) => e.type === 'serverInit', 5000, true);
    v.requestUpdate(false);
    await v.waitFor(isUpdate);
    const [x, y] = [200, 150];
    expect(v.pixel(x, y)).not.toBe(COLOURS.click);
    v.send(buildPointerEvent(0, x - 30, y));
    v.send(buildPointerEvent(0, x, y));
    v.send(buildPointerEvent(1, x, y));
    v.send(buildPointerEvent(0, x, y));
    for (const ch of 'Hi!') {
      v.send(buildKeyEvent(true, ch.charCodeAt(0)));
      v.send(buildKeyEvent(false, ch.charCodeAt(0)));
    }
    v.send(buildClientCutText('paste'));
    for (let i = 0; i < 20 && v.pixel(x, y) !== COLOURS.click; i++) {
      v.requestUpdate(true);
      await v.waitFor(isUpdate, 3000);
    }
    expect(v.pixel(x, y)).toBe(COLOURS.click);
    expect(v.pixel(x - 30, y)).toBe(COLOURS.trail);
    expect(server.inspect()).toMatchObject({ typed: 'Hi![PASTE 5]', pointer: { x, y, buttons: 0 }, clicks: [{ x, y, button: 1 }] });
  });

  it('honours a big-endian 32 bpp pixel format and closes on a colour-map format', async () => {
    const v = await viewer();
    await v.waitFor((e) => e.type === 'serverInit', 5000, true);
    v.send(buildSetPixelFormat({ ...DEFAULT_PIXEL_FORMAT, bigEndian: true }));
    v.requestUpdate(false);
    const update: any = await v.waitFor(isUpdate);
    const first = update.rects[0];
    expect(first).toMatchObject({ x: 0, y: 0 });
    expect(first.pixels.readUInt32BE(0)).toBe(COLOURS.titleBar);

    const w = await viewer();
    await w.waitFor((e) => e.type === 'serverInit', 5000, true);
    w.send(buildSetPixelFormat({ ...DEFAULT_PIXEL_FORMAT, trueColour: false, bitsPerPixel: 8, depth: 8 }));
    await w.waitForClose();
  });

  it("serves noVNC's pixel format (32 bpp, 0x00BBGGRR)", async () => {
    const v = await viewer();
    await v.waitFor((e) => e.type === 'serverInit', 5000, true);
    v.send(buildSetPixelFormat({ ...DEFAULT_PIXEL_FORMAT, redShift: 0, greenShift: 8, blueShift: 16 }));
    v.requestUpdate(false);
    const update: any = await v.waitFor(isUpdate);
    const c = COLOURS.titleBar;
    expect(update.rects[0].pixels.readUInt32LE(0)).toBe(((c & 0xff) << 16) | (c & 0xff00) | ((c >> 16) & 0xff));
  });

  it('serves 16 bpp true colour (RGB565)', async () => {
    const v = await viewer();
    await v.waitFor((e) => e.type === 'serverInit', 5000, true);
    v.setPixelFormat({ bitsPerPixel: 16, depth: 16, bigEndian: false, trueColour: true, redMax: 31, greenMax: 63, blueMax: 31, redShift: 11, greenShift: 5, blueShift: 0 });
    v.requestUpdate(false);
    const update: any = await v.waitFor(isUpdate);
    const c = COLOURS.titleBar;
    const expected = (Math.round(((c >> 16) * 31) / 255) << 11) | (Math.round((((c >> 8) & 0xff) * 63) / 255) << 5) | Math.round(((c & 0xff) * 31) / 255);
    expect(update.rects[0].pixels.readUInt16LE(0)).toBe(expected);
  });
});
