// What the agent executables lose by going without bufferutil (ws's optional native
// masking/unmasking): the agent is a WebSocket client, so every byte of a remote screen
// it sends to the relay is masked. This sends 1 MiB binary messages (what the VNC bridge
// sends) from a ws client to a ws server on loopback for a fixed amount of data and prints
// the client's throughput and CPU time. Run it twice and compare:
//   node --import tsx bench/agent-bufferutil/run.ts                       (bufferutil, as in the checkout)
//   WS_NO_BUFFER_UTIL=1 node --import tsx bench/agent-bufferutil/run.ts   (without, as in the executables)
import { performance } from 'node:perf_hooks';
import WebSocket, { WebSocketServer } from 'ws';

const TOTAL_MIB = Number(process.env.BENCH_MIB ?? 2048);
const MESSAGE = Buffer.alloc(1024 * 1024, 0x5a);

async function main(): Promise<void> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', maxPayload: 2 * 1024 * 1024, perMessageDeflate: false });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const port = (wss.address() as { port: number }).port;
  let received = 0;
  const done = new Promise<void>((resolve) =>
    wss.on('connection', (ws) =>
      ws.on('message', (d: Buffer) => {
        received += d.length;
        if (received >= TOTAL_MIB * MESSAGE.length) resolve();
      }),
    ),
  );
  const client = new WebSocket(`ws://127.0.0.1:${port}/`, { perMessageDeflate: false });
  await new Promise<void>((r) => client.once('open', () => r()));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < TOTAL_MIB; i++) {
    client.send(MESSAGE, { binary: true });
    if (client.bufferedAmount > 8 * MESSAGE.length) await new Promise((r) => setImmediate(r));
  }
  await done;
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const native = process.env.WS_NO_BUFFER_UTIL ? 'without bufferutil' : 'with bufferutil';
  process.stdout.write(`${native}: ${TOTAL_MIB} MiB in ${seconds.toFixed(2)} s = ${(TOTAL_MIB / seconds).toFixed(0)} MiB/s; CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (client and server in one process)\n`);
  client.close();
  wss.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
