// Simulated probes for the fleet simulator: every signal, peripherals that fail and
// recover at a configured rate, driven by a seeded random generator so runs repeat.
import { IN_MEETING_VALUES, type Signal, type SignalName, type SignalState } from '@roomwarden/protocol';
import { formatDuration, signal, type Probe } from './probe.ts';

/** mulberry32: a small, fast, seeded PRNG → [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const SIMULATED_PERIPHERALS = ['display', 'camera', 'microphone', 'speaker', 'network', 'roomApp', 'roomAppSignedIn', 'contentCamera'] as const;
export type SimulatedPeripheral = (typeof SIMULATED_PERIPHERALS)[number];

const OK_VALUE: Record<SimulatedPeripheral, string> = {
  display: '1920x1080 HDMI-1',
  camera: 'Logitech Rally Camera',
  microphone: 'Logitech Rally Mic Pod',
  speaker: 'Logitech Rally Speaker',
  network: 'Ethernet 10.20.30.40',
  roomApp: 'Microsoft.SkypeRoomSystem',
  roomAppSignedIn: 'signed in',
  contentCamera: 'Logitech Scribe',
};
const FAIL_DETAIL: Record<SimulatedPeripheral, string> = {
  display: 'no active monitor',
  camera: 'Logitech Rally Camera reports status Error (error code 10)',
  microphone: 'no microphone found',
  speaker: 'Logitech Rally Speaker reports status Error (error code 43)',
  network: 'packet loss above 20 %',
  roomApp: 'the Teams Rooms app is not running',
  roomAppSignedIn: 'the resource account is signed out',
  contentCamera: 'no content camera found',
};

export interface SimulatedProbeOptions {
  seed: number;
  /** Probability that a given working peripheral fails within one minute (0..1). */
  failureRatePerMinute?: number;
  /** Mean time a failed peripheral takes to recover (the actual time is 0.5×..1.5× this). */
  recoverySec?: number;
  now?: () => number;
  osVersion?: string;
  appVersion?: string;
  /** Share of half-hour slots that hold a meeting (0..1, default 0.4). */
  meetingShare?: number;
}

export const MEETING_SLOT_MS = 30 * 60_000;

/** A 32-bit mix of seed and slot (splitmix-style): the meeting plan needs no state. */
function slotHash(seed: number, slot: number): number {
  let h = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(slot, 0xc2b2ae35)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return ((h ^ (h >>> 16)) >>> 0) / 4_294_967_296;
}

/**
 * The meeting in the half-hour slot holding `at`, if any: it starts 0..10 min into the
 * slot and lasts 15 min to the slot's end. A function of seed and clock only.
 */
export function simulatedMeeting(seed: number, at: number, share = 0.4): { start: number; end: number } | undefined {
  const slot = Math.floor(at / MEETING_SLOT_MS);
  if (slotHash(seed, slot) >= share) return undefined;
  const slotStart = slot * MEETING_SLOT_MS;
  const start = slotStart + Math.floor(slotHash(seed + 1, slot) * 10) * 60_000;
  const end = start + (15 + Math.floor(slotHash(seed + 2, slot) * ((slotStart + MEETING_SLOT_MS - start) / 60_000 - 15 + 1))) * 60_000;
  return { start, end: Math.min(end, slotStart + MEETING_SLOT_MS) };
}

/** What a simulated room's own screen shows of it: its peripherals and its meeting (now or next). */
export interface SimulatedRoomView {
  peripherals: Record<'display' | 'camera' | 'microphone', SignalState>;
  /** The meeting under way (`now`), else the next one within a day; undefined: none. */
  meeting: { start: number; end: number; now: boolean } | undefined;
}

/** Per-room state is a few numbers: kept small because the benchmark holds 10,000 rooms. */
export class SimulatedProbe implements Probe {
  readonly platform = 'sim' as const;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly rate: number;
  private readonly recoveryMs: number;
  /** Share of half-hour slots holding a meeting, 0..1. */
  private readonly meetingShare: number;
  /** Per peripheral: 0 = working; otherwise the time it recovers (negative = degraded). */
  private readonly brokenUntil = new Float64Array(SIMULATED_PERIPHERALS.length);
  private readonly overrides = new Map<SignalName, SignalState>();
  /** A meeting forced on or off (tests, demos); undefined: the room's own schedule. */
  private forcedMeeting: boolean | undefined;
  private lastAt: number;
  private readonly bootAt: number;

  constructor(private readonly options: SimulatedProbeOptions) {
    this.random = seededRandom(options.seed);
    this.now = options.now ?? Date.now;
    this.rate = Math.min(Math.max(options.failureRatePerMinute ?? 0.01, 0), 1);
    this.recoveryMs = (options.recoverySec ?? 120) * 1000;
    this.meetingShare = Math.min(Math.max(options.meetingShare ?? 0.4, 0), 1);
    this.lastAt = this.now();
    this.bootAt = this.lastAt - Math.floor(this.random() * 20 * 86_400_000);
  }

  /** Forces a signal's state (benchmarks and tests); undefined gives control back to the simulation. */
  force(name: SignalName, state: SignalState | undefined): void {
    if (state === undefined) this.overrides.delete(name);
    else this.overrides.set(name, state);
  }

  /** Forces the room into a meeting or out of one (tests, demos); undefined gives it back to its schedule. */
  forceMeeting(on: boolean | undefined): void {
    this.forcedMeeting = on;
  }

  /** The room as its screen shows it at `at`, without advancing the simulation. */
  view(at = this.now()): SimulatedRoomView {
    const stateOf = (name: SimulatedPeripheral) => this.peripheralState(name, at);
    const peripherals = { display: stateOf('display'), camera: stateOf('camera'), microphone: stateOf('microphone') };
    const slotStart = Math.floor(at / MEETING_SLOT_MS) * MEETING_SLOT_MS;
    if (this.forcedMeeting === true) return { peripherals, meeting: { start: slotStart, end: slotStart + MEETING_SLOT_MS, now: true } };
    for (let slot = 0; slot < 48; slot++) {
      const m = simulatedMeeting(this.options.seed, slotStart + slot * MEETING_SLOT_MS, this.meetingShare);
      if (!m || m.end <= at) continue;
      const now = m.start <= at;
      if (now && this.forcedMeeting === false) continue;
      return { peripherals, meeting: { ...m, now } };
    }
    return { peripherals, meeting: undefined };
  }

  /** A peripheral's state at `at`: forced, or from when it recovers (0: working; negative: degraded). */
  private peripheralState(name: SimulatedPeripheral, at: number): SignalState {
    const until = this.brokenUntil[SIMULATED_PERIPHERALS.indexOf(name)] ?? 0;
    return this.overrides.get(name) ?? (until === 0 || Math.abs(until) <= at ? 'ok' : until < 0 ? 'degraded' : 'failed');
  }

  async osVersion(): Promise<string> {
    return this.options.osVersion ?? 'Windows 11 IoT Enterprise 10.0.22631';
  }

  /** Advances the simulation to now and returns every signal. */
  collect(): Promise<Signal[]> {
    return Promise.resolve(this.step());
  }

  step(): Signal[] {
    const now = this.now();
    const elapsedMin = Math.max(0, now - this.lastAt) / 60_000;
    this.lastAt = now;
    const pFail = 1 - (1 - this.rate) ** elapsedMin;
    const out: Signal[] = [];
    SIMULATED_PERIPHERALS.forEach((name, i) => {
      const until = this.brokenUntil[i] ?? 0;
      if (until !== 0 && Math.abs(until) <= now) this.brokenUntil[i] = 0;
      else if (until === 0 && pFail > 0 && this.random() < pFail) {
        const end = now + this.recoveryMs * (0.5 + this.random());
        this.brokenUntil[i] = this.random() < 0.3 ? -end : end;
      }
      const state = this.peripheralState(name, now);
      out.push(state === 'ok' ? signal(name, 'ok', OK_VALUE[name]) : signal(name, state, OK_VALUE[name], FAIL_DETAIL[name]));
    });
    out.push(signal('osVersion', this.overrides.get('osVersion') ?? 'ok', this.options.osVersion ?? 'Windows 11 IoT Enterprise 10.0.22631'));
    out.push(signal('appVersion', this.overrides.get('appVersion') ?? 'ok', this.options.appVersion ?? '5.2.115.0'));
    out.push(signal('cpu', this.overrides.get('cpu') ?? 'ok', `${5 + Math.floor(this.random() * 30)} %`));
    out.push(signal('memory', this.overrides.get('memory') ?? 'ok', `${40 + Math.floor(this.random() * 30)} % used of 16 GiB`));
    out.push(signal('disk', this.overrides.get('disk') ?? 'ok', '38 % used, 148 GiB free'));
    out.push(signal('uptime', this.overrides.get('uptime') ?? 'ok', formatDuration((now - this.bootAt) / 1000)));
    const meeting = simulatedMeeting(this.options.seed, now, this.meetingShare);
    const inMeeting = this.forcedMeeting ?? (meeting !== undefined && now >= meeting.start && now < meeting.end);
    const meetingState = this.overrides.get('inMeeting') ?? 'ok';
    out.push(meetingState === 'unknown' ? signal('inMeeting', 'unknown', undefined, 'the room app does not say') : signal('inMeeting', meetingState, inMeeting ? IN_MEETING_VALUES.yes : IN_MEETING_VALUES.no));
    // The simulator's screen is its own RFB server, always there unless a test says otherwise.
    const desktop = this.overrides.get('remoteDesktop') ?? 'ok';
    out.push(desktop === 'ok' ? signal('remoteDesktop', 'ok', 'simulated screen') : signal('remoteDesktop', desktop, 'unavailable', 'the simulated VNC server is down'));
    return out;
  }
}
