// The agent's control connection: outbound WebSocket to the gateway, hello, heartbeats,
// health reports (changes as they happen, a full one periodically), reconnect with
// jittered backoff, offline buffering. What the server asks of the room (sessions, the
// in-room notice, room actions) is AgentCommands' (agent-commands.ts).
import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import {
  AGENT_CLOSE,
  deviceAuthHeader,
  MAX_AGENT_MESSAGES_PER_10S,
  MAX_CONTROL_FRAME_BYTES,
  parseServerMessage,
  WireError,
  type AgentMessage,
  type AgentRelease,
  type AgentUpdateStatus,
  type ServerMessage,
  type Signal,
} from '@roomwarden/protocol';
import { AgentCommands, type AgentCommandsOptions } from './agent-commands.ts';
import { Backoff, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';
import { GatewayChoice } from './gateway-choice.ts';
import { systemClock, type Clock, type TimerHandle } from './clock.ts';
import { OutboundPacer } from './outbound-pacer.ts';
import type { Probe } from './probes/probe.ts';
import { SignalTracker } from './probes/signal-tracker.ts';
import { ReportBuffer } from './report-buffer.ts';
import { AGENT_VERSION } from './version.ts';

export interface AgentLogger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: AgentLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** The session handler, the notice, the displays and the room actions are AgentCommands' (agent-commands.ts). */
export interface AgentConnectionOptions extends Omit<AgentCommandsOptions, 'send' | 'log'> {
  gatewayUrl: string;
  deviceId: string;
  deviceSecret: string;
  probe: Probe;
  hostname: string;
  agentVersion?: string;
  clock?: Clock;
  random?: () => number;
  /** How often the probes run (default 10 s). */
  probeIntervalMs?: number;
  backoff?: BackoffOptions;
  /**
   * On losing its node in a cluster, the agent reconnects to another one after a random
   * delay within this (default 20 s, well inside the server's offline window of three
   * heartbeats), so that a dead node's agents arrive at the survivors spread out.
   */
  failoverSpreadMs?: number;
  /** Reports kept while offline (default 100; the oldest are dropped). */
  bufferCapacity?: number;
  logger?: AgentLogger;
  /** How the last self-update went, sent in every hello. */
  lastUpdate?: () => AgentUpdateStatus | undefined;
  /** Opens the WebSocket (tests, or a fleet sharing an agent). */
  createSocket?: (url: string, headers: Record<string, string>) => WebSocket;
}

export type AgentState = 'idle' | 'connecting' | 'online' | 'waiting' | 'stopped';
export type StopReason = 'stopped' | 'revoked' | 'bad_credential';

export interface AgentConnectionEvents {
  online: [welcome: Extract<ServerMessage, { type: 'welcome' }>];
  offline: [info: { code: number; reason: string; retryInMs: number | undefined }];
  stopped: [info: { reason: StopReason; message: string }];
  report: [info: { full: boolean; buffered: boolean; signals: number }];
  /** The server's agent build (welcome), or an administrator's "Update agent" (forced). */
  release: [release: AgentRelease, how: { automatic: boolean; forced: boolean }];
}

export class AgentConnection extends EventEmitter<AgentConnectionEvents> {
  private readonly clock: Clock;
  private readonly log: AgentLogger;
  private readonly backoff: Backoff;
  private readonly gateways: GatewayChoice;
  private readonly random: () => number;
  private readonly buffer: ReportBuffer;
  private readonly tracker = new SignalTracker();
  private readonly probeIntervalMs: number;
  private readonly commands: AgentCommands;
  private socket: WebSocket | undefined;
  private pacer: OutboundPacer | undefined;
  private stateValue: AgentState = 'idle';
  private connectedAt = 0;
  private heartbeatMs = 30_000;
  private fullReportMs = 300_000;
  private heartbeatTimer: TimerHandle | undefined;
  private fullReportTimer: TimerHandle | undefined;
  private probeTimer: TimerHandle | undefined;
  private reconnectTimer: TimerHandle | undefined;
  private probing = false;
  private reconnectNotBefore = 0;
  /** Before the first welcome nothing is buffered: the first full report carries the state. */
  private everOnline = false;
  /** Counters (the benchmark reads them). */
  /** `failedConnects`: connections that closed before a welcome (refused, timed out, or cut in the handshake). */
  readonly stats = { heartbeats: 0, reports: 0, connects: 0, failedConnects: 0, buffered: 0, dropped: 0 };

  constructor(private readonly options: AgentConnectionOptions) {
    super();
    this.clock = options.clock ?? systemClock;
    this.log = options.logger ?? silentLogger;
    this.random = options.random ?? Math.random;
    this.backoff = new Backoff(options.backoff ?? DEFAULT_BACKOFF, this.random);
    this.gateways = new GatewayChoice(options.gatewayUrl, this.random);
    this.buffer = new ReportBuffer(options.bufferCapacity ?? 100);
    this.probeIntervalMs = options.probeIntervalMs ?? 10_000;
    const { sessionHandler, notice, displays, actions } = options;
    this.commands = new AgentCommands({ send: (message) => this.send(message), log: this.log, sessionHandler, notice, displays, actions });
  }

  get state(): AgentState {
    return this.stateValue;
  }

  get bufferedReports(): number {
    return this.buffer.size;
  }

  start(): void {
    if (this.stateValue !== 'idle') return;
    this.connect();
    void this.probeOnce().finally(() => this.scheduleProbe());
  }

  /** Runs the probes now (also what the periodic loop calls); sends or buffers the changes. */
  async probeOnce(): Promise<void> {
    if (this.probing || this.stateValue === 'stopped') return;
    this.probing = true;
    try {
      const signals = await this.options.probe.collect();
      const first = this.tracker.current().length === 0;
      const changed = this.tracker.update(signals);
      if (changed.length > 0) this.report(first, changed, new Date(this.clock.now()).toISOString());
    } catch (err) {
      this.log.error('probe failed', { err: (err as Error).message });
    } finally {
      this.probing = false;
    }
  }

  stop(message = 'stopped by the operator'): void {
    this.halt('stopped', message);
    this.socket?.close(1000, 'agent stopping');
  }

  /**
   * Goes offline for `offlineMs` as a restarting device would (the simulator's restart-device):
   * the control connection closes, and the next attempt waits at least that long.
   */
  dropFor(offlineMs: number, reason = 'device restarting'): void {
    this.reconnectNotBefore = this.clock.now() + offlineMs;
    this.socket?.close(1012, reason);
  }

  /** Tells the server how a self-update went (when connected; hello repeats the last one). */
  sendUpdateStatus(status: AgentUpdateStatus): void {
    this.send({ type: 'update.status', status });
  }

  private halt(reason: StopReason, message: string): void {
    if (this.stateValue === 'stopped') return;
    this.stateValue = 'stopped';
    for (const t of [this.heartbeatTimer, this.fullReportTimer, this.probeTimer, this.reconnectTimer]) this.clock.clearTimeout(t);
    this.pacer?.reset();
    this.commands.stop();
    if (reason === 'stopped') this.log.info(message);
    else this.log.error(message, { reason });
    this.emit('stopped', { reason, message });
  }

  private scheduleProbe(): void {
    if (this.stateValue === 'stopped') return;
    this.probeTimer = this.clock.setTimeout(() => void this.probeOnce().finally(() => this.scheduleProbe()), this.probeIntervalMs);
  }

  private connect(): void {
    if (this.stateValue === 'stopped') return;
    this.stateValue = 'connecting';
    this.stats.connects += 1;
    const headers = { authorization: deviceAuthHeader(this.options.deviceId, this.options.deviceSecret) };
    let ws: WebSocket;
    try {
      const url = this.gateways.current;
      ws = this.options.createSocket
        ? this.options.createSocket(url, headers)
        : new WebSocket(url, { headers, handshakeTimeout: 15_000, maxPayload: MAX_CONTROL_FRAME_BYTES, perMessageDeflate: false });
    } catch (err) {
      this.log.error('cannot open the control connection', { err: (err as Error).message });
      this.scheduleReconnect(1006, (err as Error).message);
      return;
    }
    this.socket = ws;
    this.pacer = new OutboundPacer(this.clock, (frame) => ws.send(frame), Math.floor(MAX_AGENT_MESSAGES_PER_10S * 0.8), 10_000);
    ws.on('open', () => {
      this.connectedAt = this.clock.now();
      void this.sayHello();
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        this.log.warn('binary frame on the control connection ignored');
        return;
      }
      this.onFrame(data as Buffer);
    });
    ws.on('unexpected-response', (_req, res) => {
      const status = res.statusCode ?? 0;
      res.resume();
      if (status === 401) this.halt('bad_credential', 'the server does not accept this device credential (HTTP 401): re-enroll the agent');
      else if (status === 403) this.halt('revoked', 'this device was revoked in the portal (HTTP 403): the agent stops; re-enroll it to bring it back');
      ws.terminate();
    });
    ws.on('error', (err) => this.log.warn('control connection error', { err: err.message }));
    ws.on('close', (code, reasonBuf) => this.onClose(ws, code, reasonBuf.toString('utf8')));
  }

  private async sayHello(): Promise<void> {
    const osVersion = await this.options.probe.osVersion().catch(() => undefined);
    const lastUpdate = this.options.lastUpdate?.();
    this.send({
      type: 'hello',
      agentVersion: this.options.agentVersion ?? AGENT_VERSION,
      platform: this.options.probe.platform,
      hostname: this.options.hostname.slice(0, 200),
      ...(osVersion ? { osVersion: osVersion.slice(0, 200) } : {}),
      capabilities: this.commands.capabilities(),
      ...(lastUpdate ? { lastUpdate } : {}),
    });
  }

  private onFrame(data: Buffer): void {
    let msg: ServerMessage;
    try {
      msg = parseServerMessage(data);
    } catch (err) {
      this.log.warn('invalid frame from the server ignored', { code: err instanceof WireError ? err.code : 'UNKNOWN', err: (err as Error).message });
      return;
    }
    switch (msg.type) {
      case 'welcome':
        this.onWelcome(msg);
        break;
      case 'session.open':
      case 'session.viewers':
      case 'session.close':
      case 'session.observe':
      case 'action.run':
        this.commands.handle(msg);
        break;
      case 'error':
        this.log.warn('server error', { code: msg.code, message: msg.message });
        break;
      case 'agent.update':
        this.emit('release', msg.release, { automatic: false, forced: true });
        break;
      case 'gateways':
        this.gateways.learned(msg.gateways);
        break;
    }
  }

  private onWelcome(welcome: Extract<ServerMessage, { type: 'welcome' }>): void {
    this.stateValue = 'online';
    this.everOnline = true;
    this.heartbeatMs = welcome.heartbeatIntervalSec * 1000;
    this.fullReportMs = welcome.fullReportIntervalSec * 1000;
    if (welcome.gateways) this.gateways.learned(welcome.gateways);
    this.log.info('connected', { roomId: welcome.roomId, roomName: welcome.roomName, gateway: this.gateways.current });
    const { reports, dropped } = this.buffer.drain();
    if (dropped > 0) this.log.warn('reports measured while offline were dropped (buffer full)', { dropped });
    this.stats.dropped += dropped;
    reports.forEach((r, i) => this.sendReport(r.full, r.signals, r.measuredAt, true, i === 0 && dropped > 0 ? dropped : undefined));
    this.stats.buffered += reports.length;
    this.sendFullReport();
    this.scheduleHeartbeat();
    this.emit('online', welcome);
    if (welcome.agentRelease) this.emit('release', welcome.agentRelease, { automatic: welcome.autoUpdate === true, forced: false });
  }

  private scheduleHeartbeat(): void {
    this.clock.clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = this.clock.setTimeout(() => {
      if (this.stateValue !== 'online') return;
      this.send({ type: 'heartbeat', at: new Date(this.clock.now()).toISOString() });
      this.stats.heartbeats += 1;
      this.scheduleHeartbeat();
    }, this.heartbeatMs);
  }

  private sendFullReport(): void {
    const signals = this.tracker.current();
    if (signals.length > 0) this.sendReport(true, signals, new Date(this.clock.now()).toISOString(), false);
    this.clock.clearTimeout(this.fullReportTimer);
    this.fullReportTimer = this.clock.setTimeout(() => {
      if (this.stateValue !== 'online') return;
      void this.probeOnce().finally(() => {
        if (this.stateValue === 'online') this.sendFullReport();
      });
    }, this.fullReportMs);
  }

  private report(full: boolean, signals: Signal[], measuredAt: string): void {
    if (this.stateValue === 'online') this.sendReport(full, signals, measuredAt, false);
    else if (this.everOnline) this.buffer.push({ full, signals, measuredAt });
  }

  private sendReport(full: boolean, signals: Signal[], measuredAt: string, buffered: boolean, dropped?: number): void {
    this.send({
      type: 'health.report',
      full,
      measuredAt,
      ...(buffered ? { buffered: true } : {}),
      ...(dropped ? { droppedReports: dropped } : {}),
      signals: signals.slice(0, 64),
    });
    this.stats.reports += 1;
    this.emit('report', { full, buffered, signals: signals.length });
  }

  private send(message: AgentMessage): void {
    if (this.socket?.readyState !== WebSocket.OPEN) return;
    this.pacer?.send(JSON.stringify(message));
  }

  private onClose(ws: WebSocket, code: number, reason: string): void {
    if (ws !== this.socket) return;
    // Welcomed, then closed: the node went away (rather than refused or never answered).
    const lostNode = this.stateValue === 'online';
    this.socket = undefined;
    this.pacer?.reset();
    this.clock.clearTimeout(this.heartbeatTimer);
    this.clock.clearTimeout(this.fullReportTimer);
    const upMs = this.connectedAt ? this.clock.now() - this.connectedAt : 0;
    this.connectedAt = 0;
    if (this.stateValue === 'stopped') return;
    if (code === AGENT_CLOSE.DEVICE_REVOKED) {
      this.halt('revoked', `this device was revoked in the portal${reason ? ` (${reason})` : ''}: the agent stops; re-enroll it to bring it back`);
      return;
    }
    if (code === AGENT_CLOSE.BAD_CREDENTIAL) {
      this.halt('bad_credential', `the server does not accept this device credential${reason ? ` (${reason})` : ''}: re-enroll the agent`);
      return;
    }
    if (code === AGENT_CLOSE.REPLACED) this.log.warn('another agent with the same credentials connected: is the credentials file copied to two machines?');
    if (!lostNode) this.stats.failedConnects += 1;
    this.backoff.connectionEnded(upMs);
    this.scheduleReconnect(code, reason, lostNode);
  }

  /** `lostNode`: the connection had been online (its node went away), rather than failed to open. */
  private scheduleReconnect(code: number, reason: string, lostNode = false): void {
    const failover = lostNode && this.gateways.hasAlternatives;
    this.gateways.next(lostNode);
    if (failover) this.backoff.reset();
    const wait = failover ? Math.round(this.random() * (this.options.failoverSpreadMs ?? 20_000)) : this.backoff.next();
    const delay = Math.max(wait, this.reconnectNotBefore - this.clock.now());
    this.stateValue = 'waiting';
    this.log.warn('control connection closed; reconnecting', { code, reason, retryInMs: delay });
    this.emit('offline', { code, reason, retryInMs: delay });
    this.reconnectTimer = this.clock.setTimeout(() => this.connect(), delay);
  }
}
