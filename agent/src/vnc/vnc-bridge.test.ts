// The bridge end to end over loopback: a small RFB server (security None), the bridge, and a
// relay stand-in acting as the viewer. What the VNC server sends after ServerInit must reach
// the viewer byte for byte, on both link transports, also when the viewer reads slowly (the
// bridge reuses its read buffer only when a write has not kept it).
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { RELAY_RAW_UPGRADE } from '@roomwarden/protocol';
import type { RelayTransportKind } from '@roomwarden/protocol';
import { VncBridge } from './vnc-bridge.ts';

const SERVER_INIT = Buffer.concat([Buffer.from([0x05, 0x00, 0x02, 0xd0]), Buffer.alloc(16, 1), Buffer.from([0, 0, 0, 4]), Buffer.from('room')]);
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const listen = async (server: net.Server | http.Server): Promise<number> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return (server.address() as AddressInfo).port;
};

/** An RFB 3.8 server with security None that sends `payload` (in 100 KB writes) right after ServerInit. */
async function rfbServer(payload: Buffer): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    let got = Buffer.alloc(0);
    let step = 0;
    s.write('RFB 003.008\n');
    s.on('data', (d: Buffer) => {
      got = Buffer.concat([got, d]);
      if (step === 0 && got.length >= 12) {
        got = got.subarray(12);
        step = 1;
        s.write(Buffer.from([1, 1]));
      }
      if (step === 1 && got.length >= 1) {
        got = got.subarray(1);
        step = 2;
        s.write(Buffer.from([0, 0, 0, 0]));
      }
      if (step === 2 && got.length >= 1) {
        step = 3;
        s.write(SERVER_INIT);
        for (let at = 0; at < payload.length; at += 100_000) s.write(payload.subarray(at, at + 100_000));
      }
    });
    s.on('error', () => s.destroy());
  });
  cleanups.push(() => new Promise<void>((resolve) => (sockets.forEach((s) => s.destroy()), server.close(() => resolve()))));
  return listen(server);
}

/** The viewer behind the relay: does the viewer's side of the handshake, then collects (slowly, if asked) what follows. */
function viewer(write: (b: Buffer) => void, slow: { pause(): void; resume(): void } | undefined) {
  let got = Buffer.alloc(0);
  let step = 0;
  const body: Buffer[] = [];
  let bodyBytes = 0;
  let sinceStall = 0;
  return {
    body: () => Buffer.concat(body),
    bodyBytes: () => bodyBytes,
    push(d: Buffer): void {
      if (step === 3) {
        body.push(Buffer.from(d));
        bodyBytes += d.length;
        sinceStall += d.length;
        if (slow && sinceStall > 1_000_000) {
          sinceStall = 0;
          slow.pause();
          setTimeout(() => slow.resume(), 15);
        }
        return;
      }
      got = Buffer.concat([got, d]);
      if (step === 0 && got.length >= 12) {
        got = got.subarray(12);
        step = 1;
        write(Buffer.from('RFB 003.008\n'));
      }
      if (step === 1 && got.length >= 2) {
        got = got.subarray(2);
        step = 2;
        write(Buffer.from([1]));
      }
      if (step === 2 && got.length >= 4) {
        got = got.subarray(4);
        step = 3;
        write(Buffer.from([1]));
        if (got.length > 0) this.push(got);
      }
    },
  };
}

type Viewer = ReturnType<typeof viewer>;

async function relayStandIn(slow: boolean): Promise<{ port: number; viewer: Promise<Viewer> }> {
  let found!: (v: Viewer) => void;
  const found$ = new Promise<Viewer>((r) => (found = r));
  const wss = new WebSocketServer({ noServer: true });
  const raws = new Set<Socket>();
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket: Socket, head) => {
    if (String(req.headers.upgrade).toLowerCase() === 'websocket') {
      wss.handleUpgrade(req, socket, head, (ws) => {
        const v = viewer((b) => ws.send(b), slow ? ws : undefined);
        ws.on('message', (d: Buffer) => v.push(d));
        found(v);
      });
      return;
    }
    raws.add(socket);
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: ${RELAY_RAW_UPGRADE}\r\n\r\n`);
    const v = viewer((b) => socket.write(b), slow ? socket : undefined);
    socket.on('data', (d: Buffer) => v.push(d));
    socket.on('error', () => socket.destroy());
    found(v);
  });
  cleanups.push(() => new Promise<void>((resolve) => (wss.close(), raws.forEach((s) => s.destroy()), server.closeAllConnections(), server.close(() => resolve()))));
  return { port: await listen(server), viewer: found$ };
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('VncBridge splice', () => {
  for (const transport of ['raw', 'websocket'] as RelayTransportKind[]) {
    for (const slow of [false, true]) {
      it(`carries 24 MB from the VNC server to the viewer unchanged (${transport} link, ${slow ? 'slow' : 'fast'} viewer)`, async () => {
        const payload = randomBytes(24 * 1024 * 1024);
        const vncPort = await rfbServer(payload);
        const relay = await relayStandIn(slow);
        let opened = false;
        const bridge = new VncBridge(
          { sessionId: 's', mode: 'control', relayUrl: `ws://127.0.0.1:${relay.port}/api/v1/sessions/s/agent`, ticket: 't' },
          { host: '127.0.0.1', port: vncPort },
          { opened: () => (opened = true), failed: (f) => expect.fail(f.message), closed: () => undefined },
          undefined,
          { transports: [transport] },
        );
        bridge.start();
        cleanups.push(() => bridge.close('test_done'));
        const v = await relay.viewer;
        const want = SERVER_INIT.length + payload.length;
        for (let i = 0; i < 3000 && v.bodyBytes() < want; i++) await new Promise((r) => setTimeout(r, 10));
        expect(opened).toBe(true);
        expect(bridge.relayTransport).toBe(transport);
        const body = v.body();
        expect(body.length).toBe(want);
        expect(body.subarray(0, SERVER_INIT.length)).toEqual(SERVER_INIT);
        expect(sha(body.subarray(SERVER_INIT.length))).toBe(sha(payload));
      }, 60_000);
    }
  }
});
