// A benchmark client process: holds a share of the simulated agents (the fleet simulator
// with failures off) and obeys the controller over IPC.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startFleet, type Fleet } from '@roomwarden/sim';

export type ClientCommand =
  | { type: 'add'; count: number }
  | { type: 'stats' }
  | { type: 'flip'; index: number; state: 'ok' | 'failed' }
  /** Switches off the agents of the last `count` rooms still running (their rooms go offline). */
  | { type: 'drop'; count: number }
  | { type: 'stop' };

export type ClientReply =
  | { type: 'added'; rooms: number; online: number; ms: number }
  | { type: 'stats'; rooms: number; online: number; stopped: number; heartbeats: number; reports: number; connects: number; failedConnects: number; rssBytes: number; loopDelayMaxMs: number }
  | { type: 'flipped'; roomId: string; at: number }
  | { type: 'dropped'; roomIds: string[] }
  | { type: 'error'; message: string }
  | { type: 'stopped' };

const server = process.env.BENCH_SERVER ?? '';
const token = process.env.BENCH_TOKEN ?? '';
const seed = Number(process.env.BENCH_SEED ?? '1');
// bench:cluster: credentials kept between runs, more enrollments in flight, a paced start.
const stateDir = process.env.BENCH_STATE_DIR;
const enrollConcurrency = Number(process.env.BENCH_ENROLL_CONCURRENCY ?? 6);
const rampPerSec = process.env.BENCH_RAMP_PER_SEC ? Number(process.env.BENCH_RAMP_PER_SEC) : undefined;
let fleet: Fleet | undefined;
// How late this process's event loop ran since the last stats (its agents' timers fire that late).
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

function reply(r: ClientReply): void {
  process.send?.(r);
}

async function handle(cmd: ClientCommand): Promise<void> {
  switch (cmd.type) {
    case 'add': {
      const started = Date.now();
      if (!fleet) fleet = await startFleet({ server, token, rooms: cmd.count, seed, failureRate: 0, probeIntervalMs: 15_000, enrollConcurrency, ...(stateDir ? { stateDir } : {}), ...(rampPerSec ? { rampPerSec } : {}) });
      else await fleet.add(cmd.count);
      const s = fleet.stats();
      reply({ type: 'added', rooms: s.rooms, online: s.online, ms: Date.now() - started });
      return;
    }
    case 'stats': {
      const s = fleet?.stats() ?? { rooms: 0, online: 0, stopped: 0, heartbeats: 0, reports: 0, connects: 0, failedConnects: 0 };
      reply({ type: 'stats', ...s, rssBytes: process.memoryUsage().rss, loopDelayMaxMs: loopDelay.max / 1e6 });
      loopDelay.reset();
      return;
    }
    case 'flip': {
      const room = fleet?.rooms[cmd.index];
      if (!room) throw new Error(`no room ${cmd.index}`);
      room.probe.force('camera', cmd.state === 'ok' ? undefined : 'failed');
      const at = Date.now();
      await room.agent.probeOnce();
      reply({ type: 'flipped', roomId: room.credentials.roomId, at });
      return;
    }
    case 'drop': {
      const running = (fleet?.rooms ?? []).filter((r) => r.agent.state !== 'stopped');
      const dropped = running.slice(Math.max(0, running.length - cmd.count));
      for (const r of dropped) r.agent.stop();
      reply({ type: 'dropped', roomIds: dropped.map((r) => r.credentials.roomId) });
      return;
    }
    case 'stop':
      await fleet?.stop();
      reply({ type: 'stopped' });
      setTimeout(() => process.exit(0), 100).unref();
      return;
  }
}

process.on('message', (msg) => {
  handle(msg as ClientCommand).catch((err: unknown) => reply({ type: 'error', message: err instanceof Error ? err.message : String(err) }));
});
