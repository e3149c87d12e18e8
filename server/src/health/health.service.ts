// Applies the health engine to rooms: keeps each connected room's latest signals and open
// incidents in memory, writes state changes, incidents and status changes at once (they
// are rare) in one transaction, batches mere new readings ("42 %" → "43 %"), and
// publishes room.status and incident.* on the bus. The gateway calls it one room at a
// time (a queue per room), so a room's changes never interleave.
import type { IncidentSeverity, RoomStatus, Signal, SignalState } from '@roomwarden/protocol';
import type { EventBus } from '../bus/event-bus.ts';
import type { Executor } from '../db/database.ts';
import type { AgentRoomsRepository } from '../repositories/agent-rooms.repository.ts';
import type { IncidentRecord, IncidentsRepository, NewIncident } from '../repositories/incidents.repository.ts';
import { MicroBatch } from '../platform/micro-batch.ts';
import type { SignalRecord, SignalsRepository } from '../repositories/signals.repository.ts';
import type { Transactor } from '../repositories/transactor.ts';
import { DEFAULT_POLICY, reconcile, roomStatus, signalChange, underPolicy, type IncidentPolicy, type IncidentSpec, type OpenIncidentRef, type StoredSignal } from './health-engine.ts';
import { IncidentLifecycle } from './incident-lifecycle.ts';
import { AGENT_OFFLINE_RULE } from './health-rules.ts';
import { incidentView } from './health-views.ts';
import type { NotificationEnqueuer } from '../notifications/outbox.ts';
import { roomOfflineNotice } from '../notifications/notices.ts';

/** A room's health as the gateway holds it in memory. */
export interface RoomHealth {
  roomId: string;
  roomName: string;
  siteId: string | null;
  status: RoomStatus;
  online: boolean;
  /** Loaded on first use. */
  signals: Map<string, StoredSignal> | null;
  open: Map<string, OpenIncidentRef>;
  /** Signals whose reading changed but not their state: written by the next flush. */
  dirty: Set<string> | null;
}

/** The room was deleted under a connected agent. */
export class RoomGoneError extends Error {}

/** A room's pending readings are kept for this many failed flushes in a row, then dropped. */
export const MAX_FLUSH_ATTEMPTS = 5;

export interface ReadingsFlushFailure {
  roomId: string;
  readings: number;
  /** True: kept for the next flush. False: dropped (the room is gone, or it failed too often). */
  kept: boolean;
  err: unknown;
}

/** Some rooms' readings could not be written; the others were. */
export class ReadingsFlushError extends Error {
  constructor(
    readonly written: number,
    readonly failed: readonly ReadingsFlushFailure[],
    cause: unknown,
  ) {
    super(`signal readings of ${failed.length} room(s) could not be written (${written} written)`, { cause });
  }
}

interface Change {
  signals: SignalRecord[];
  open: IncidentSpec[];
  resolve: string[];
  at: Date;
}

export function newRoomHealth(room: { id: string; name: string; siteId: string | null; status: string }): RoomHealth {
  return { roomId: room.id, roomName: room.name, siteId: room.siteId, status: room.status as RoomStatus, online: false, signals: null, open: new Map(), dirty: null };
}

/** The incident settings and the room's maintenance window, read when an incident may open. */
export interface IncidentPolicySource {
  forRoom(roomId: string, now: Date): Promise<IncidentPolicy>;
}

export interface HealthServiceDeps {
  signals: SignalsRepository;
  incidents: IncidentsRepository;
  rooms: AgentRoomsRepository;
  tx: Transactor;
  bus: EventBus;
  /** Where incidents open and resolve (defaults to one over `incidents`). */
  lifecycle?: IncidentLifecycle;
  /** Defaults to every rule on, at its own severity, never muted. */
  policy?: IncidentPolicySource;
  now?: () => Date;
  /** Notifications: the room gone offline, written in the transition's transaction (incidents notify through the lifecycle). */
  outbox?: NotificationEnqueuer;
}

export class HealthService {
  readonly #dirtyRooms = new Map<string, RoomHealth>();
  /** Flushes in a row that failed to write a room's readings. */
  readonly #flushFailures = new Map<string, number>();

  private readonly now: () => Date;
  private readonly lifecycle: IncidentLifecycle;
  private readonly policy: IncidentPolicySource;
  // A room's signals and open incidents are read when its agent connects: after a node's loss,
  // thousands at once, so the rooms asked for together are read in one statement each.
  readonly #signalLoads: MicroBatch<string, SignalRecord[]>;
  readonly #incidentLoads: MicroBatch<string, IncidentRecord[]>;
  constructor(private readonly deps: HealthServiceDeps) {
    this.#signalLoads = new MicroBatch((ids) => deps.signals.forRooms(ids));
    this.#incidentLoads = new MicroBatch((ids) => deps.incidents.openForRooms(ids));
    this.now = deps.now ?? (() => new Date());
    this.lifecycle = deps.lifecycle ?? new IncidentLifecycle(deps.incidents);
    this.policy = deps.policy ?? { forRoom: () => Promise.resolve(DEFAULT_POLICY) };
  }

  /**
   * Incidents of this room were opened or resolved elsewhere (by hand, or on another node):
   * its open incidents are read again and its status follows.
   */
  async refresh(room: RoomHealth): Promise<void> {
    room.signals = null;
    await this.#load(room);
    await this.#apply(room, { signals: [], open: [], resolve: [], at: this.now() });
  }

  async #load(room: RoomHealth): Promise<Map<string, StoredSignal>> {
    if (room.signals) return room.signals;
    const [rows = [], open = []] = await Promise.all([this.#signalLoads.load(room.roomId), this.#incidentLoads.load(room.roomId)]);
    const signals = new Map<string, StoredSignal>();
    for (const r of rows) signals.set(r.name, { state: r.state as SignalState, value: r.value, detail: r.detail, changedAt: r.changedAt });
    room.open = new Map(open.map((o) => [o.ruleId, { ruleId: o.ruleId, signal: o.signal, severity: o.severity as IncidentSeverity }]));
    room.signals = signals;
    return signals;
  }

  /** The agent said hello: resolve "Agent offline", and the status follows the open incidents. */
  async online(room: RoomHealth): Promise<void> {
    await this.#load(room);
    room.online = true;
    await this.#apply(room, { signals: [], open: [], resolve: room.open.has(AGENT_OFFLINE_RULE.id) ? [AGENT_OFFLINE_RULE.id] : [], at: this.now() });
  }

  /** No heartbeat for the configured intervals: status offline and an "Agent offline" incident. */
  async offline(room: RoomHealth): Promise<void> {
    await this.#load(room);
    room.online = false;
    const now = this.now();
    const spec = room.open.has(AGENT_OFFLINE_RULE.id) ? null : underPolicy({ ...AGENT_OFFLINE_RULE, ruleId: AGENT_OFFLINE_RULE.id, detail: 'No heartbeat from the agent' }, 'failed', await this.policy.forRoom(room.roomId, now));
    await this.#apply(room, { signals: [], open: spec ? [spec] : [], resolve: [], at: now });
  }

  /** The room's device was revoked: offline, without an incident (nobody is expected back). */
  async detached(room: RoomHealth): Promise<void> {
    room.online = false;
    await this.#apply(room, { signals: [], open: [], resolve: [], at: this.now() });
  }

  async report(room: RoomHealth, report: { signals: readonly Signal[]; measuredAt: string }): Promise<void> {
    const stored = await this.#load(room);
    const now = this.now();
    const measured = new Date(report.measuredAt);
    const at = measured.getTime() < now.getTime() ? measured : now;
    const changed: SignalRecord[] = [];
    const stateChanged: Signal[] = [];
    for (const s of report.signals) {
      const prev = stored.get(s.name);
      const kind = signalChange(prev, s);
      if (kind === 'none') continue;
      const next: StoredSignal = { state: s.state, value: s.value ?? null, detail: s.detail ?? null, changedAt: kind === 'state' || !prev ? at : prev.changedAt };
      stored.set(s.name, next);
      if (kind === 'state') {
        stateChanged.push(s);
        changed.push({ roomId: room.roomId, name: s.name, ...next });
        room.dirty?.delete(s.name);
      } else {
        (room.dirty ??= new Set()).add(s.name);
        this.#dirtyRooms.set(room.roomId, room);
      }
    }
    if (stateChanged.length === 0) return;
    // Only signals whose state changed can open or resolve an incident.
    const policy = await this.policy.forRoom(room.roomId, now);
    const decision = reconcile(stateChanged, room.open.values(), undefined, policy);
    try {
      await this.#apply(room, { signals: changed, ...decision, at });
    } catch (err) {
      // Memory ran ahead of a write that failed: reload from the database next time.
      room.signals = null;
      this.forget(room);
      throw err;
    }
  }

  /**
   * Writes the pending reading-only changes of every room in one statement. When that
   * statement fails, each room is written on its own, so one room's bad row costs only that
   * room: a room whose write fails keeps its readings for the next flush (the database may
   * be back by then), up to MAX_FLUSH_ATTEMPTS flushes in a row; a room deleted meanwhile is
   * forgotten. Throws a ReadingsFlushError naming the rooms that still wait.
   */
  async flushReadings(): Promise<number> {
    if (this.#dirtyRooms.size === 0) return 0;
    const batches: Array<{ room: RoomHealth; names: Set<string>; rows: SignalRecord[] }> = [];
    for (const room of this.#dirtyRooms.values()) {
      const names = room.dirty ?? new Set<string>();
      const rows: SignalRecord[] = [];
      for (const name of names) {
        const s = room.signals?.get(name);
        if (s) rows.push({ roomId: room.roomId, name, ...s });
      }
      room.dirty = null;
      batches.push({ room, names, rows });
    }
    this.#dirtyRooms.clear();
    const at = this.now();
    try {
      await this.deps.signals.upsert(batches.flatMap((b) => b.rows), at);
      for (const b of batches) this.#flushFailures.delete(b.room.roomId);
      return batches.reduce((n, b) => n + b.rows.length, 0);
    } catch (batchErr) {
      let written = 0;
      const failed: ReadingsFlushFailure[] = [];
      for (const b of batches) {
        try {
          await this.deps.signals.upsert(b.rows, at);
          written += b.rows.length;
          this.#flushFailures.delete(b.room.roomId);
        } catch (err) {
          if (isForeignKeyViolation(err)) {
            this.#flushFailures.delete(b.room.roomId);
            failed.push({ roomId: b.room.roomId, readings: b.rows.length, kept: false, err });
            continue;
          }
          const attempts = (this.#flushFailures.get(b.room.roomId) ?? 0) + 1;
          const kept = attempts < MAX_FLUSH_ATTEMPTS;
          if (kept) {
            this.#flushFailures.set(b.room.roomId, attempts);
            // Readings that arrived during the write are already in the room's new set.
            const pending = (b.room.dirty ??= new Set());
            for (const name of b.names) pending.add(name);
            this.#dirtyRooms.set(b.room.roomId, b.room);
          } else this.#flushFailures.delete(b.room.roomId);
          failed.push({ roomId: b.room.roomId, readings: b.rows.length, kept, err });
        }
      }
      throw new ReadingsFlushError(written, failed, batchErr);
    }
  }

  /** Forget a room's pending readings (its device is gone). */
  forget(room: RoomHealth): void {
    this.#dirtyRooms.delete(room.roomId);
    this.#flushFailures.delete(room.roomId);
    room.dirty = null;
  }

  async #apply(room: RoomHealth, change: Change): Promise<void> {
    const open = new Map(room.open);
    for (const id of change.resolve) open.delete(id);
    for (const spec of change.open) open.set(spec.ruleId, { ruleId: spec.ruleId, signal: spec.signal, severity: spec.severity });
    const status = roomStatus(room.online, [...open.values()].map((o) => o.severity));
    const previous = room.status;
    if (change.signals.length === 0 && change.open.length === 0 && change.resolve.length === 0 && status === previous) return;
    // A room going offline notifies, and the notification is written with the status change.
    const goesOffline = status === 'offline' && previous !== 'offline';
    const work = async (ex: Executor | undefined): Promise<{ resolved: IncidentRecord[]; opened: IncidentRecord[]; statusChanged: boolean }> => {
      await this.deps.signals.upsert(change.signals, change.at, ex);
      // `ex` is set whenever an incident opens or resolves (see below).
      const resolved = ex && change.resolve.length ? await this.lifecycle.resolve({ roomId: room.roomId, ruleIds: change.resolve }, { at: change.at, resolution: 'recovered' }, ex) : [];
      const opened = ex && change.open.length ? await this.lifecycle.open(change.open.map((s) => newIncident(room.roomId, s, change.at)), ex) : [];
      let statusChanged = false;
      if (status !== previous) {
        const stored = await this.deps.rooms.setStatus(room.roomId, status, change.at, ex);
        if (stored === undefined) throw new RoomGoneError(room.roomId);
        // Another node of a cluster may have set it first (both saw the room go offline): then it told everyone.
        statusChanged = stored !== status;
      }
      if (ex && goesOffline && statusChanged) await this.deps.outbox?.enqueue(ex, roomOfflineNotice({ id: room.roomId, name: room.roomName, siteId: room.siteId }, change.at));
      return { resolved, opened, statusChanged };
    };
    // A single statement needs no transaction (the common case: a status change, or readings);
    // opening or resolving an incident always has one (what goes with it is written in it too).
    const statements = [change.signals.length, change.resolve.length, change.open.length, status !== previous ? 1 : 0].filter((n) => n > 0).length;
    const incidents = change.resolve.length + change.open.length > 0;
    let written: { resolved: IncidentRecord[]; opened: IncidentRecord[]; statusChanged: boolean };
    try {
      written = statements > 1 || incidents || (goesOffline && this.deps.outbox !== undefined) ? await this.deps.tx.run(work) : await work(undefined);
    } catch (err) {
      if (isForeignKeyViolation(err)) throw new RoomGoneError(room.roomId);
      throw err;
    }
    room.open = open;
    room.status = status;
    const ref = { name: room.roomName, siteId: room.siteId };
    const base = { roomId: room.roomId, siteId: room.siteId };
    for (const r of written.resolved) await this.deps.bus.publish({ type: 'incident.resolved', ...base, incident: incidentView(r, ref) });
    for (const r of written.opened) await this.deps.bus.publish({ type: 'incident.opened', ...base, incident: incidentView(r, ref) });
    if (written.statusChanged) await this.deps.bus.publish({ type: 'room.status', ...base, status, previous, at: change.at.toISOString() });
  }
}

/** The incident a health rule opens in a room. */
function newIncident(roomId: string, s: IncidentSpec, at: Date): NewIncident {
  return { id: crypto.randomUUID(), roomId, ruleId: s.ruleId, signal: s.signal, title: s.title, category: s.category, severity: s.severity, state: 'open', detail: s.detail, openedAt: at };
}

function isForeignKeyViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23503';
}
