import { describe, expect, it } from 'vitest';
import { DEFAULT_PIXEL_FORMAT, buildFramebufferUpdateRaw, buildSecurityResult, buildServerInit } from './codec.ts';
import { createRfbClientParser } from './client-parser.ts';
import { vncAuthResponse } from './vnc-auth.ts';

const init = { width: 2, height: 1, pixelFormat: DEFAULT_PIXEL_FORMAT, name: 'room' };
const challenge = Buffer.alloc(16, 3);
const pixels = Buffer.from([1, 2, 3, 0, 4, 5, 6, 0]);
const server = Buffer.concat([
  Buffer.from('RFB 003.008\n'),
  Buffer.from([2, 16, 2]),
  challenge,
  buildSecurityResult(true),
  buildServerInit(init),
  buildFramebufferUpdateRaw([{ x: 0, y: 0, width: 2, height: 1, pixels }]),
  Buffer.from([2]), // Bell
]);

describe('RFB client parser', () => {
  it('performs VNC authentication and parses updates, byte by byte', () => {
    const p = createRfbClientParser({ password: 'pw', keepPixels: true });
    const sent: Buffer[] = [];
    const events = [];
    for (const byte of server) {
      const r = p.push(Buffer.from([byte]));
      sent.push(...r.toServer);
      events.push(...r.events);
    }
    expect(Buffer.concat(sent)).toEqual(Buffer.concat([Buffer.from('RFB 003.008\n'), Buffer.from([2]), vncAuthResponse('pw', challenge), Buffer.from([1])]));
    expect(events).toEqual([
      { type: 'serverInit', init },
      { type: 'framebufferUpdate', bytes: 4 + 12 + 8, rects: [{ x: 0, y: 0, width: 2, height: 1, encoding: 0, pixels }] },
      { type: 'bell' },
    ]);
  });

  it('reports a security failure with its reason', () => {
    const p = createRfbClientParser({ password: 'x' });
    const r = p.push(Buffer.concat([Buffer.from('RFB 003.008\n'), Buffer.from([1, 2]), challenge, buildSecurityResult(false, 'no')]));
    expect(r.events).toEqual([{ type: 'securityFailure', reason: 'no' }]);
    expect(p.state).toEqual({ kind: 'failed', reason: 'no' });
  });
});
