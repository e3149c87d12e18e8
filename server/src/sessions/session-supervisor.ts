// Keeps this node's live remote sessions honest: the I/O shell around each session's state
// machine (live-session.ts). It admits the two sides with their one-time tickets
// (session-admission.ts), feeds
// the machine what the relay, the agent, the bus and the sweep report, and performs what
// it returns: marking a session active when its sides pair, and ending it — exactly once,
// with one `session.end` audit entry (session-audit.ts) — for whichever comes first: the
// viewer or the agent going away, the agent failing, an administrator, the idle timeout,
// the maximum length, remote access turned off, the room excluded, the user's permission
// withdrawn or the user disabled, nobody connecting in time, a broken stream, or the
// server stopping.
//
// Activity (for the idle timeout): any viewer frame that is not only FramebufferUpdateRequests
// (noVNC sends those by itself) — keys, pointer, clipboard, resize — including input that a
// view-only session drops: the person is there even if they may not act.
import type { RelayTransportKind, SessionEndReason } from '@roomwarden/protocol';
import type { EventBus, BusEvent, BusEventType } from '../bus/event-bus.ts';
import type { AgentLink, AgentSessionEvent } from '../gateway/agent-link.ts';
import type { SessionObserversRepository } from '../repositories/session-observers.repository.ts';
import type { SessionRecord, SessionsRepository } from '../repositories/sessions.repository.ts';
import type { SessionTicketsRepository } from '../repositories/session-tickets.repository.ts';
import type { Transactor } from '../repositories/transactor.ts';
import type { AuditService } from '../platform/audit.service.ts';
import type { AuthorizationService } from '../access/authorization.service.ts';
import { systemCaller, type CallerIdentity } from '../access/caller.ts';
import type { SettingsService } from '../platform/settings.service.ts';
import { OPENING, isLive, transition, type Ending, type LiveSessionEvent, type LiveLimits, type LiveState } from './live-session.ts';
import { sessionEndEntry } from './session-audit.ts';
import type { NotificationEnqueuer } from '../notifications/outbox.ts';
import { sessionEndedNotice } from '../notifications/notices.ts';
import { whoMustGo, whyAgentWentAway } from './session-recheck.ts';
import { SessionAdmission, type Admission } from './session-admission.ts';
import { SessionObservers } from './session-observers.ts';
import type { RelaySocket } from './relay-socket.ts';
import { SessionRelay, type RelayCounts, type RelayStats } from './session-relay.ts';
import { sessionView } from './session-view.ts';
import { TicketStore, type IssuedTicket, type TicketSide } from './ticket-store.ts';
import { aloneInCluster, type OnceInCluster } from '../cluster/once-in-cluster.ts';

export type { Admission } from './session-admission.ts';

export interface SupervisorTimings {
  minuteMs: number;
  ticketTtlMs: number;
  pairTimeoutMs: number;
  pendingTimeoutMs: number;
  sweepMs: number;
  recheckMs: number;
  /** After the agent's data side closes, how long to wait for its session.failed/closed reason. */
  agentCloseGraceMs: number;
  /** An observer whose viewer does not read (its agent connection paused) this long is dropped. */
  observerStallMs: number;
}

export interface SupervisorDeps {
  repo: SessionsRepository;
  observersRepo: SessionObserversRepository;
  /** The one-time tickets, shared by every node. */
  ticketsRepo: SessionTicketsRepository;
  tx: Transactor;
  audit: AuditService;
  authz: AuthorizationService;
  settings: SettingsService;
  agentLink: AgentLink;
  bus: EventBus;
  /** The user id of a portal cookie session, if it is valid. */
  cookieUser: (cookie: string) => Promise<string | undefined>;
  log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  nodeId: string;
  /** Notifications: session.ended, written with the session's end. */
  outbox?: NotificationEnqueuer | undefined;
  /** The expired-ticket sweep runs on one node at a time (default: this node alone). */
  onceInCluster?: OnceInCluster;
}

export interface EndOptions {
  message?: string | undefined;
  caller?: CallerIdentity;
  /** Tell the agent to close its side (false when the agent itself ended the session). */
  notifyAgent?: boolean;
}

/** A session live on this node: what it is, its machine's state, and the one timer the machine arms. */
interface LiveEntry {
  id: string;
  roomId: string;
  roomName: string;
  userId: string;
  userLabel: string;
  mode: 'control' | 'view';
  limits: LiveLimits;
  state: LiveState;
  agentGraceTimer: NodeJS.Timeout | undefined;
}

/** Expired tickets are deleted at most this often (each sweep deletes a bounded batch). */
const TICKET_SWEEP_MS = 30_000;

/** Changes that can take a live session's permission away: the next sweep re-checks. (Not room.status: it comes with every health change.) */
const RECHECK_EVENTS = new Set<BusEventType>(['settings.changed', 'role.changed', 'group.changed', 'group.membership.changed', 'user.updated', 'room.updated', 'room_group.changed']);

export class SessionSupervisor {
  readonly #live = new Map<string, LiveEntry>();
  readonly tickets: TicketStore;
  readonly relay: SessionRelay;
  /** Who watches this node's live sessions, each on a pair of their own. */
  readonly observers: SessionObservers;
  readonly #admission: SessionAdmission;
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: Array<() => void> = [];
  #lastRecheck = 0;
  #lastTicketSweep = 0;
  #rechecking = false;
  #stopping = false;
  /** Sessions this node ended, and their bytes (for /metrics). */
  readonly ended = { sessions: 0, bytesToViewer: 0, bytesFromViewer: 0 };
  /** Agent data connections attached on this node, by transport (for /metrics). */
  readonly agentConnections: Record<RelayTransportKind, number>;

  constructor(
    private readonly deps: SupervisorDeps,
    private readonly timings: SupervisorTimings,
  ) {
    this.tickets = new TicketStore(deps.ticketsRepo, timings.ticketTtlMs);
    this.relay = new SessionRelay({
      viewerActivity: (id) => void this.#step(id, { type: 'activity', at: Date.now() }),
      sideClosed: (id, side, code, reason) => this.#stepSafely(id, { type: 'sideClosed', side, code, reason }),
      protocolError: (id, side, reason) => this.#stepSafely(id, { type: 'protocolError', side, message: reason }),
    });
    this.observers = new SessionObservers(
      { repo: deps.observersRepo, sessions: deps.repo, tx: deps.tx, audit: deps.audit, tickets: this.tickets, agentLink: deps.agentLink, bus: deps.bus },
      { liveSession: (id) => this.liveSubject(id), liveCounts: (id) => this.relay.counts(id), log: deps.log },
      { pendingTimeoutMs: timings.pendingTimeoutMs, pairTimeoutMs: timings.pairTimeoutMs, stallMs: timings.observerStallMs },
    );
    this.#admission = new SessionAdmission({
      tickets: this.tickets,
      observers: this.observers,
      relay: this.relay,
      cookieUser: deps.cookieUser,
      session: (id) => this.#live.get(id),
      attached: (id, side) => this.#stepSafely(id, { type: 'attached', side, at: Date.now() }),
    });
    this.agentConnections = this.#admission.agentConnections;
  }

  /** Ends what a previous run left open, then watches the live sessions. */
  async start(opts: { singleNode: boolean }): Promise<void> {
    const leftOver = await this.deps.repo.unended(opts.singleNode ? undefined : this.deps.nodeId);
    for (const s of leftOver) await this.end(s.id, 'server_restart', { notifyAgent: false });
    this.#unsubscribe.push(this.deps.bus.subscribe((e) => this.#onBusEvent(e)));
    this.#unsubscribe.push(this.deps.agentLink.onSessionEvent((e) => this.#onAgentEvent(e)));
    this.#timer = setInterval(() => this.#sweep(), this.timings.sweepMs);
    this.#timer.unref();
  }

  /** Server shutdown: every live session ends (and is audited) while the database is still open. */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#unsubscribe.forEach((u) => u());
    this.#unsubscribe = [];
    const results = await Promise.allSettled([...this.#live.keys()].map((id) => this.end(id, 'server_shutdown')));
    for (const r of results) if (r.status === 'rejected') this.deps.log.error({ err: r.reason }, 'ending a session at shutdown failed');
  }

  /** A new session on this node: watch it and issue its two one-time tickets. */
  async register(s: SessionRecord): Promise<{ viewer: IssuedTicket; agent: IssuedTicket }> {
    this.#live.set(s.id, {
      id: s.id,
      roomId: s.roomId,
      roomName: s.roomName,
      userId: s.userId,
      userLabel: s.userLabel,
      mode: s.mode,
      limits: {
        startedAt: s.startedAt.getTime(),
        expiresAt: s.expiresAt.getTime(),
        idleMs: s.idleTimeoutMinutes * this.timings.minuteMs,
        pendingTimeoutMs: this.timings.pendingTimeoutMs,
        pairTimeoutMs: this.timings.pairTimeoutMs,
      },
      state: OPENING,
      agentGraceTimer: undefined,
    });
    return { viewer: await this.tickets.issue(s.id, 'viewer'), agent: await this.tickets.issue(s.id, 'agent') };
  }

  /** The session live here as its observers' audit entries name it, or undefined when it is not live on this node. */
  liveSubject(id: string): Pick<SessionRecord, 'id' | 'roomId' | 'roomName' | 'userId' | 'userLabel' | 'mode'> | undefined {
    const e = this.#live.get(id);
    return e && isLive(e.state) ? { id: e.id, roomId: e.roomId, roomName: e.roomName, userId: e.userId, userLabel: e.userLabel, mode: e.mode } : undefined;
  }

  get liveCount(): number {
    return this.#live.size;
  }

  isLive(id: string): boolean {
    const e = this.#live.get(id);
    return Boolean(e && isLive(e.state));
  }

  liveCounts(id: string): RelayCounts | undefined {
    return this.relay.counts(id);
  }

  relayStats(id: string): RelayStats | undefined {
    return this.relay.stats(id);
  }

  /** Checks a WebSocket's ticket (session-admission.ts); a session not live on this node keeps it. */
  admit(side: TicketSide, sessionId: string, ticket: string, cookie: string | undefined): Promise<Admission> {
    return this.#admission.admit(side, sessionId, ticket, cookie);
  }

  /** Hands an admitted, upgraded socket to the relay (the agent's: a WebSocket or a raw stream). */
  attach(a: Admission, ws: RelaySocket, transport: RelayTransportKind = 'websocket'): void {
    this.#admission.attach(a, ws, transport);
  }

  /** Ends a session once; true when this call ended it. Works for sessions not live here too. */
  async end(id: string, reason: SessionEndReason, opts: EndOptions = {}): Promise<boolean> {
    const event: LiveSessionEvent = { type: 'end', reason, message: opts.message, notifyAgent: opts.notifyAgent };
    if (this.#live.has(id)) return this.#step(id, event, opts.caller);
    return this.#finish(id, { reason, message: opts.message, notifyAgent: opts.notifyAgent ?? true, drainAgent: false }, opts.caller);
  }

  /** Ends every live session of this node. */
  async endAll(reason: SessionEndReason, filter: (e: { roomId: string; userId: string }) => boolean = () => true): Promise<void> {
    const ids = [...this.#live.values()].filter((e) => isLive(e.state) && filter(e)).map((e) => e.id);
    await Promise.all(ids.map((id) => this.end(id, reason)));
  }

  // ---- the machine's shell

  /** Feeds a live session's machine one event and performs its effects; true when this event ended the session. */
  #step(id: string, event: LiveSessionEvent, caller?: CallerIdentity): Promise<boolean> {
    const e = this.#live.get(id);
    if (!e) return Promise.resolve(false);
    const step = transition(e.state, event, e.limits);
    e.state = step.state;
    let ended = Promise.resolve(false);
    for (const effect of step.effects) {
      switch (effect.type) {
        case 'markActive':
          void this.#markActive(id, new Date(effect.at));
          break;
        case 'pipe':
          this.relay.pipe(id);
          break;
        case 'armAgentGrace':
          e.agentGraceTimer = setTimeout(() => this.#stepSafely(id, { type: 'agentGraceOver' }), this.timings.agentCloseGraceMs);
          break;
        case 'finish':
          clearTimeout(e.agentGraceTimer);
          ended = this.#finish(id, effect.ending, caller, true).finally(() => this.#live.delete(id));
          break;
        case 'drop':
          // Ended elsewhere (another node took the DELETE): close here, it is already audited.
          clearTimeout(e.agentGraceTimer);
          this.relay.close(id, effect.reason);
          this.observers.sessionEndedElsewhere(id);
          this.#revokeTickets(id);
          this.#live.delete(id);
          break;
      }
    }
    return ended;
  }

  /** Deletes an ended session's tickets in the background: a failure is logged (they expire anyway). */
  #revokeTickets(id: string): void {
    this.tickets.revokeSession(id).catch((err: unknown) => this.deps.log.warn({ err, sessionId: id }, 'could not delete the tickets of an ended session (they expire)'));
  }

  /** #step() from a timer or an event: a failure is logged, never an unhandled rejection. */
  #stepSafely(id: string, event: LiveSessionEvent): void {
    this.#step(id, event).catch((err: unknown) => this.deps.log.error({ err, sessionId: id, event: event.type }, 'ending the session failed'));
  }

  /** Closes both sides and writes the end with its `session.end` entry (once: false when the row had ended already). */
  async #finish(id: string, ending: Ending, caller: CallerIdentity | undefined, liveHere = false): Promise<boolean> {
    const { reason, message } = ending;
    if (ending.drainAgent) await this.relay.agentGone(id, this.timings.agentCloseGraceMs);
    const counts = this.relay.close(id, reason, message);
    const watchers = this.observers.detachSession(id);
    await this.tickets.revokeSession(id);
    const s = await this.deps.repo.find(id);
    if (!s) return false;
    const bytes = liveHere ? counts : { bytesToViewer: s.bytesToViewer, bytesFromViewer: s.bytesFromViewer };
    const end = { reason, message: message ?? null, endedAt: new Date(), ...bytes };
    const ended = await this.deps.tx.run(async (ex) => {
      if (!(await this.deps.repo.end(id, end, ex))) return false;
      await this.observers.writeLeaves(ex, watchers, 'session_ended');
      const observers = await this.deps.observersRepo.ofSession(id, ex);
      await this.deps.audit.record(caller ?? systemCaller('remote-session'), sessionEndEntry(s, end, observers), ex);
      await this.deps.outbox?.enqueue(ex, sessionEndedNotice(s, reason));
      return true;
    });
    if (!ended) return false;
    this.ended.sessions++;
    this.ended.bytesToViewer += bytes.bytesToViewer;
    this.ended.bytesFromViewer += bytes.bytesFromViewer;
    if (ending.notifyAgent) {
      await this.deps.agentLink.send(s.roomId, { type: 'session.close', sessionId: id, reason }).catch((err: unknown) => this.deps.log.warn({ err, sessionId: id }, 'could not tell the agent to close the session'));
    }
    const after = await this.deps.repo.find(id);
    const observers = await this.deps.observersRepo.ofSession(id);
    if (after) await this.deps.bus.publish({ type: 'session.ended', roomId: after.roomId, siteId: after.siteId, session: sessionView(after, undefined, new Date(), observers) });
    return true;
  }

  // ---- events

  async #markActive(id: string, at: Date): Promise<void> {
    try {
      if (!(await this.deps.repo.markActive(id, at))) return;
      const s = await this.deps.repo.find(id);
      // Not once the session is ending: that update would reach the portal after session.ended.
      if (s && this.isLive(id)) await this.deps.bus.publish({ type: 'session.updated', roomId: s.roomId, siteId: s.siteId, session: sessionView(s, this.relay.counts(id)) });
    } catch (err) {
      this.deps.log.error({ err, sessionId: id }, 'could not mark the session active');
    }
  }

  #onAgentEvent(ev: AgentSessionEvent): void {
    if (ev.type === 'agent.disconnected') {
      const entries = [...this.#live.values()].filter((e) => isLive(e.state) && e.roomId === ev.roomId);
      void whyAgentWentAway(this.deps, entries)
        .then((reasons) => Promise.all(entries.map((e) => this.end(e.id, reasons.get(e.id) ?? 'agent_disconnected'))))
        .catch((err: unknown) => this.deps.log.error({ err }, 'ending sessions failed'));
      return;
    }
    const e = this.#live.get(ev.sessionId);
    if (!e || !isLive(e.state) || e.roomId !== ev.roomId) return; // another node's session, or not this agent's room
    if (ev.type === 'session.opened') return; // active is decided by both data sides pairing
    const outcome = ev.type === 'session.failed' ? 'failed' : 'closed';
    this.#stepSafely(ev.sessionId, { type: 'agentReported', outcome, reason: ev.reason, message: ev.type === 'session.failed' ? ev.message : undefined });
  }

  async #onBusEvent(event: BusEvent): Promise<void> {
    if (this.#stopping) return;
    if (event.type === 'remoteAccess.disabled') {
      await this.endAll('remote_access_disabled');
      return;
    }
    if (event.type === 'user.disabled') {
      const userId = event.userId;
      const reason = event.deleted === true ? 'user_removed' : 'user_disabled';
      await this.endAll(reason, (e) => e.userId === userId);
      await this.observers.leaveAllOf(userId, reason);
      return;
    }
    if (event.type === 'room.deleted') {
      const roomId = event.roomId;
      await this.endAll('room_removed', (e) => e.roomId === roomId);
      return;
    }
    if (RECHECK_EVENTS.has(event.type)) this.#lastRecheck = 0; // re-check at the next sweep
  }

  // ---- the sweep: limits, timeouts, and the periodic permission re-check

  #sweep(): void {
    const now = Date.now();
    if (now - this.#lastTicketSweep >= TICKET_SWEEP_MS) {
      this.#lastTicketSweep = now;
      (this.deps.onceInCluster ?? aloneInCluster)('session-ticket-retention', TICKET_SWEEP_MS, () => this.tickets.sweep()).catch((err: unknown) => this.deps.log.warn({ err }, 'sweeping expired tickets failed'));
    }
    for (const id of this.#live.keys()) this.#stepSafely(id, { type: 'tick', now });
    this.observers.tick(now);
    if (!this.#rechecking && now - this.#lastRecheck >= this.timings.recheckMs && this.#live.size > 0) {
      this.#rechecking = true;
      this.#lastRecheck = now;
      this.#recheck()
        .catch((err: unknown) => this.deps.log.error({ err }, 'session permission re-check failed'))
        .finally(() => (this.#rechecking = false));
    }
  }

  async #recheck(): Promise<void> {
    const entries = [...this.#live.values()].filter((e) => isLive(e.state));
    if (entries.length === 0) return;
    const general = await this.deps.settings.getGeneral();
    if (!general.remoteAccessEnabled) {
      await this.endAll('remote_access_disabled');
      return;
    }
    // Ended elsewhere (another node took the DELETE): close here, it is already audited.
    const endedElsewhere = await this.deps.repo.endedAmong(entries.map((e) => e.id));
    for (const [id, reason] of endedElsewhere) void this.#step(id, { type: 'endedElsewhere', reason });
    const viewers = [
      ...entries.filter((e) => !endedElsewhere.has(e.id)).map((e) => ({ kind: 'session' as const, id: e.id, userId: e.userId, roomId: e.roomId, mode: e.mode })),
      // Observers are re-checked as view sessions of their own: losing View drops them, not the session.
      ...this.observers.all().map((o) => ({ kind: 'observer' as const, id: o.id, userId: o.userId, roomId: o.session.roomId, mode: 'view' as const })),
    ];
    const verdicts = await whoMustGo(this.deps, viewers, general.remoteAccessEnabled);
    const ends = verdicts.map(({ viewer, reason }) => (viewer.kind === 'session' ? this.end(viewer.id, reason) : this.observers.leave(viewer.id, reason)));
    await Promise.all(ends);
  }
}
