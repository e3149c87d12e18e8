import { describe, expect, it } from 'vitest';
import { buildSecurityResult, buildServerInit, DEFAULT_PIXEL_FORMAT, vncAuthResponse } from '@roomwarden/protocol';
import { end, fail, relayConnected, transition, vncConnected, waitsOn } from './bridge-state.ts';
import type { BridgeState, Step } from './bridge-state.ts';

const init = buildServerInit({ width: 8, height: 4, pixelFormat: DEFAULT_PIXEL_FORMAT, name: 'r' });
const u32 = (n: number) => Buffer.from([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);

/** Feeds the VNC side's bytes one at a time (resuming), collecting what the bridge sends. */
function feedVnc(state: BridgeState, bytes: Buffer, password?: string): { state: BridgeState; toVnc: Buffer; effects: string[] } {
  let pending = Buffer.alloc(0);
  const toVnc: Buffer[] = [];
  const effects: string[] = [];
  for (const byte of bytes) {
    pending = Buffer.concat([pending, Buffer.from([byte])]);
    while (waitsOn(state) === 'vnc') {
      const step: Step = transition(state, pending, password === undefined ? {} : { password });
      pending = pending.subarray(step.consumed);
      toVnc.push(...(step.toVnc ?? []));
      if (step.effect) effects.push(step.effect);
      const moved = step.state !== state;
      state = step.state;
      if (!moved && step.consumed === 0) break;
    }
  }
  return { state, toVnc: Buffer.concat(toVnc), effects };
}

describe('bridge state machine (VNC side)', () => {
  const start = vncConnected({ kind: 'connectingVnc' }).state;

  it('speaks 3.8 with VNC authentication, never choosing Tight, byte by byte', () => {
    const challenge = Buffer.alloc(16, 7);
    const server = Buffer.concat([Buffer.from('RFB 003.008\n'), Buffer.from([3, 16, 2, 1]), challenge, buildSecurityResult(true), init]);
    const r = feedVnc(start, server, 'pw');
    expect(r.state).toMatchObject({ kind: 'connectingRelay', serverInit: init });
    expect(r.toVnc).toEqual(Buffer.concat([Buffer.from('RFB 003.008\n'), Buffer.from([2]), vncAuthResponse('pw', challenge), Buffer.from([1])]));
    expect(r.effects).toEqual(['openRelay']);
  });

  it('uses None when offered and there is no password (3.8 has a SecurityResult, 3.3 not)', () => {
    const r8 = feedVnc(start, Buffer.concat([Buffer.from('RFB 003.008\n'), Buffer.from([2, 16, 1]), buildSecurityResult(true), init]));
    expect(r8.state.kind).toBe('connectingRelay');
    const r3 = feedVnc(start, Buffer.concat([Buffer.from('RFB 003.003\n'), u32(1), init]));
    expect(r3.state.kind).toBe('connectingRelay');
    expect(r3.toVnc).toEqual(Buffer.concat([Buffer.from('RFB 003.003\n'), Buffer.from([1])]));
  });

  it('fails clearly: Tight only, refused connection with reason, wrong password', () => {
    const tightOnly = feedVnc(start, Buffer.concat([Buffer.from('RFB 003.008\n'), Buffer.from([1, 16])]), 'pw');
    expect(tightOnly.state).toMatchObject({ kind: 'refusing', failure: { reason: 'vnc_protocol_error', message: expect.stringMatching(/offered: 16/) } });
    const refused = feedVnc(start, Buffer.concat([Buffer.from('RFB 003.008\n'), Buffer.from([0]), u32(8), Buffer.from('too many')]));
    expect(refused.state).toMatchObject({ kind: 'refusing', failure: { reason: 'vnc_protocol_error', message: expect.stringMatching(/too many$/) } });
    const badPw = feedVnc(start, Buffer.concat([Buffer.from('RFB 003.008\n'), Buffer.from([1, 2]), Buffer.alloc(16), buildSecurityResult(false, 'Authentication failure')]), 'x');
    expect(badPw.state).toMatchObject({ kind: 'refusing', failure: { reason: 'vnc_auth_failed', message: "The room's VNC server refused the password: Authentication failure" } });
    expect(feedVnc(start, Buffer.from('HTTP/1.1 400 ')).state).toMatchObject({ kind: 'refusing', failure: { reason: 'vnc_protocol_error' } });
  });
});

describe('bridge state machine (viewer side)', () => {
  it('greets the viewer as an RFB 3.8 server with None and forwards ServerInit on ClientInit', () => {
    let s: BridgeState = { kind: 'connectingRelay', serverInit: init };
    const hello = relayConnected(s);
    expect(hello.toViewer).toEqual([Buffer.from('RFB 003.008\n')]);
    s = hello.state;
    const v = transition(s, Buffer.from('RFB 003.008\n'), {});
    expect(v.toViewer).toEqual([Buffer.from([1, 1])]);
    const sec = transition(v.state, Buffer.from([1]), {});
    expect(sec.toViewer).toEqual([buildSecurityResult(true)]);
    const ci = transition(sec.state, Buffer.from([1]), {});
    expect(ci).toMatchObject({ state: { kind: 'splicing' }, consumed: 1, toViewer: [init], effect: 'splice' });
  });

  it('tells an RFB 3.8 viewer why with SecurityResult 1 and a reason', () => {
    const failure = { reason: 'vnc_auth_failed' as const, message: "The room's VNC server refused the password" };
    const refusing = fail({ kind: 'vncSecurityResult', minor: 8, type: 2 }, failure);
    expect(refusing.effect).toBe('openRelay');
    const greeted = relayConnected(refusing.state);
    const v = transition(greeted.state, Buffer.from('RFB 003.008\n'), {});
    const end = transition(v.state, Buffer.from([1]), {});
    expect(end).toMatchObject({ state: { kind: 'closed', outcome: { failed: failure } }, toViewer: [buildSecurityResult(false, failure.message)], effect: 'done' });
  });
});

describe('bridge state machine (ending)', () => {
  it('ends cleanly from any open state, once: closed with the reason, everything closed', () => {
    const states: BridgeState[] = [
      { kind: 'connectingVnc' },
      { kind: 'vncVersion' },
      { kind: 'connectingRelay', serverInit: init },
      { kind: 'viewerVersion', serverInit: init },
      { kind: 'splicing' },
      { kind: 'refusing', phase: 'viewerVersion', failure: { reason: 'vnc_unreachable', message: 'x' } },
    ];
    for (const s of states) expect(end(s, 'vnc_closed'), s.kind).toEqual({ state: { kind: 'closed', outcome: { ended: 'vnc_closed' } }, consumed: 0, effect: 'done' });
    const closed: BridgeState = { kind: 'closed', outcome: { ended: 'viewer_closed' } };
    expect(end(closed, 'agent_stopping')).toEqual({ state: closed, consumed: 0 });
    const failed: BridgeState = { kind: 'closed', outcome: { failed: { reason: 'vnc_auth_failed', message: 'x' } } };
    expect(end(failed, 'agent_stopping').state).toBe(failed);
  });
});
