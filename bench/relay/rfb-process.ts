// The VNC server of the relay benchmark in its own process, as on a room PC where the VNC
// server and the agent are separate programs: the simulator's RFB server, 1280×720.
// Usage: node --import tsx bench/relay/rfb-process.ts <port> <password>; prints one JSON line when ready.
import { startRfbServer } from '@roomwarden/sim';

const port = Number(process.argv[2] ?? 0);
const password = process.argv[3] ?? '';
startRfbServer({ port, password, roomName: 'Bench VNC room', width: 1280, height: 720 }).then(
  (rfb) => {
    process.stdout.write(`${JSON.stringify({ ready: true, port: rfb.port })}\n`);
    process.on('SIGTERM', () => void rfb.close().finally(() => process.exit(0)));
  },
  (err: unknown) => {
    process.stderr.write(`RFB server failed: ${String(err)}\n`);
    process.exit(1);
  },
);
