// The "room side" of the relay benchmark, in its own process: two real agents bridging to the
// simulator's RFB server (rfb-process.ts, the VNC server every measurement uses), one on the
// raw data path (what the server offers) and one held to the data WebSocket (the old path),
// plus two sets of load rooms (raw, WebSocket) whose agents answer session.open by
// streaming 200 kbit/s of timestamped records over their data connection (the agent's
// RelayLink), and the same stream over plain TCP (for websockify) and over a direct
// WebSocket (the no-intermediary baseline).
// Usage: node --import tsx bench/relay/room-process.ts <json options>; prints one JSON line when ready.
import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { AgentConnection, createVncSessionHandler, enroll, RelayLink, relayUrlWithTicket, SimulatedProbe } from '@roomwarden/agent';
import type { SessionCallbacks, SessionHandler, SessionOpenCommand } from '@roomwarden/agent';
import type { RelayTransportKind } from '@roomwarden/protocol';
import { StreamScheduler } from './stream.ts';
import type { StreamSink } from './stream.ts';

interface RoomProcessOptions {
  server: string;
  token: string;
  rfbPort: number;
  tcpStreamPort: number;
  directStreamPort: number;
  loadRooms: number;
  password: string;
}

const opts = JSON.parse(process.argv[2] ?? '{}') as RoomProcessOptions;
const scheduler = new StreamScheduler();

/** Streams over the agent's data connection (raw or WebSocket, as told) for each session opened on a load room. */
class StreamSessionHandler implements SessionHandler {
  private readonly links = new Map<string, { link: RelayLink; sink: StreamSink }>();
  constructor(
    private readonly callbacks: SessionCallbacks,
    private readonly transports: RelayTransportKind[],
  ) {}
  open(cmd: SessionOpenCommand): Promise<void> {
    let sent = 0;
    let opened = false;
    const sink: StreamSink = {
      send: (b) => {
        if (!link.isOpen) return;
        sent += b.length;
        link.send(b, () => undefined);
      },
    };
    const link = new RelayLink(
      relayUrlWithTicket(cmd.relayUrl, cmd.ticket),
      {
        open: () => {
          opened = true;
          this.links.set(cmd.sessionId, { link, sink });
          scheduler.add(sink);
          this.callbacks.opened(cmd.sessionId);
        },
        data: () => undefined,
        close: (_clean, detail) => {
          scheduler.remove(sink);
          this.links.delete(cmd.sessionId);
          if (opened) this.callbacks.closed(cmd.sessionId, 'relay_closed', { toViewer: sent, fromViewer: 0 });
          else this.callbacks.failed(cmd.sessionId, 'relay_unreachable', detail);
        },
      },
      { handshakeTimeoutMs: 10_000, transports: this.transports },
    );
    link.start();
    return Promise.resolve();
  }
  close(sessionId: string): void {
    this.links.get(sessionId)?.link.close(1000, 'closed');
  }
}

async function startAgent(index: number, handler: (cb: SessionCallbacks) => SessionHandler): Promise<string> {
  const { credentials } = await enroll({
    server: opts.server,
    token: opts.token,
    platform: 'sim',
    hostname: `bench-${process.pid}-${index}`,
    machineId: `bench-${process.pid}-${index}`,
    roomName: index < 2 ? `Bench VNC room ${index}` : `Bench load room ${index}`,
  });
  const agent = new AgentConnection({
    gatewayUrl: credentials.gatewayUrl,
    deviceId: credentials.deviceId,
    deviceSecret: credentials.deviceSecret,
    probe: new SimulatedProbe({ seed: index, failureRatePerMinute: 0, meetingShare: 0 }),
    hostname: `bench-${index}`,
    probeIntervalMs: 60_000,
    sessionHandler: handler,
  });
  await new Promise<void>((resolve) => {
    agent.once('online', () => resolve());
    agent.start();
  });
  return credentials.roomId;
}

async function main(): Promise<void> {
  const vnc = { host: '127.0.0.1', port: opts.rfbPort, password: opts.password };
  const vncRoomId = await startAgent(0, (cb) => createVncSessionHandler(vnc, cb));
  const vncWsRoomId = await startAgent(1, (cb) => createVncSessionHandler(vnc, cb, {}, { transports: ['websocket'] }));
  const loadRoomIds: string[] = [];
  const loadWsRoomIds: string[] = [];
  for (let i = 0; i < opts.loadRooms; i++) loadRoomIds.push(await startAgent(2 + i, (cb) => new StreamSessionHandler(cb, ['raw'])));
  for (let i = 0; i < opts.loadRooms; i++) loadWsRoomIds.push(await startAgent(2 + opts.loadRooms + i, (cb) => new StreamSessionHandler(cb, ['websocket'])));

  // The same stream over plain TCP, for websockify to proxy.
  const tcp = createServer((socket: Socket) => {
    socket.setNoDelay(true);
    const sink: StreamSink = { send: (b) => void socket.write(b) };
    scheduler.add(sink);
    socket.on('close', () => scheduler.remove(sink));
    socket.on('error', () => scheduler.remove(sink));
  });
  await new Promise<void>((resolve) => tcp.listen(opts.tcpStreamPort, '127.0.0.1', () => resolve()));
  // And over a direct WebSocket: no intermediary at all.
  const direct = new WebSocketServer({ port: opts.directStreamPort, host: '127.0.0.1', perMessageDeflate: false });
  direct.on('connection', (ws) => {
    const sink: StreamSink = { send: (b) => ws.send(b) };
    scheduler.add(sink);
    ws.on('close', () => scheduler.remove(sink));
  });
  scheduler.start();
  process.stdout.write(`${JSON.stringify({ ready: true, vncRoomId, vncWsRoomId, loadRoomIds, loadWsRoomIds })}\n`);
  process.on('SIGTERM', () => process.exit(0));
}

main().catch((err: unknown) => {
  process.stderr.write(`room process failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
