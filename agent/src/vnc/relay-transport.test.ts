import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { RELAY_RAW_UPGRADE } from '@roomwarden/protocol';
import { RelayLink, fallsBackToWebSocket } from './relay-transport.ts';

/** A relay stand-in: answers raw upgrades as told (101, or a status) and WebSocket upgrades; echoes "<transport>:<bytes>". */
async function fakeRelay(rawAnswer: number) {
  const seen: string[] = [];
  const wss = new WebSocketServer({ noServer: true });
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket: Socket, head) => {
    const kind = String(req.headers.upgrade).toLowerCase();
    seen.push(kind);
    if (kind === 'websocket') {
      wss.handleUpgrade(req, socket, head, (ws) => ws.on('message', (d: Buffer) => ws.send(Buffer.concat([Buffer.from('ws:'), d]))));
      return;
    }
    if (kind !== RELAY_RAW_UPGRADE || rawAnswer !== 101) {
      const body = JSON.stringify({ error: { code: 'X', message: 'refused' } });
      socket.end(`HTTP/1.1 ${rawAnswer} Refused\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
      return;
    }
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: ${RELAY_RAW_UPGRADE}\r\n\r\n`);
    socket.write('hello'); // bytes right behind the 101 reach the link
    socket.on('end', () => socket.end());
    socket.on('data', (d: Buffer) => (d.toString() === 'bye' ? socket.end() : socket.write(Buffer.concat([Buffer.from('raw:'), d]))));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    seen,
    url: (query: string) => `ws://127.0.0.1:${port}/api/v1/sessions/s/agent?ticket=t${query}`,
    close: () => new Promise<void>((resolve) => (wss.close(), server.closeAllConnections(), server.close(() => resolve()))),
  };
}

function linkTo(url: string) {
  const got: Buffer[] = [];
  const events: string[] = [];
  let resolveClosed!: (v: { clean: boolean; detail: string }) => void;
  const closed = new Promise<{ clean: boolean; detail: string }>((r) => (resolveClosed = r));
  let resolveOpen!: (t: string) => void;
  const opened = new Promise<string>((r) => (resolveOpen = r));
  const link = new RelayLink(
    url,
    {
      open: (t) => (events.push(`open ${t}`), resolveOpen(t)),
      data: (c) => got.push(c),
      close: (clean, detail) => (events.push('close'), resolveClosed({ clean, detail })),
    },
    { handshakeTimeoutMs: 5_000 },
  );
  link.start();
  const text = () => Buffer.concat(got).toString();
  return { link, opened, closed, text, events };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

let relay: Awaited<ReturnType<typeof fakeRelay>> | undefined;
afterEach(async () => relay?.close());

describe('the relay link', () => {
  it('uses the raw stream when the relay URL offers it: bytes both ways, a clean end', async () => {
    relay = await fakeRelay(101);
    const l = linkTo(relay.url('&transports=raw,websocket'));
    expect(await l.opened).toBe('raw');
    expect(l.link.transport).toBe('raw');
    l.link.send(Buffer.from('abc'), () => undefined);
    await until(() => l.text() === 'helloraw:abc');
    l.link.send(Buffer.from('bye'), () => undefined);
    expect(await l.closed).toEqual({ clean: true, detail: 'the relay ended the stream' });
    expect(relay.seen).toEqual([RELAY_RAW_UPGRADE]);
  });

  it('an idle raw stream outlives the handshake timeout', async () => {
    relay = await fakeRelay(101);
    const got: Buffer[] = [];
    let closed = false;
    const link = new RelayLink(relay.url('&transports=raw'), { open: () => undefined, data: (c) => got.push(c), close: () => (closed = true) }, { handshakeTimeoutMs: 100 });
    link.start();
    await until(() => link.isOpen);
    await new Promise((r) => setTimeout(r, 400));
    expect(closed).toBe(false);
    link.send(Buffer.from('x'), () => undefined);
    await until(() => Buffer.concat(got).toString() === 'helloraw:x');
    link.terminate();
  });

  it('uses the WebSocket when the relay URL offers nothing (an older server)', async () => {
    relay = await fakeRelay(101);
    const l = linkTo(relay.url(''));
    expect(await l.opened).toBe('websocket');
    l.link.send(Buffer.from('abc'), () => undefined);
    await until(() => l.text() === 'ws:abc');
    expect(relay.seen).toEqual(['websocket']);
    l.link.close(1000, 'done');
    expect((await l.closed).clean).toBe(true);
  });

  it('falls back to the WebSocket when the raw upgrade is refused with a 4xx other than 401/409', async () => {
    relay = await fakeRelay(400);
    const l = linkTo(relay.url('&transports=raw,websocket'));
    expect(await l.opened).toBe('websocket');
    expect(relay.seen).toEqual([RELAY_RAW_UPGRADE, 'websocket']);
    l.link.terminate();
    await l.closed;
  });

  it.each([401, 409, 503])('does not fall back after a %i: the link closes with the status', async (status) => {
    relay = await fakeRelay(status);
    const l = linkTo(relay.url('&transports=raw,websocket'));
    expect(await l.closed).toEqual({ clean: false, detail: `Unexpected server response: ${status}` });
    expect(l.events).toEqual(['close']);
    expect(relay.seen).toEqual([RELAY_RAW_UPGRADE]);
  });

  it('a relay that is not there: the link closes, never opens', async () => {
    relay = await fakeRelay(101);
    const url = relay.url('&transports=raw,websocket');
    await relay.close();
    relay = undefined;
    const l = linkTo(url);
    expect((await l.closed).clean).toBe(false);
    expect(l.events).toEqual(['close']);
  });

  it('fallsBackToWebSocket: 4xx except 401 and 409', () => {
    expect([400, 404, 426, 401, 409, 500, 200].map(fallsBackToWebSocket)).toEqual([true, true, true, false, false, false, false]);
  });
});
