// Drawing on a real X display is tested in e2e/room-notice.e2e.test.ts (Xvfb, read back
// with xwd). Here: an X display that is not there costs a logged warning, never a throw.
import { describe, expect, it } from 'vitest';
import { X11NoticeDisplay } from './x11-notice.ts';

describe('X11NoticeDisplay without an X server', () => {
  it('says it is unavailable, logs once, keeps trying quietly while a session is live, and closes', async () => {
    const warnings: string[] = [];
    const log = { info: () => undefined, warn: (m: string) => void warnings.push(m), error: () => undefined };
    // Display 5999: no socket, and TCP port 11999 on localhost is not an X server.
    const display = new X11NoticeDisplay({ display: ':5999', log, retryMs: 20, connectTimeoutMs: 1000 });
    expect(await display.probe()).toBe(false);
    expect(display.available()).toBe(false);
    display.show({ kind: 'ring', viewers: [], text: 'Remote session in progress' });
    await new Promise((r) => setTimeout(r, 200));
    await display.close();
    expect(warnings).toEqual(['cannot reach the X display for the in-room notice']);
  });
});
