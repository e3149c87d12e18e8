// The observers of this node's live sessions (DESIGN Remote session 7): people with Remote
// access View on the room who watch a live session beside its controller.
//
// Each observer gets a pair of connections of its own (see README "Observers"): the agent
// opens one more data connection for them (`session.observe`), a view-only RFB client of
// the room's VNC server, and this module's relay pairs it with the observer's viewer. So
// every viewer has its own stream, its own backpressure and its own bounded buffer: a slow
// observer pauses only its own agent connection, never the controller's, and is dropped
// (`observer_too_slow`) when it stays paused for `stallMs` or its unsent bytes pass
// OBSERVER_MAX_BUFFERED. The viewer → agent stream goes through the view-only filter, so
// KeyEvent, PointerEvent and ClientCutText never reach the room from an observer.
//
// Joins and leaves are written (row and audit entry in one transaction) here, and each
// change of who watches is announced (`session.viewers` to the agent's on-screen notice,
// `session.updated` to the portal); the supervisor decides when a session's observers go
// (its end, a permission re-check).
import type { RelaySocket } from './relay-socket.ts';
import type { SessionEndReason, SessionViewer } from '@roomwarden/protocol';
import type { EventBus } from '../bus/event-bus.ts';
import type { AgentLink } from '../gateway/agent-link.ts';
import type { CallerIdentity } from '../access/caller.ts';
import { systemCaller } from '../access/caller.ts';
import type { Executor } from '../db/database.ts';
import type { AuditService } from '../platform/audit.service.ts';
import type { SessionObserversRepository } from '../repositories/session-observers.repository.ts';
import type { SessionRecord, SessionsRepository } from '../repositories/sessions.repository.ts';
import type { Transactor } from '../repositories/transactor.ts';
import { closeFrameReason, type LiveEndReason } from './live-session.ts';
import { observerJoinEntry, observerLeaveEntry } from './session-audit.ts';
import { SessionRelay, type RelayCounts } from './session-relay.ts';
import { sessionView } from './session-view.ts';
import type { IssuedTicket, TicketSide, TicketStore } from './ticket-store.ts';

/** Unsent bytes an observer's viewer socket may hold before the observer is dropped at once. */
export const OBSERVER_MAX_BUFFERED = 8 * 1024 * 1024;
/** Observers of one session at once (the agent opens one VNC connection for each). */
export const MAX_LIVE_OBSERVERS = 8;

export type ObserverLeaveReason = 'observer_closed' | 'observer_too_slow' | 'observer_never_connected' | 'session_ended' | SessionEndReason | LiveEndReason;

type SessionSubject = Pick<SessionRecord, 'id' | 'roomId' | 'roomName' | 'userId' | 'userLabel' | 'mode'>;

export interface ObserverTimings {
  /** An observer whose viewer has not connected by then leaves (`observer_never_connected`). */
  pendingTimeoutMs: number;
  /** A connected observer viewer waits this long for the agent's connection. */
  pairTimeoutMs: number;
  /** An observer whose agent connection stays paused (its viewer not reading) this long is dropped. */
  stallMs: number;
}

export interface ObserverHooks {
  /** The session as it is live on this node (its controller), or undefined once it is not. */
  liveSession(sessionId: string): SessionSubject | undefined;
  /** The controller's relay counts of a live session, for the portal. */
  liveCounts(sessionId: string): RelayCounts | undefined;
  log: { error(obj: object, msg: string): void };
}

export interface ObserversDeps {
  repo: SessionObserversRepository;
  sessions: Pick<SessionsRepository, 'find'>;
  tx: Transactor;
  audit: AuditService;
  tickets: TicketStore;
  agentLink: Pick<AgentLink, 'send'>;
  bus: Pick<EventBus, 'publish'>;
}

/** An observer live on this node. */
export interface LiveObserver {
  id: string;
  session: SessionSubject;
  userId: string;
  userLabel: string;
  joinedAt: Date;
  viewerAt: number | null;
  agentAt: number | null;
  /** Since when the relay has paused their agent connection (their viewer is not reading). */
  pausedSince: number | null;
  leaving: boolean;
}

export class SessionObservers {
  readonly #live = new Map<string, LiveObserver>();
  /** Pairs keyed by observer id, each with its own backpressure (session-relay.ts), view-only filtered. */
  readonly relay: SessionRelay;

  constructor(
    private readonly deps: ObserversDeps,
    private readonly hooks: ObserverHooks,
    private readonly timings: ObserverTimings,
  ) {
    this.relay = new SessionRelay({
      viewerActivity: () => undefined, // an observer's activity does not keep the controller's session from idling
      sideClosed: (id, side, code, reason) => this.#leaveSafely(id, side === 'viewer' ? 'observer_closed' : closeFrameReason(code, reason)),
      protocolError: (id, side, reason) => this.#leaveSafely(id, side === 'viewer' ? 'viewer_protocol_error' : 'agent_protocol_error', reason),
    });
  }

  get(id: string): LiveObserver | undefined {
    const o = this.#live.get(id);
    return o && !o.leaving ? o : undefined;
  }

  /** The observers of a session live here now, in the order they joined. */
  ofSession(sessionId: string): LiveObserver[] {
    return [...this.#live.values()].filter((o) => o.session.id === sessionId && !o.leaving);
  }

  all(): LiveObserver[] {
    return [...this.#live.values()].filter((o) => !o.leaving);
  }

  /** Writes the join (row and `session.observer.join` in one transaction) and issues the observer's two one-time tickets. */
  async join(session: SessionSubject, observer: { id: string; userId: string; userLabel: string }, caller: CallerIdentity): Promise<{ viewer: IssuedTicket; agent: IssuedTicket }> {
    const joinedAt = new Date();
    await this.deps.tx.run(async (ex) => {
      await this.deps.repo.insert({ id: observer.id, sessionId: session.id, userId: observer.userId, userLabel: observer.userLabel, joinedAt }, ex);
      await this.deps.audit.record(caller, observerJoinEntry(session, observer), ex);
    });
    this.#live.set(observer.id, { ...observer, session, joinedAt, viewerAt: null, agentAt: null, pausedSince: null, leaving: false });
    void this.#viewersChanged(session.id);
    return { viewer: await this.deps.tickets.issue(session.id, 'viewer', observer.id), agent: await this.deps.tickets.issue(session.id, 'agent', observer.id) };
  }

  /** Hands an admitted socket of an observer to their pair; closes it when their session is not live here, that side is taken or they left. */
  attach(observerId: string, side: TicketSide, ws: RelaySocket): void {
    const o = this.get(observerId);
    if (!o || !this.hooks.liveSession(o.session.id) || !this.relay.attach(observerId, 'view', side, ws)) {
      ws.close(1008, 'observer not available');
      return;
    }
    const now = Date.now();
    if (side === 'viewer') o.viewerAt = now;
    else o.agentAt = now;
    if (o.viewerAt !== null && o.agentAt !== null) this.relay.pipe(observerId);
  }

  /** The sweep: observers that never connected, and observers too slow to keep up, leave. */
  tick(now: number): void {
    for (const o of this.all()) {
      const reason = this.#mustLeave(o, now);
      if (reason) this.#leaveSafely(o.id, reason);
    }
  }

  #mustLeave(o: LiveObserver, now: number): ObserverLeaveReason | undefined {
    if (o.viewerAt === null) return now - o.joinedAt.getTime() >= this.timings.pendingTimeoutMs ? 'observer_never_connected' : undefined;
    if (o.agentAt === null) return now - o.viewerAt >= this.timings.pairTimeoutMs ? 'agent_never_connected' : undefined;
    const stats = this.relay.stats(o.id);
    if (!stats) return undefined;
    if (stats.viewerBufferedAmount > OBSERVER_MAX_BUFFERED) return 'observer_too_slow';
    if (!stats.agentPaused) {
      o.pausedSince = null;
      return undefined;
    }
    o.pausedSince ??= now;
    return now - o.pausedSince >= this.timings.stallMs ? 'observer_too_slow' : undefined;
  }

  /** One observer leaves: their sockets close, their tickets go, the leave is written once; true when this call did it. */
  async leave(id: string, reason: ObserverLeaveReason, opts: { message?: string | undefined; caller?: CallerIdentity } = {}): Promise<boolean> {
    const o = this.#live.get(id);
    if (!o || o.leaving) return false;
    const counts = this.#detach(o, reason, opts.message);
    try {
      return await this.deps.tx.run((ex) => this.#writeLeave(ex, o, reason, counts, opts));
    } finally {
      this.#live.delete(id);
      void this.#viewersChanged(o.session.id);
    }
  }

  /** The user may watch no more (disabled, removed): they leave every session they watch here. */
  async leaveAllOf(userId: string, reason: ObserverLeaveReason): Promise<void> {
    await Promise.all(this.all().filter((o) => o.userId === userId).map((o) => this.leave(o.id, reason)));
  }

  /** The session ends: every observer of it leaves (`session_ended`), written in the session end's transaction. */
  detachSession(sessionId: string): Array<{ observer: LiveObserver; counts: RelayCounts }> {
    const gone: Array<{ observer: LiveObserver; counts: RelayCounts }> = [];
    for (const o of this.ofSession(sessionId)) {
      gone.push({ observer: o, counts: this.#detach(o, 'session_ended') });
      this.#live.delete(o.id);
    }
    return gone;
  }

  /** A session ended elsewhere (another node wrote its end): its observers here leave (`session_ended`), written apart from that end. */
  sessionEndedElsewhere(sessionId: string): void {
    const gone = this.detachSession(sessionId);
    if (gone.length === 0) return;
    this.deps.tx.run((ex) => this.writeLeaves(ex, gone, 'session_ended')).catch((err: unknown) => this.hooks.log.error({ err, sessionId }, 'writing the observers’ leaves failed'));
  }

  async writeLeaves(ex: Executor, gone: ReadonlyArray<{ observer: LiveObserver; counts: RelayCounts }>, reason: ObserverLeaveReason): Promise<void> {
    for (const g of gone) await this.#writeLeave(ex, g.observer, reason, g.counts, {});
  }

  #detach(o: LiveObserver, reason: string, message?: string): RelayCounts {
    o.leaving = true;
    this.deps.tickets.revokeObserver(o.id).catch((err: unknown) => this.hooks.log.error({ err, observerId: o.id }, "could not delete a departed observer's tickets (they expire)"));
    return this.relay.close(o.id, reason, message);
  }

  async #writeLeave(ex: Executor, o: LiveObserver, reason: string, counts: RelayCounts, opts: { message?: string | undefined; caller?: CallerIdentity }): Promise<boolean> {
    const leftAt = new Date();
    if (!(await this.deps.repo.leave(o.id, reason, leftAt, ex))) return false;
    const leave = { reason, message: opts.message, leftAt, joinedAt: o.joinedAt, ...counts };
    await this.deps.audit.record(opts.caller ?? systemCaller('remote-session'), observerLeaveEntry(o.session, o, leave), ex);
    return true;
  }

  /** An observer joined or left: the agent's on-screen notice names everyone, the portal lists them. */
  async #viewersChanged(sessionId: string): Promise<void> {
    const live = this.hooks.liveSession(sessionId);
    if (!live) return;
    try {
      const viewers: SessionViewer[] = [{ name: live.userLabel.slice(0, 200), control: live.mode === 'control' }, ...this.ofSession(sessionId).map((o) => ({ name: o.userLabel.slice(0, 200), control: false }))];
      await this.deps.agentLink.send(live.roomId, { type: 'session.viewers', sessionId, viewers: viewers.slice(0, 50) });
      const s = await this.deps.sessions.find(sessionId);
      const observers = await this.deps.repo.ofSession(sessionId);
      if (s && this.hooks.liveSession(sessionId)) await this.deps.bus.publish({ type: 'session.updated', roomId: s.roomId, siteId: s.siteId, session: sessionView(s, this.hooks.liveCounts(sessionId), new Date(), observers) });
    } catch (err) {
      this.hooks.log.error({ err, sessionId }, 'telling the agent and the portal who watches failed');
    }
  }

  #leaveSafely(id: string, reason: ObserverLeaveReason, message?: string): void {
    this.leave(id, reason, { message }).catch((err: unknown) => this.hooks.log.error({ err, observerId: id }, 'writing an observer leave failed'));
  }
}
