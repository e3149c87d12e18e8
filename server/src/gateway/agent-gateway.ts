// The agent gateway: holds the agents' control connections on this node. Hot state lives
// in memory (connection, hello info, last heartbeat); one sweep timer closes connections
// that never said hello and marks rooms offline after missed heartbeats; one flush timer
// writes last-seen times in a single statement. Health reports go to the health service,
// one room at a time. It implements AgentLink for the remote-session side (what it says of
// a room's agent: agent-presence.ts; the fan-out of what agents report: agent-fan-out.ts;
// the hello/welcome handshake and the holder checks: agent-handshake.ts).
import type { Log } from '../platform/log.ts';
import type { WebSocket } from 'ws';
import {
  AGENT_CLOSE,
  MAX_AGENT_MESSAGES_PER_10S,
  MANUAL_RULE_PREFIX,
  parseAgentMessage,
  serverMessageSchema,
  WireError,
  type AgentMessage,
  type ServerMessage,
} from '@roomwarden/protocol';
import type { EventBus } from '../bus/event-bus.ts';
import type { AgentRoomsRepository } from '../repositories/agent-rooms.repository.ts';
import type { DevicesRepository, DeviceWithRoom } from '../repositories/devices.repository.ts';
import { isOffline } from '../health/health-engine.ts';
import { newRoomHealth, ReadingsFlushError, RoomGoneError, type HealthService } from '../health/health.service.ts';
import type { AgentActionResult, AgentCommand, AgentLink, AgentPresence, AgentSessionEvent } from './agent-link.ts';
import { FanOut } from './agent-fan-out.ts';
import { GatewayListWatch } from './gateway-list.ts';
import { AgentHandshake, type AgentReleaseOffers } from './agent-handshake.ts';
import type { AgentHolders } from './agent-holders.ts';
import { liveAgentOf, presenceOf } from './agent-presence.ts';
import { helloKey, type AgentConn, type GatewayTimings, type LiveAgent, type RoomEntry } from './agent-state.ts';

const RATE_WINDOW_MS = 10_000;

export interface AgentGatewayDeps {
  health: HealthService;
  rooms: AgentRoomsRepository;
  devices: DevicesRepository;
  timings: GatewayTimings;
  nodeId: string;
  log: Log;
  bus: EventBus;
  now?: () => number;
  /** In a cluster: the control-connection URLs of the live nodes of this node's region, for welcome (the agent fails over to them). */
  liveGateways?: () => readonly string[];
  /** In a cluster: where this node records the rooms whose agents it watches (agent-holders.ts). */
  holders?: AgentHolders;
}

export type { AgentReleaseOffers } from './agent-handshake.ts';

export class AgentGateway implements AgentLink {
  readonly #conns = new Map<string, AgentConn>();
  readonly #rooms = new Map<string, RoomEntry>();
  readonly #sessionEvents: FanOut<AgentSessionEvent>;
  readonly #actionResults: FanOut<AgentActionResult>;
  #sweepTimer: NodeJS.Timeout | undefined;
  #flushTimer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> | undefined;
  #unsubscribe: (() => void) | undefined;
  readonly #handshake: AgentHandshake;
  readonly #gatewayList: GatewayListWatch;
  readonly stats = { messages: 0, heartbeats: 0, reports: 0, rejected: 0 };

  private readonly now: () => number;
  constructor(private readonly deps: AgentGatewayDeps) {
    this.now = deps.now ?? (Date.now);
    this.#sessionEvents = new FanOut(deps.log, 'session event', (event) => ({ event: event.type }));
    this.#actionResults = new FanOut(deps.log, 'action result', (result) => ({ actionId: result.actionId }));
    this.#handshake = new AgentHandshake({ rooms: deps.rooms, devices: deps.devices, timings: deps.timings, liveGateways: deps.liveGateways, holders: deps.holders });
    this.#gatewayList = new GatewayListWatch(deps.liveGateways);
  }

  /** Starts the timers; rooms the database believes online are watched until their agents return. */
  async start(): Promise<void> {
    const started = this.now();
    for (const room of await this.#handshake.roomsToWatch()) this.watch(room, started);
    this.#unsubscribe = this.deps.bus.subscribe(['room.deleted', 'room.updated', 'incident.opened', 'incident.resolved'], (event) => {
      if (event.type === 'room.deleted') this.#roomDeleted(event.roomId);
      else if (event.type === 'room.updated') this.#roomUpdated(event.roomId);
      else if (byHand(event.incident)) this.#incidentsChanged(event.roomId);
    });
    this.#sweepTimer = setInterval(() => this.sweep(), this.deps.timings.agentSweepMs);
    this.#flushTimer = setInterval(() => void this.flush(), this.deps.timings.lastSeenFlushMs);
    this.#sweepTimer.unref();
    this.#flushTimer.unref();
  }

  /** Watches a room believed online whose agent is not connected here: offline when no agent says hello within the offline window from `lastSeenAt`. */
  watch(room: { id: string; name: string; siteId: string | null; status: string }, lastSeenAt: number): void {
    if (this.#rooms.has(room.id)) return;
    const health = newRoomHealth(room);
    health.online = true;
    this.#rooms.set(room.id, { health, conn: null, lastHeartbeatAt: lastSeenAt, lastSeenDirty: false, queue: Promise.resolve() });
  }

  /** Closes every agent connection (the agents reconnect to another node or after the restart). */
  shutdown(): void {
    for (const conn of [...this.#conns.values()]) this.#close(conn, 1001, 'server shutting down');
  }

  /** Stops the timers and writes what is pending. */
  async close(): Promise<void> {
    clearInterval(this.#sweepTimer);
    clearInterval(this.#flushTimer);
    this.#unsubscribe?.();
    this.shutdown();
    await Promise.all([...this.#rooms.values()].map((e) => e.queue));
    await this.flush();
  }

  get connectedCount(): number {
    return this.#conns.size;
  }

  /** Welcome tells each agent of this server's build for its platform (self-update). */
  useAgentReleases(offers: AgentReleaseOffers): void {
    this.#handshake.useAgentReleases(offers);
  }

  // ---- connections

  /** Called once the device credential was checked, with the upgraded socket. */
  accept(socket: WebSocket, device: DeviceWithRoom): void {
    const now = this.now();
    const previous = this.#conns.get(device.id);
    if (previous) this.#close(previous, AGENT_CLOSE.REPLACED, 'replaced by a new connection');
    const stored = helloKey(device.hostname, device.platform, device.agentVersion, device.osVersion, device.capabilities);
    const conn: AgentConn = { deviceId: device.id, roomId: device.roomId, socket, connectedAt: now, helloAt: null, windowStart: now, windowCount: 0, info: null, stored, closed: false };
    this.#conns.set(device.id, conn);
    let entry = this.#rooms.get(device.roomId);
    if (!entry) {
      entry = { health: newRoomHealth({ id: device.roomId, name: device.roomName, siteId: device.siteId, status: device.roomStatus }), conn: null, lastHeartbeatAt: now, lastSeenDirty: false, queue: Promise.resolve() };
      this.#rooms.set(device.roomId, entry);
    }
    entry.conn = conn;
    socket.on('message', (data, isBinary) => {
      try {
        this.#onMessage(conn, data as Buffer, isBinary);
      } catch (err) {
        // A bug on our side must not take the process (and every other agent) down.
        this.deps.log.error({ err, deviceId: conn.deviceId }, 'agent message handling failed');
        this.#close(conn, 1011, 'internal error');
      }
    });
    socket.on('close', (code) => this.#onClose(conn, code));
    socket.on('error', (err) => this.deps.log.warn({ deviceId: conn.deviceId, roomId: conn.roomId, err: err.message }, 'agent connection error'));
    this.deps.log.info({ deviceId: device.id, roomId: device.roomId }, 'agent connected');
  }

  #onMessage(conn: AgentConn, data: Buffer, isBinary: boolean): void {
    if (conn.closed) return;
    const now = this.now();
    if (now - conn.windowStart >= RATE_WINDOW_MS) {
      conn.windowStart = now;
      conn.windowCount = 0;
    }
    // Per node by nature: a limit on one connection, which lives on this node only.
    if (++conn.windowCount > MAX_AGENT_MESSAGES_PER_10S) return this.#reject(conn, AGENT_CLOSE.RATE_LIMITED, 'too many messages');
    if (isBinary) return this.#reject(conn, AGENT_CLOSE.PROTOCOL_ERROR, 'binary frames are not part of the protocol');
    let msg: AgentMessage;
    try {
      msg = parseAgentMessage(data);
    } catch (err) {
      if (!(err instanceof WireError)) throw err;
      // Text no database can store costs only its message: refused with a typed error, the connection stays.
      if (err.code === 'UNSTORABLE_TEXT' && conn.helloAt !== null) return this.#send(conn, { type: 'error', code: err.code, message: err.message });
      return this.#reject(conn, err.code === 'FRAME_TOO_LARGE' ? 1009 : AGENT_CLOSE.PROTOCOL_ERROR, `${err.code}: ${err.message}`);
    }
    if ((msg.type === 'hello') === (conn.helloAt !== null)) {
      return this.#reject(conn, AGENT_CLOSE.PROTOCOL_ERROR, msg.type === 'hello' ? 'hello sent twice' : `${msg.type} before hello`);
    }
    const entry = this.#rooms.get(conn.roomId);
    if (!entry || entry.conn !== conn) return;
    this.stats.messages++;
    entry.lastHeartbeatAt = now;
    entry.lastSeenDirty = true;
    switch (msg.type) {
      case 'hello':
        this.#send(conn, this.#handshake.hello(conn, msg, entry.health.roomName, now));
        this.#enqueue(entry, async () => {
          await this.#handshake.recordHello(conn, msg);
          await this.deps.health.online(entry.health);
        });
        return;
      case 'heartbeat':
        this.stats.heartbeats++;
        if (!entry.health.online) this.#enqueue(entry, () => this.deps.health.online(entry.health));
        return;
      case 'health.report':
        this.stats.reports++;
        this.#enqueue(entry, () => this.deps.health.report(entry.health, msg));
        return;
      case 'session.opened':
        return this.#sessionEvents.emit({ type: 'session.opened', roomId: conn.roomId, sessionId: msg.sessionId });
      case 'session.failed':
        return this.#sessionEvents.emit({ type: 'session.failed', roomId: conn.roomId, sessionId: msg.sessionId, reason: msg.reason, ...(msg.message !== undefined ? { message: msg.message } : {}) });
      case 'session.closed':
        return this.#sessionEvents.emit({ type: 'session.closed', roomId: conn.roomId, sessionId: msg.sessionId, reason: msg.reason, bytesToViewer: msg.bytesToViewer, bytesFromViewer: msg.bytesFromViewer });
      case 'action.result':
        return this.#actionResults.emit({ ...msg, roomId: conn.roomId });
      case 'update.status':
        if (conn.info) conn.info.lastUpdate = msg.status;
        this.deps.log[msg.status.state === 'failed' ? 'warn' : 'info']({ deviceId: conn.deviceId, roomId: conn.roomId, ...msg.status }, 'agent self-update');
        return;
    }
  }

  #reject(conn: AgentConn, code: number, reason: string): void {
    this.stats.rejected++;
    this.deps.log.warn({ deviceId: conn.deviceId, roomId: conn.roomId, closeCode: code, reason }, 'agent connection closed: bad input');
    this.#close(conn, code, reason);
  }

  #close(conn: AgentConn, code: number, reason: string): void {
    if (conn.closed) return;
    conn.closed = true;
    this.#detach(conn);
    conn.socket.close(code, reason.slice(0, 120));
    // An agent that does not answer the close handshake is cut off.
    setTimeout(() => conn.socket.terminate(), 5_000).unref();
  }

  #onClose(conn: AgentConn, code: number): void {
    if (!conn.closed) {
      conn.closed = true;
      this.deps.log.info({ deviceId: conn.deviceId, roomId: conn.roomId, closeCode: code }, 'agent disconnected');
    }
    this.#detach(conn);
  }

  /** The connection no longer represents its device; the room stays watched by the sweep. */
  #detach(conn: AgentConn): void {
    if (this.#conns.get(conn.deviceId) !== conn) return;
    this.#conns.delete(conn.deviceId);
    const entry = this.#rooms.get(conn.roomId);
    if (entry?.conn === conn) entry.conn = null;
    this.#sessionEvents.emit({ type: 'agent.disconnected', roomId: conn.roomId });
  }

  #send(conn: AgentConn, message: ServerMessage): void {
    conn.socket.send(JSON.stringify(serverMessageSchema.parse(message)));
  }

  #enqueue(entry: RoomEntry, work: () => Promise<void>): void {
    entry.queue = entry.queue.then(work).catch((err: unknown) => {
      if (err instanceof RoomGoneError) {
        this.deps.log.warn({ roomId: entry.health.roomId }, 'room deleted under a connected agent; closing it');
        if (entry.conn) this.#close(entry.conn, AGENT_CLOSE.DEVICE_REVOKED, 'room deleted');
        this.deps.health.forget(entry.health);
        this.#rooms.delete(entry.health.roomId);
        return;
      }
      this.deps.log.error({ err, roomId: entry.health.roomId }, 'health update failed');
    });
  }

  // ---- timers

  /** One pass over every connection and watched room: hello timeouts, the region's nodes when they changed (cluster), missed heartbeats. */
  sweep(): void {
    const now = this.now();
    const gateways = this.#gatewayList.changed();
    for (const conn of this.#conns.values()) {
      if (conn.helloAt === null && now - conn.connectedAt >= this.deps.timings.helloTimeoutMs) this.#reject(conn, AGENT_CLOSE.HELLO_TIMEOUT, 'no hello in time');
      else if (gateways && conn.helloAt !== null && !conn.closed) this.#send(conn, { type: 'gateways', gateways });
    }
    for (const entry of this.#rooms.values()) {
      if (!entry.health.online || !isOffline(entry.lastHeartbeatAt, now, this.deps.timings.heartbeatIntervalSec, this.deps.timings.offlineAfterMissedHeartbeats)) continue;
      entry.health.online = false;
      if (entry.conn) this.#close(entry.conn, 1001, 'no heartbeat');
      this.#enqueue(entry, async () => {
        if (entry.conn?.helloAt) return; // back already
        if (!entry.conn && (await this.#handshake.heldElsewhere(entry.health.roomId))) {
          // Its agent went to another node within the window: that node has it; no offline, no incident.
          this.deps.health.forget(entry.health);
          this.#rooms.delete(entry.health.roomId);
          return;
        }
        await this.deps.health.offline(entry.health);
        await this.#handshake.release(entry.health.roomId);
        if (!entry.conn) this.#rooms.delete(entry.health.roomId);
      });
    }
  }

  /** Writes last-seen times (one statement) and pending signal readings. */
  async flush(): Promise<void> {
    if (this.#flushing) return this.#flushing;
    this.#flushing = (async () => {
      const seen: Array<{ roomId: string; at: Date }> = [];
      for (const entry of this.#rooms.values()) {
        if (!entry.lastSeenDirty) continue;
        entry.lastSeenDirty = false;
        seen.push({ roomId: entry.health.roomId, at: new Date(entry.lastHeartbeatAt) });
      }
      try {
        if (seen.length) await this.deps.rooms.flushLastSeen(seen);
      } catch (err) {
        // Kept for the next flush, unless a newer heartbeat already marked it.
        for (const { roomId } of seen) {
          const entry = this.#rooms.get(roomId);
          if (entry) entry.lastSeenDirty = true;
        }
        this.deps.log.error({ err, rooms: seen.length }, 'last-seen flush failed; kept for the next flush');
      }
      try {
        await this.deps.health.flushReadings();
      } catch (err) {
        if (err instanceof ReadingsFlushError) {
          for (const f of err.failed) {
            this.deps.log.error({ err: f.err, roomId: f.roomId, readings: f.readings }, f.kept ? 'signal readings flush failed; kept for the next flush' : 'signal readings flush failed; dropped');
          }
        } else this.deps.log.error({ err }, 'signal readings flush failed');
      }
    })().finally(() => (this.#flushing = undefined));
    return this.#flushing;
  }

  // ---- administration

  /** A revoked device: its connection closes at once with DEVICE_REVOKED, its room goes offline. */
  deviceRevoked(deviceId: string, roomId: string): void {
    const conn = this.#conns.get(deviceId);
    if (conn) {
      this.deps.log.info({ deviceId, roomId }, 'device revoked; closing its connection');
      this.#close(conn, AGENT_CLOSE.DEVICE_REVOKED, 'device revoked');
    }
    const entry = this.#rooms.get(roomId);
    if (!entry) return;
    this.#enqueue(entry, async () => {
      if (entry.conn) return;
      await this.deps.health.detached(entry.health);
      this.deps.health.forget(entry.health);
      this.#rooms.delete(roomId);
    });
  }

  /** The room was deleted (its devices with it): its agent is told it is revoked. */
  #roomDeleted(roomId: string): void {
    const entry = this.#rooms.get(roomId);
    if (!entry) return;
    if (entry.conn) {
      this.deps.log.info({ deviceId: entry.conn.deviceId, roomId }, 'room deleted; closing its agent connection');
      this.#close(entry.conn, AGENT_CLOSE.DEVICE_REVOKED, 'room deleted');
    }
    this.deps.health.forget(entry.health);
    this.#rooms.delete(roomId);
  }

  /** An incident of the room was recorded or resolved by hand: the room's open incidents and status follow. */
  #incidentsChanged(roomId: string): void {
    const entry = this.#rooms.get(roomId);
    if (!entry) return;
    this.#enqueue(entry, () => this.deps.health.refresh(entry.health));
  }

  /** Renamed or moved to another site: the events and welcome of its agent follow. */
  #roomUpdated(roomId: string): void {
    const entry = this.#rooms.get(roomId);
    if (!entry) return;
    this.#enqueue(entry, async () => {
      const room = await this.deps.rooms.find(roomId);
      if (!room) return;
      entry.health.roomName = room.name;
      entry.health.siteId = room.siteId;
    });
  }

  live(roomId: string): LiveAgent | undefined {
    return liveAgentOf(this.#rooms.get(roomId), this.deps.nodeId);
  }

  // ---- AgentLink

  async presence(roomId: string): Promise<AgentPresence> {
    return presenceOf(this.#rooms.get(roomId), this.deps.nodeId);
  }

  async send(roomId: string, command: AgentCommand): Promise<boolean> {
    const conn = this.#rooms.get(roomId)?.conn;
    if (!conn?.helloAt || conn.closed) return false;
    this.#send(conn, command);
    return true;
  }

  onSessionEvent(handler: (event: AgentSessionEvent) => void): () => void {
    return this.#sessionEvents.on(handler);
  }

  onActionResult(handler: (result: AgentActionResult) => void): () => void {
    return this.#actionResults.on(handler);
  }
}

/** Recorded by hand, or resolved by hand: the health engine did not do it, so its memory must follow. */
function byHand(incident: { ruleId: string; resolution?: string | null | undefined }): boolean {
  return incident.ruleId.startsWith(MANUAL_RULE_PREFIX) || incident.resolution === 'manual';
}
