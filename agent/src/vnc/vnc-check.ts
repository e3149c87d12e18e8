// Can the agent reach and authenticate to the room's VNC server? The same RFB client
// handshake a session makes (bridge-state.ts), run up to ServerInit and then closed, so
// that the room's Signals card says why remote sessions would fail before anyone starts one.
import { connect } from 'node:net';
import type { VncOptions } from '../session-handler.ts';
import { transition, vncConnected, waitsOn, type BridgeState } from './bridge-state.ts';

export type VncCheck = { ok: true; desktopName: string } | { ok: false; message: string };

/** ServerInit: 20 bytes of fixed fields, then a u32 name length and the name. */
function desktopNameOf(serverInit: Buffer): string {
  if (serverInit.length < 24) return '';
  const n = serverInit.readUInt32BE(20);
  return serverInit.subarray(24, 24 + n).toString('utf8').replace(/[^\x20-\x7e]/g, '?').slice(0, 100);
}

export function checkVnc(vnc: VncOptions, timeoutMs = 5_000): Promise<VncCheck> {
  return new Promise((resolve) => {
    let state: BridgeState = { kind: 'connectingVnc' };
    let pending = Buffer.alloc(0);
    let settled = false;
    const tcp = connect({ host: vnc.host, port: vnc.port });
    const finish = (result: VncCheck): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      tcp.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, message: `the VNC server at ${vnc.host}:${vnc.port} did not finish the handshake within ${timeoutMs / 1000} s` }), timeoutMs);
    const config = vnc.password !== undefined ? { password: vnc.password } : {};
    const drive = (): void => {
      while (waitsOn(state) === 'vnc') {
        const step = transition(state, pending, config);
        const progressed = step.consumed > 0 || step.state !== state || (step.toVnc?.length ?? 0) > 0;
        pending = pending.subarray(step.consumed);
        for (const b of step.toVnc ?? []) tcp.write(b);
        state = step.state;
        if (state.kind === 'connectingRelay') return finish({ ok: true, desktopName: desktopNameOf(state.serverInit) });
        if (state.kind === 'refusing') return finish({ ok: false, message: state.failure.message });
        if (!progressed) return;
      }
    };
    tcp.on('connect', () => {
      state = vncConnected(state).state;
      drive();
    });
    tcp.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      drive();
    });
    tcp.on('error', (err) => finish({ ok: false, message: `cannot reach the VNC server at ${vnc.host}:${vnc.port}: ${err.message}` }));
    tcp.on('close', () => finish({ ok: false, message: `the VNC server at ${vnc.host}:${vnc.port} closed the connection during the handshake` }));
  });
}
