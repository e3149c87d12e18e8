// Relay benchmark. In one run, against the same VNC server (the simulator's RFB server,
// 1280×720, 32 bpp Raw) and the same workloads:
//  (a) time from POST /api/v1/rooms/:id/sessions to the first FramebufferUpdate at the viewer;
//  (b) throughput of one session (full-screen non-incremental updates back to back);
//  (c) one-way latency of a small message with 1, 100 and 1,000 concurrent sessions, each
//      carrying a 200 kbit/s stream,
// each through the Roomwarden relay (real server, real agents, real tickets) with the agent's
// data connection on the raw path (new) and on the WebSocket (old), through Debian's
// websockify as the baseline, plus a direct connection (no intermediary) for (b)/(c).
// Usage: npm run bench:relay -w bench  (or: node --import tsx bench/relay/run.ts [--quick])
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { connectTcpViewer, connectWsViewer } from '@roomwarden/sim';
import type { RfbViewer } from '@roomwarden/sim';
import { Api, cpuSeconds, ms, sleep, startChild, stats, waitUntil } from './harness.ts';
import type { Child } from './harness.ts';
import { StreamReceiver } from './stream.ts';

const quick = process.argv.includes('--quick');
const PORT = { server: 18401, rfb: 18451, tcpStream: 18452, directStream: 18453, wsfyVnc: 18460, wsfyStream: 18461, socatHop: 18462, wsfyBehindHop: 18463 };
const BASE = `http://127.0.0.1:${PORT.server}`;
const ADMIN = { email: 'bench@roomwarden.local', password: 'bench-password-0123' };
const VNC_PASSWORD = 'benchpw1';
const LOAD_ROOMS = 40; // the gateway allows 100 messages per agent per 10 s: spread sessions over rooms
const TTFF_RUNS = quick ? 5 : 25;
const THROUGHPUT_MS = quick ? 3000 : 8000;
const LEVELS = process.env.BENCH_LEVELS ? process.env.BENCH_LEVELS.split(',').map(Number) : quick ? [1, 10] : [1, 100, 1000];
const WARMUP_MS = 3000;
const WINDOW_MS = quick ? 4000 : 10_000;

const children: Child[] = [];
const isUpdate = (e: { type: string }) => e.type === 'framebufferUpdate';

interface Started {
  id: string;
  viewerUrl: string;
}

async function firstFrame(viewer: RfbViewer): Promise<void> {
  await viewer.waitFor((e) => e.type === 'serverInit', 10_000, true);
  viewer.requestUpdate(false);
  await viewer.waitFor(isUpdate, 10_000, true);
}

/** Where the time goes (p50 of each step's end, from the POST). */
const ttffSteps: Record<'post' | 'viewerOpen' | 'serverInit', number[]> = { post: [], viewerOpen: [], serverInit: [] };

async function ttffRelay(api: Api, roomId: string): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < TTFF_RUNS; i++) {
    const t0 = performance.now();
    const s = await api.call<Started>('POST', `/rooms/${roomId}/sessions`, { mode: 'control' });
    ttffSteps.post.push(performance.now() - t0);
    const viewer = await connectWsViewer(`${BASE.replace(/^http/, 'ws')}${s.viewerUrl}`, { keepPixels: false });
    ttffSteps.viewerOpen.push(performance.now() - t0);
    await viewer.waitFor((e) => e.type === 'serverInit', 10_000, true);
    ttffSteps.serverInit.push(performance.now() - t0);
    await firstFrame(viewer);
    out.push(performance.now() - t0);
    await api.call('DELETE', `/sessions/${s.id}`);
    await viewer.waitForClose(10_000);
    await sleep(150);
  }
  return out;
}

async function ttffWebsockify(): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < TTFF_RUNS; i++) {
    const t0 = performance.now();
    const viewer = await connectWsViewer(`ws://127.0.0.1:${PORT.wsfyVnc}/`, { password: VNC_PASSWORD, keepPixels: false });
    await firstFrame(viewer);
    out.push(performance.now() - t0);
    viewer.close();
    await viewer.waitForClose(10_000);
    await sleep(150);
  }
  return out;
}

/** Full-screen updates back to back for THROUGHPUT_MS: MB/s and frames/s. */
async function throughput(viewer: RfbViewer): Promise<{ mbps: number; fps: number; seconds: number }> {
  await viewer.waitFor((e) => e.type === 'serverInit', 10_000, true);
  viewer.requestUpdate(false);
  await viewer.waitFor(isUpdate, 10_000);
  const b0 = viewer.bytesReceived;
  const f0 = viewer.updates;
  const t0 = performance.now();
  while (performance.now() - t0 < THROUGHPUT_MS) {
    viewer.requestUpdate(false);
    await viewer.waitFor(isUpdate, 10_000);
  }
  const seconds = (performance.now() - t0) / 1000;
  return { mbps: (viewer.bytesReceived - b0) / 1e6 / seconds, fps: (viewer.updates - f0) / seconds, seconds };
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

interface LatencyResult {
  sessions: number;
  connected: number;
  p50: number;
  p99: number;
  samples: number;
  received: number;
  /** CPU of the intermediary during the window, in % of one core. */
  cpu: number;
  /** CPU of the sending side (the room process) and of this receiving process, % of one core. */
  senderCpu: number;
  receiverCpu: number;
}

let senderPid = 0;

/** N streams; latency samples are kept only inside the measuring window. */
async function latency(n: number, open: (i: number) => Promise<WebSocket>, close: (i: number, ws: WebSocket) => Promise<void>, cpuOf: () => number): Promise<LatencyResult> {
  const samples: number[] = [];
  let recording = false;
  let received = 0;
  const sockets: WebSocket[] = [];
  await pool(
    Array.from({ length: n }, (_, i) => i),
    quick ? 5 : 20,
    async (i) => {
      const ws = await open(i);
      const rx = new StreamReceiver((lat) => {
        if (recording) samples.push(lat);
      });
      ws.on('message', (d: Buffer) => {
        received += d.length;
        rx.push(d);
      });
      sockets[i] = ws;
    },
  );
  await sleep(WARMUP_MS);
  const r0 = received;
  const c0 = cpuOf();
  const s0 = cpuSeconds(senderPid);
  const u0 = process.cpuUsage();
  recording = true;
  await sleep(WINDOW_MS);
  recording = false;
  const pct = (seconds: number) => (seconds / (WINDOW_MS / 1000)) * 100;
  const cpu = pct(cpuOf() - c0);
  const senderCpu = pct(cpuSeconds(senderPid) - s0);
  const u = process.cpuUsage(u0);
  const receiverCpu = pct((u.user + u.system) / 1e6);
  const rate = ((received - r0) * 8) / (WINDOW_MS / 1000) / n / 1000;
  await pool(sockets, quick ? 5 : 50, async (ws, i) => close(i, ws));
  const s = stats(samples);
  process.stderr.write(`    ${n} sessions: ${s.n} samples, ${rate.toFixed(0)} kbit/s per session received, CPU: intermediary ${cpu.toFixed(0)}%, sender ${senderCpu.toFixed(0)}%, receiver ${receiverCpu.toFixed(0)}%\n`);
  return { sessions: n, connected: sockets.filter(Boolean).length, p50: s.p50, p99: s.p99, samples: s.n, received: rate, cpu, senderCpu, receiverCpu };
}

function wsOpen(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.binaryType = 'nodebuffer';
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}
function wsClose(ws: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) return resolve();
    ws.once('close', () => resolve());
    ws.close();
    setTimeout(() => (ws.terminate(), resolve()), 5000).unref();
  });
}

/** socat forwarding a port to the VNC server, and a websockify in front of socat; undefined where socat is not installed. */
async function startBehindHop(): Promise<{ socat: Child; websockify: Child } | undefined> {
  if (!existsSync('/usr/bin/socat')) return undefined;
  const socat = startChild('socat', '/usr/bin/socat', ['-b', '65536', `TCP-LISTEN:${PORT.socatHop},bind=127.0.0.1,reuseaddr,fork`, `TCP:127.0.0.1:${PORT.rfb}`], {}, true);
  const websockify = startChild('websockify', '/usr/bin/websockify', [`127.0.0.1:${PORT.wsfyBehindHop}`, `127.0.0.1:${PORT.socatHop}`], {}, true);
  children.push(socat, websockify);
  await waitUntil('websockify behind socat', async () => (await wsClose(await wsOpen(`ws://127.0.0.1:${PORT.wsfyBehindHop}/`)), true));
  return { socat, websockify };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rw-bench-relay-'));
  try {
    process.stderr.write('starting server…\n');
    const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const server = startChild('server', process.execPath, [...extra, '--import', 'tsx', 'server/src/main.ts'], {
      ROOMWARDEN_PORT: String(PORT.server),
      ROOMWARDEN_HOST: '127.0.0.1',
      ROOMWARDEN_DATA_DIR: dataDir,
      ROOMWARDEN_PUBLIC_URL: BASE,
      ROOMWARDEN_ADMIN_EMAIL: ADMIN.email,
      ROOMWARDEN_ADMIN_PASSWORD: ADMIN.password,
      ROOMWARDEN_LOG_LEVEL: 'warn',
    });
    children.push(server);
    await waitUntil('the server', async () => (await fetch(`${BASE}/healthz`)).ok, 90_000);
    const api = new Api(BASE);
    await api.login(ADMIN.email, ADMIN.password);
    await api.call('PUT', '/settings/general', { remoteAccessEnabled: true, remoteAccessContactEmail: 'it@example.com', sessionIdleTimeoutMinutes: 60, sessionMaxMinutes: 240 });
    const token = await api.call<{ token: string }>('POST', '/enrollment-tokens', { maxUses: 2 * LOAD_ROOMS + 5, expiresInMinutes: 60 });

    const rfb = startChild('rfb', process.execPath, ['--import', 'tsx', 'bench/relay/rfb-process.ts', String(PORT.rfb), VNC_PASSWORD]);
    children.push(rfb);
    await rfb.ready;
    process.stderr.write('starting the room side (VNC agent, load agents)…\n');
    const roomExtra = (process.env.BENCH_ROOMS_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const rooms = startChild('rooms', process.execPath, [
      ...roomExtra,
      '--import',
      'tsx',
      'bench/relay/room-process.ts',
      JSON.stringify({ server: BASE, token: token.token, rfbPort: PORT.rfb, tcpStreamPort: PORT.tcpStream, directStreamPort: PORT.directStream, loadRooms: LOAD_ROOMS, password: VNC_PASSWORD }),
    ]);
    children.push(rooms);
    const info = (await rooms.ready) as { vncRoomId: string; vncWsRoomId: string; loadRoomIds: string[]; loadWsRoomIds: string[] };
    senderPid = rooms.proc.pid ?? 0;
    const wsfyVnc = startChild('websockify', '/usr/bin/websockify', [`127.0.0.1:${PORT.wsfyVnc}`, `127.0.0.1:${PORT.rfb}`], {}, true);
    const wsfyStream = startChild('websockify', '/usr/bin/websockify', [`127.0.0.1:${PORT.wsfyStream}`, `127.0.0.1:${PORT.tcpStream}`], {}, true);
    children.push(wsfyVnc, wsfyStream);
    await waitUntil('websockify', async () => (await wsClose(await wsOpen(`ws://127.0.0.1:${PORT.wsfyStream}/`)), true));
    for (const roomId of [info.vncRoomId, info.vncWsRoomId]) {
      await waitUntil('the VNC agents', async () => {
        const s = await api.call<Started>('POST', `/rooms/${roomId}/sessions`, { mode: 'control' });
        await api.call('DELETE', `/sessions/${s.id}`);
        return true;
      });
    }

    // (b), one session through the relay (raw agent path, WebSocket agent path), then through websockify.
    const relayThroughput = async (roomId: string) => {
      const started = await api.call<Started>('POST', `/rooms/${roomId}/sessions`, { mode: 'control' });
      const result = await throughput(await connectWsViewer(`${BASE.replace(/^http/, 'ws')}${started.viewerUrl}`, { keepPixels: false }));
      await api.call('DELETE', `/sessions/${started.id}`);
      return result;
    };
    const websockifyThroughput = async (port = PORT.wsfyVnc) => {
      const viewer = await connectWsViewer(`ws://127.0.0.1:${port}/`, { password: VNC_PASSWORD, keepPixels: false });
      const result = await throughput(viewer);
      viewer.close();
      return result;
    };

    if (process.env.BENCH_ONLY === 'b') {
      // CPU per MB moved, per process (ms of CPU for each MB the viewer received): what each
      // hop costs, a figure that holds on a busy machine where MB/s does not.
      const perMb = async (run: () => Promise<{ mbps: number; seconds: number }>, procs: Record<string, () => number>) => {
        const before = Object.fromEntries(Object.entries(procs).map(([k, f]) => [k, f()]));
        const viewerCpu0 = process.cpuUsage();
        const r = await run();
        const mb = r.mbps * r.seconds;
        const cpu = Object.entries(procs).map(([k, f]) => `${k} ${(((f() - before[k]!) * 1000) / mb).toFixed(2)}`);
        const v = process.cpuUsage(viewerCpu0);
        cpu.push(`viewer ${((v.user + v.system) / 1000 / mb).toFixed(2)}`);
        return `${r.mbps.toFixed(1)} MB/s (CPU ms/MB: ${cpu.join(', ')})`;
      };
      const relayProcs = { vnc: () => cpuSeconds(rfb.proc.pid!), agent: () => cpuSeconds(rooms.proc.pid!), server: () => cpuSeconds(server.proc.pid!) };
      const wsfyProcs = { vnc: () => cpuSeconds(rfb.proc.pid!), websockify: () => cpuSeconds(wsfyVnc.proc.pid!, true) };
      // The cheapest second hop there is, for reference: websockify reaching the VNC server
      // through socat (a C byte forwarder), the shape of the relay path (VNC server → hop →
      // WebSocket hop → viewer) with no Roomwarden code in it. Only where socat is installed.
      const behindHop = await startBehindHop();
      const hopProcs = behindHop && { vnc: wsfyProcs.vnc, socat: () => cpuSeconds(behindHop.socat.proc.pid!, true), websockify: () => cpuSeconds(behindHop.websockify.proc.pid!, true) };
      for (let round = 0; round < 3; round++) {
        const r = await perMb(() => relayThroughput(info.vncRoomId), relayProcs);
        const o = await perMb(() => relayThroughput(info.vncWsRoomId), relayProcs);
        const w = await perMb(websockifyThroughput, wsfyProcs);
        const d = await perMb(async () => {
          const directViewer = await connectTcpViewer(PORT.rfb, { password: VNC_PASSWORD, keepPixels: false });
          const res = await throughput(directViewer);
          directViewer.close();
          return res;
        }, { vnc: relayProcs.vnc });
        const h = hopProcs ? await perMb(() => websockifyThroughput(PORT.wsfyBehindHop), hopProcs) : 'not measured (no /usr/bin/socat)';
        process.stdout.write(`round ${round}:\n  relay raw        ${r}\n  relay WebSocket  ${o}\n  websockify       ${w}\n  socat+websockify ${h}\n  direct TCP       ${d}\n`);
      }
      return;
    }
    // (a)
    process.stderr.write('(a) time to first frame…\n');
    const aRelay = stats(await ttffRelay(api, info.vncRoomId));
    const aSteps = { post: stats(ttffSteps.post).p50, viewerOpen: stats(ttffSteps.viewerOpen).p50, serverInit: stats(ttffSteps.serverInit).p50 };
    const aRelayWs = stats(await ttffRelay(api, info.vncWsRoomId));
    const aWsfy = stats(await ttffWebsockify());

    // (b)
    process.stderr.write('(b) throughput of one session…\n');
    const bRelay = await relayThroughput(info.vncRoomId);
    const bRelayWs = await relayThroughput(info.vncWsRoomId);
    const bWsfy = await websockifyThroughput();
    const behind = await startBehindHop();
    const bHop = behind ? await websockifyThroughput(PORT.wsfyBehindHop) : undefined;
    const directViewer = await connectTcpViewer(PORT.rfb, { password: VNC_PASSWORD, keepPixels: false });
    const bDirect = await throughput(directViewer);
    directViewer.close();

    // (c)
    const cRows: Array<{ n: number; relay: LatencyResult; relayWs: LatencyResult; wsfy: LatencyResult; direct: LatencyResult }> = [];
    const relayLatency = (n: number, roomIds: string[]) => {
      const ids: string[] = [];
      return latency(
        n,
        async (i) => {
          // Many sessions share a room here, and a room has one controller at a time: view sessions (the stream is the same).
          const started = await api.call<Started>('POST', `/rooms/${roomIds[i % roomIds.length]}/sessions`, { mode: 'view' });
          ids[i] = started.id;
          return wsOpen(`${BASE.replace(/^http/, 'ws')}${started.viewerUrl}`);
        },
        async (i, ws) => {
          await api.call('DELETE', `/sessions/${ids[i]}`).catch((err: unknown) => process.stderr.write(`    end ${ids[i]}: ${String(err)}\n`));
          await wsClose(ws);
        },
        () => cpuSeconds(server.proc.pid!),
      );
    };
    for (const n of LEVELS) {
      process.stderr.write(`(c) ${n} concurrent 200 kbit/s sessions (direct, websockify, relay WebSocket path, relay raw path)…\n`);
      const direct = await latency(n, () => wsOpen(`ws://127.0.0.1:${PORT.directStream}/`), (_i, ws) => wsClose(ws), () => 0);
      const wsfy = await latency(n, () => wsOpen(`ws://127.0.0.1:${PORT.wsfyStream}/`), (_i, ws) => wsClose(ws), () => cpuSeconds(wsfyStream.proc.pid!, true));
      const relayWs = await relayLatency(n, info.loadWsRoomIds);
      const relay = await relayLatency(n, info.loadRoomIds);
      cRows.push({ n, relay, relayWs, wsfy, direct });
      await sleep(quick ? 1000 : 11_000); // let the agents' message windows (100 per 10 s) pass
    }

    const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
    const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(0)} %`;
    const lines = [
      `Relay benchmark (${new Date().toISOString()}, ${quick ? 'quick' : 'full'} run, node ${process.version})`,
      '',
      `(a) POST /rooms/:id/sessions → first FramebufferUpdate at the viewer, ${TTFF_RUNS} sessions, 1280×720 Raw`,
      `    relay, raw agent path:       p50 ${ms(aRelay.p50)}  p95 ${ms(aRelay.p95)}  max ${ms(aRelay.max)}`,
      `    relay steps (raw, p50, from the POST): answer ${ms(aSteps.post)}, viewer WebSocket open ${ms(aSteps.viewerOpen)}, ServerInit ${ms(aSteps.serverInit)}`,
      `    relay, WebSocket agent path: p50 ${ms(aRelayWs.p50)}  p95 ${ms(aRelayWs.p95)}  max ${ms(aRelayWs.max)}`,
      `    websockify:                  p50 ${ms(aWsfy.p50)}  p95 ${ms(aWsfy.p95)}  max ${ms(aWsfy.max)}  (WebSocket connect → first update; no API, no agent)`,
      '',
      `(b) one session, full-screen updates back to back for ${THROUGHPUT_MS / 1000} s`,
      `    relay, raw agent path:       ${bRelay.mbps.toFixed(1)} MB/s (${bRelay.fps.toFixed(1)} frames/s): ${ratio(bRelay.mbps, bWsfy.mbps)} websockify, ${pct(bRelay.mbps, bDirect.mbps)} of direct TCP`,
      `    relay, WebSocket agent path: ${bRelayWs.mbps.toFixed(1)} MB/s (${bRelayWs.fps.toFixed(1)} frames/s): ${ratio(bRelayWs.mbps, bWsfy.mbps)} websockify, ${pct(bRelayWs.mbps, bDirect.mbps)} of direct TCP`,
      `    websockify:                  ${bWsfy.mbps.toFixed(1)} MB/s (${bWsfy.fps.toFixed(1)} frames/s)`,
      bHop
        ? `    socat → websockify:          ${bHop.mbps.toFixed(1)} MB/s (${bHop.fps.toFixed(1)} frames/s): the relay's two-hop shape with no Roomwarden code; relay raw = ${ratio(bRelay.mbps, bHop.mbps)} this`
        : '    socat → websockify:          not measured (no /usr/bin/socat)',
      `    direct TCP:                  ${bDirect.mbps.toFixed(1)} MB/s (${bDirect.fps.toFixed(1)} frames/s)`,
      '',
      '(c) one-way latency of a 13-byte message riding a 200 kbit/s stream per session, p50 / p99; added = relay − direct',
      '    sessions | direct (no hop)     | websockify          | relay, WebSocket path (added)        | relay, raw path (added)              | CPU websockify / relay ws / relay raw (% of a core)',
      ...cRows.map(
        (r) =>
          `    ${String(r.n).padStart(8)} | ${ms(r.direct.p50)} / ${ms(r.direct.p99)} | ${ms(r.wsfy.p50)} / ${ms(r.wsfy.p99)}` +
          ` | ${ms(r.relayWs.p50)} / ${ms(r.relayWs.p99)} (${ms(r.relayWs.p50 - r.direct.p50)} / ${ms(r.relayWs.p99 - r.direct.p99)})` +
          ` | ${ms(r.relay.p50)} / ${ms(r.relay.p99)} (${ms(r.relay.p50 - r.direct.p50)} / ${ms(r.relay.p99 - r.direct.p99)})` +
          ` | ${r.wsfy.cpu.toFixed(0)}% / ${r.relayWs.cpu.toFixed(0)}% / ${r.relay.cpu.toFixed(0)}%` +
          `   (received kbit/s per session: direct ${r.direct.received.toFixed(0)}, websockify ${r.wsfy.received.toFixed(0)}, relay ws ${r.relayWs.received.toFixed(0)}, relay raw ${r.relay.received.toFixed(0)})`,
      ),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    for (const c of children.reverse()) await c.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`relay benchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    void Promise.all(children.map((c) => c.stop())).finally(() => process.exit(1));
  },
);
