// The "room side" of the relay benchmark, in its own process: a real agent bridging to the
// simulator's RFB server (rfb-process.ts, the VNC server every measurement uses), plus the load
// rooms whose agents answer session.open by streaming 200 kbit/s of timestamped records
// over the data WebSocket, and the same stream over plain TCP (for websockify) and over a
// direct WebSocket (the no-intermediary baseline).
// Usage: node --import tsx bench/relay/room-process.ts <json options>; prints one JSON line when ready.
import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { AgentConnection, createSessionHandler, enroll, SimulatedProbe } from '@roomwarden/agent';
import type { SessionCallbacks, SessionHandler, SessionOpenCommand } from '@roomwarden/agent';
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

/** Streams over an agent's data WebSocket for each session opened on a load room. */
class StreamSessionHandler implements SessionHandler {
  private readonly sockets = new Map<string, { ws: WebSocket; sink: StreamSink }>();
  constructor(private readonly callbacks: SessionCallbacks) {}
  open(cmd: SessionOpenCommand): Promise<void> {
    const ws = new WebSocket(cmd.relayUrl, { perMessageDeflate: false });
    let sent = 0;
    const sink: StreamSink = {
      send: (b) => {
        if (ws.readyState !== WebSocket.OPEN) return;
        sent += b.length;
        ws.send(b);
      },
    };
    ws.on('open', () => {
      this.sockets.set(cmd.sessionId, { ws, sink });
      scheduler.add(sink);
      this.callbacks.opened(cmd.sessionId);
    });
    ws.on('error', (err) => this.callbacks.failed(cmd.sessionId, 'relay_unreachable', err.message));
    ws.on('close', () => {
      scheduler.remove(sink);
      if (this.sockets.delete(cmd.sessionId)) this.callbacks.closed(cmd.sessionId, 'relay_closed', { toViewer: sent, fromViewer: 0 });
    });
    return Promise.resolve();
  }
  close(sessionId: string): void {
    this.sockets.get(sessionId)?.ws.close(1000);
  }
}

async function startAgent(index: number, handler: (cb: SessionCallbacks) => SessionHandler): Promise<string> {
  const { credentials } = await enroll({
    server: opts.server,
    token: opts.token,
    platform: 'sim',
    hostname: `bench-${process.pid}-${index}`,
    machineId: `bench-${process.pid}-${index}`,
    roomName: index === 0 ? 'Bench VNC room' : `Bench load room ${index}`,
  });
  const agent = new AgentConnection({
    gatewayUrl: credentials.gatewayUrl,
    deviceId: credentials.deviceId,
    deviceSecret: credentials.deviceSecret,
    probe: new SimulatedProbe({ seed: index, failureRatePerMinute: 0 }),
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
  const vncRoomId = await startAgent(0, (cb) => createSessionHandler({ host: '127.0.0.1', port: opts.rfbPort, password: opts.password }, cb));
  const loadRoomIds: string[] = [];
  for (let i = 1; i <= opts.loadRooms; i++) loadRoomIds.push(await startAgent(i, (cb) => new StreamSessionHandler(cb)));

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
  process.stdout.write(`${JSON.stringify({ ready: true, vncRoomId, loadRoomIds })}\n`);
  process.on('SIGTERM', () => process.exit(0));
}

main().catch((err: unknown) => {
  process.stderr.write(`room process failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
