// The portal's remote session viewer, seen from a browser test: opening the Start session
// dialog, waiting for the viewer to connect, reading the remote screen's pixels, mapping
// a point of the remote screen to the page, and writing raw RFB on the viewer's socket.
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { ARTIFACTS, screenshot } from './browser.ts';
import type { VncDesktop } from './x11-vnc.ts';

const CANVAS = '[data-testid="remote-screen"] canvas';

/** The share of the remote screen's pixels clearly of one colour (red or blue), from a PNG of its canvas kept in e2e/artifacts. */
export async function colourShare(page: Page, name: string, colour: 'red' | 'blue' = 'red'): Promise<number> {
  const file = path.join(ARTIFACTS, `${name}.png`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.locator(CANVAS).screenshot({ path: file });
  const png = PNG.sync.read(fs.readFileSync(file));
  let hits = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const r = png.data[i] ?? 0;
    const g = png.data[i + 1] ?? 0;
    const b = png.data[i + 2] ?? 0;
    if (colour === 'red' ? r > 200 && g < 60 && b < 60 : b > 200 && r < 60 && g < 60) hits++;
  }
  return hits / (png.width * png.height);
}

/** Goes to the room's page, waits for Start session to be enabled (and the room's heading, when named), and opens the dialog. */
export async function openStartDialog(page: Page, roomId: string, heading?: string): Promise<void> {
  await page.goto(`/rooms/${roomId}`);
  if (heading) await page.getByRole('heading', { name: heading }).waitFor();
  const start = page.getByRole('button', { name: 'Start session' });
  await expect.poll(() => start.isEnabled(), { timeout: 30_000 }).toBe(true);
  await start.click();
  await page.getByRole('dialog').waitFor();
}

/**
 * After Start (or Join): waits for the viewer's page and its connection, and returns the
 * session's id. When it does not connect: a screenshot named `failShot` (when given) and
 * an error with the viewer's text and `diagnostics()`.
 */
export async function waitViewerConnected(page: Page, diagnostics: () => string, failShot?: string): Promise<string> {
  await page.waitForURL(/\/sessions\/[0-9a-f-]+\/view$/);
  const id = /\/sessions\/([0-9a-f-]+)\/view$/.exec(page.url())?.[1];
  if (!id) throw new Error(`no session id in ${page.url()}`);
  try {
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor({ timeout: 60_000 });
  } catch (err) {
    if (failShot) await screenshot(page, failShot);
    const text = await page.locator('[aria-label="Remote session viewer"]').textContent();
    throw new Error(`the viewer did not connect (${(err as Error).message}); page: ${text}\n${diagnostics()}`);
  }
  await page.locator(CANVAS).waitFor();
  return id;
}

/** Where a point of the remote screen (in its own pixels) is on the page. */
export async function pagePoint(page: Page, desktop: VncDesktop, x: number, y: number): Promise<{ x: number; y: number }> {
  const box = await page.locator(CANVAS).boundingBox();
  if (!box) throw new Error('the remote screen canvas has no box');
  return { x: box.x + (x * box.width) / desktop.width, y: box.y + (y * box.height) / desktop.height };
}

/** Polls the X pointer for `ms` and reports whether it came within 4 px of (x, y) (room for the canvas scaling's rounding). */
export async function pointerReaches(desktop: VncDesktop, x: number, y: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const p = await desktop.pointer();
    if (Math.abs(p.x - x) <= 4 && Math.abs(p.y - y) <= 4) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

/**
 * An init script (context.addInitScript) that keeps every WebSocket the page sends on in
 * window.__rwSockets (noVNC's own socket is left as it is, only send() is wrapped), so
 * the test can write a raw RFB PointerEvent on the viewer's socket: that bypasses noVNC's
 * viewOnly flag (a convenience in the browser) and exercises the relay's filter (the real
 * control).
 */
export const CAPTURE_SOCKETS = `(() => {
  const sockets = new Set();
  window.__rwSockets = sockets;
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    sockets.add(this);
    return send.call(this, data);
  };
})();`;

/** Writes an RFB PointerEvent on the page's open viewer WebSocket (needs CAPTURE_SOCKETS). */
export async function sendRawPointer(page: Page, x: number, y: number, buttons: number): Promise<void> {
  const sent = await page.evaluate(
    ({ x, y, buttons }) => {
      const list = [...((window as unknown as { __rwSockets?: Set<WebSocket> }).__rwSockets ?? [])];
      const ws = list.filter((s) => s.url.includes('/viewer') && s.readyState === WebSocket.OPEN).pop();
      if (!ws) return false;
      // RFB PointerEvent: type 5, button mask, x, y (big-endian).
      ws.send(new Uint8Array([5, buttons, (x >> 8) & 0xff, x & 0xff, (y >> 8) & 0xff, y & 0xff]));
      return true;
    },
    { x, y, buttons },
  );
  if (!sent) throw new Error('no open viewer WebSocket in the page');
}
