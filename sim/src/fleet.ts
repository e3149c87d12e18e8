// The fleet simulator: N simulated rooms in one process, each a real AgentConnection
// (real enrollment, real WebSocket) fed by a SimulatedProbe. Kept lean per room because
// the benchmark holds 10,000 of them.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  AgentConnection,
  Backoff,
  createVncSessionHandler,
  DEFAULT_BACKOFF,
  EnrollError,
  enroll,
  SimulatedProbe,
  type AgentLogger,
  type Credentials,
  type NoticeDisplay,
  type SessionCallbacks,
  type SessionHandler,
} from '@roomwarden/agent';
import { startRfbServer, type RfbServer } from './rfb/index.ts';
import { roomName } from './room-names.ts';
import { simulatedActions } from './simulated-actions.ts';

export interface FleetOptions {
  server: string;
  /** A multi-use enrollment token (each room enrolls with it). */
  token: string;
  rooms: number;
  /** Probability per minute that a given peripheral of a room fails (default 0.01). */
  failureRate?: number;
  /** Mean recovery time of a failed peripheral in seconds (default 120). */
  recoverySec?: number;
  seed?: number;
  /** How often each room runs its probes (default 10 s). */
  probeIntervalMs?: number;
  /** Enrollments in flight at once (default 8). */
  enrollConcurrency?: number;
  /** Rooms started per second (default: all at once). */
  rampPerSec?: number;
  /** Keep the rooms' credentials here (fleet.json, mode 0600) to reuse them on the next start. */
  stateDir?: string;
  /** Give each room a synthetic desktop (the built-in RFB server) and offer remote sessions. */
  vnc?: boolean;
  /** With vnc: room i's RFB server listens on vncPortBase + i (default: a free port). */
  vncPortBase?: number;
  /**
   * With vnc: every Nth room (index N-1, 2N-1, …) has two displays, "front" (Front of room)
   * and "whiteboard" (Whiteboard, on a free port), so the portal offers a choice (default 3; 0: none).
   */
  twoDisplaysEvery?: number;
  /**
   * Share of half-hour slots in which each room holds a meeting (0..1). Default 0: no room
   * is ever in a meeting by chance, so a remote session start is never refused
   * ROOM_IN_MEETING at random (tests force one with the probe's forceMeeting); the demo and
   * the sim CLI ask for 0.4.
   */
  meetingShare?: number;
  logger?: AgentLogger;
  /** The agents' spread of reconnections after losing their node (default: the agent's own, 20 s); tests shorten it. */
  failoverSpreadMs?: number;
}

export interface SimRoom {
  index: number;
  name: string;
  credentials: Credentials;
  probe: SimulatedProbe;
  agent: AgentConnection;
  /** The room's synthetic desktop (with vnc): its first display's. */
  rfb?: RfbServer;
  /** Every display the room's agent bridges, the default first (with vnc). */
  displays?: Array<{ name: string; rfb: RfbServer }>;
}

/** The second screen of a room with two displays (the first is its front-of-room screen). */
export const SECOND_DISPLAY = { name: 'whiteboard', title: 'Whiteboard' } as const;
export const FIRST_DISPLAY = { name: 'front', title: 'Front of room' } as const;

export interface FleetStats {
  rooms: number;
  online: number;
  stopped: number;
  heartbeats: number;
  reports: number;
  connects: number;
  /** Control connections that closed before a welcome. */
  failedConnects: number;
}

export interface Fleet {
  readonly rooms: readonly SimRoom[];
  /** Enrolls and starts `count` more rooms; resolves once they are enrolled and started. */
  add(count: number): Promise<void>;
  stats(): FleetStats;
  stop(): Promise<void>;
}

const noop: AgentLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

async function loadState(file: string | undefined): Promise<{ runId: string; rooms: Credentials[] } | undefined> {
  if (!file) return undefined;
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as { runId: string; rooms: Credentials[] };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** The in-room notice of a simulated room: drawn on its synthetic screen. */
function simulatedScreenNotice(rfb: RfbServer): NoticeDisplay {
  return {
    describe: 'simulated screen',
    available: () => true,
    show: (n) => rfb.showNotice(n.kind === 'ring' ? n.text : null),
    close: () => {
      rfb.showNotice(null);
      return Promise.resolve();
    },
  };
}

export async function startFleet(options: FleetOptions): Promise<Fleet> {
  const log = options.logger ?? noop;
  const stateFile = options.stateDir ? path.join(options.stateDir, 'fleet.json') : undefined;
  const state = (await loadState(stateFile)) ?? { runId: randomBytes(6).toString('hex'), rooms: [] };
  const rooms: SimRoom[] = [];
  const seed = options.seed ?? 1;
  let stopped = false;

  // One write at a time (each replaces the file whole).
  let writes: Promise<void> = Promise.resolve();
  const saveState = (): Promise<void> => {
    const write = async () => {
      if (!stateFile || !options.stateDir) return;
      await fs.mkdir(options.stateDir, { recursive: true, mode: 0o700 });
      await fs.writeFile(`${stateFile}.tmp`, JSON.stringify(state), { mode: 0o600 });
      await fs.rename(`${stateFile}.tmp`, stateFile);
    };
    const next = writes.then(write, write);
    writes = next.catch(() => undefined);
    return next;
  };

  // Written as enrollments happen (at most every 2 s), so that a fleet killed in its ramp keeps
  // the credentials of the rooms it enrolled (the server would refuse them a second enrollment).
  let saving: Promise<void> | undefined;
  let saveAgain = false;
  const saveSoon = (): void => {
    if (saving) {
      saveAgain = true;
      return;
    }
    saving = saveState()
      .catch((err: unknown) => log.warn(`could not save the fleet's credentials: ${String(err)}`))
      .then(() => new Promise<void>((r) => setTimeout(r, 2_000).unref()))
      .finally(() => {
        saving = undefined;
        if (saveAgain) {
          saveAgain = false;
          saveSoon();
        }
      });
  };

  const enrollRoom = async (index: number): Promise<Credentials> => {
    const saved = state.rooms[index];
    if (saved) return saved;
    // A busy server may time out or throttle: retry those (not a refused token) a few times,
    // with the agent's own jittered backoff.
    const backoff = new Backoff({ ...DEFAULT_BACKOFF, maxMs: 8_000 });
    for (let attempt = 1; ; attempt++) {
      try {
        const { credentials } = await enroll({
          server: options.server,
          token: options.token,
          platform: 'sim',
          hostname: `sim-${state.runId}-${index}`,
          machineId: `sim-${state.runId}-${index}`,
          roomName: roomName(index),
        });
        state.rooms[index] = credentials;
        saveSoon();
        return credentials;
      } catch (err) {
        const transient = err instanceof EnrollError && (err.code === 'UNREACHABLE' || err.code === 'RATE_LIMITED' || (err.status ?? 0) >= 500);
        if (!transient || attempt >= 5 || stopped) throw err;
        log.warn(`room ${index}: enrollment attempt ${attempt} failed (${err.message}); retrying`);
        await new Promise((r) => setTimeout(r, backoff.next()));
      }
    }
  };

  const startRoom = async (index: number, credentials: Credentials): Promise<SimRoom> => {
    let rfb: RfbServer | undefined;
    let handler: ((callbacks: SessionCallbacks) => SessionHandler) | undefined;
    let notice: NoticeDisplay | undefined;
    let displays: Array<{ name: string; rfb: RfbServer }> | undefined;
    const probe = new SimulatedProbe({ seed: seed * 100_003 + index, failureRatePerMinute: options.failureRate ?? 0.01, recoverySec: options.recoverySec ?? 120, meetingShare: options.meetingShare ?? 0 });
    if (options.vnc) {
      const room = () => probe.view();
      const password = randomBytes(6).toString('base64url').slice(0, 8);
      const every = options.twoDisplaysEvery ?? 3;
      const two = every > 0 && index % every === every - 1;
      rfb = await startRfbServer({ host: '127.0.0.1', port: options.vncPortBase ? options.vncPortBase + index : 0, password, roomName: two ? `${roomName(index)} · ${FIRST_DISPLAY.title}` : roomName(index), room });
      if (two) {
        const second = await startRfbServer({ host: '127.0.0.1', port: 0, password, roomName: `${roomName(index)} · ${SECOND_DISPLAY.title}`, room });
        displays = [
          { name: FIRST_DISPLAY.name, rfb },
          { name: SECOND_DISPLAY.name, rfb: second },
        ];
      }
      const vnc = displays ? displays.map((d) => ({ name: d.name, host: '127.0.0.1', port: d.rfb.port, password })) : { host: '127.0.0.1', port: rfb.port, password };
      handler = (callbacks) => createVncSessionHandler(vnc, callbacks);
      notice = simulatedScreenNotice(rfb);
    }
    const agent: AgentConnection = new AgentConnection({
      gatewayUrl: credentials.gatewayUrl,
      deviceId: credentials.deviceId,
      deviceSecret: credentials.deviceSecret,
      probe,
      hostname: `sim-${state.runId}-${index}`,
      probeIntervalMs: options.probeIntervalMs ?? 10_000,
      bufferCapacity: 20,
      ...(options.failoverSpreadMs !== undefined ? { failoverSpreadMs: options.failoverSpreadMs } : {}),
      ...(handler ? { sessionHandler: handler } : {}),
      ...(notice ? { notice } : {}),
      ...(displays ? { displays: displays.map((d) => d.name) } : {}),
      actions: simulatedActions(probe, (): AgentConnection => agent),
    });
    agent.on('stopped', (i) => {
      if (i.reason !== 'stopped') log.warn(`room ${roomName(index)}: ${i.message}`);
    });
    agent.start();
    const room: SimRoom = { index, name: roomName(index), credentials, probe, agent, ...(rfb ? { rfb } : {}), ...(displays ? { displays } : {}) };
    rooms[index] = room;
    return room;
  };

  const add = async (count: number): Promise<void> => {
    const first = rooms.length;
    const indexes = Array.from({ length: count }, (_, i) => first + i);
    const concurrency = Math.max(1, options.enrollConcurrency ?? 8);
    const intervalMs = options.rampPerSec ? 1000 / options.rampPerSec : 0;
    let next = 0;
    let lastStart = 0;
    const worker = async () => {
      while (next < indexes.length && !stopped) {
        const index = indexes[next++] as number;
        let creds: Credentials;
        try {
          creds = await enrollRoom(index);
        } catch (err) {
          const msg = err instanceof EnrollError ? `${err.code}: ${err.message}` : (err as Error).message;
          throw new Error(`room ${index} (${roomName(index)}) could not enroll: ${msg}`, { cause: err });
        }
        if (intervalMs > 0) {
          const wait = lastStart + intervalMs - Date.now();
          lastStart = Math.max(Date.now(), lastStart + intervalMs);
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        }
        if (!stopped) await startRoom(index, creds);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, indexes.length) }, worker));
    await saveState();
  };

  await add(options.rooms);
  log.info(`fleet of ${rooms.length} rooms started`);

  return {
    rooms,
    add,
    stats: () => {
      const s: FleetStats = { rooms: rooms.length, online: 0, stopped: 0, heartbeats: 0, reports: 0, connects: 0, failedConnects: 0 };
      for (const r of rooms) {
        if (r.agent.state === 'online') s.online += 1;
        if (r.agent.state === 'stopped') s.stopped += 1;
        s.heartbeats += r.agent.stats.heartbeats;
        s.reports += r.agent.stats.reports;
        s.connects += r.agent.stats.connects;
        s.failedConnects += r.agent.stats.failedConnects;
      }
      return s;
    },
    stop: async () => {
      stopped = true;
      const closing = rooms.map((r) => (r.agent.state === 'stopped' ? undefined : new Promise<void>((resolve) => r.agent.once('stopped', () => resolve()))));
      for (const r of rooms) r.agent.stop();
      await Promise.all(closing);
      await Promise.all(rooms.map((r) => (r.displays ? Promise.all(r.displays.map((d) => d.rfb.close())) : r.rfb?.close())));
    },
  };
}
