// Keeps this node's live remote sessions honest: admits the two sides with their one-time
// tickets, marks a session active when they pair, and ends it — exactly once, with one
// `session.end` audit entry — for whichever comes first: the viewer or the agent going
// away, the agent failing, an administrator, the idle timeout, the maximum length, remote
// access turned off, the room excluded, the user's permission withdrawn or the user
// disabled, nobody connecting in time, a broken stream, or the server stopping.
//
// Activity (for the idle timeout): any viewer frame that is not only FramebufferUpdateRequests
// (noVNC sends those by itself) — keys, pointer, clipboard, resize — including input that a
// view-only session drops: the person is there even if they may not act.
import type { WebSocket } from 'ws';
import { atLeast } from '@roomwarden/protocol';
import type { EventBus, BusEvent } from '../bus/event-bus.ts';
import type { AgentLink, AgentSessionEvent } from '../gateway/agent-link.ts';
import { AppError } from '../errors.ts';
import type { SessionRecord, SessionsRepository } from '../repositories/sessions.repository.ts';
import type { Transactor } from '../repositories/transactor.ts';
import type { AuditService } from '../platform/audit.service.ts';
import type { AuthorizationService } from '../access/authorization.service.ts';
import { systemContext, type RequestContext } from '../access/caller.ts';
import type { SettingsService } from '../platform/settings.service.ts';
import { SessionRelay, type RelayCounts, type RelayStats } from './session-relay.ts';
import { durationSeconds, sessionView } from './session-view.ts';
import { TicketStore, type IssuedTicket, type TicketSide } from './ticket-store.ts';

export interface SupervisorTimings {
  minuteMs: number;
  ticketTtlMs: number;
  pairTimeoutMs: number;
  pendingTimeoutMs: number;
  sweepMs: number;
  recheckMs: number;
  /** After the agent's data side closes, how long to wait for its session.failed/closed reason. */
  agentCloseGraceMs: number;
}

export interface SupervisorDeps {
  repo: SessionsRepository;
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
}

export interface Admission {
  sessionId: string;
  side: TicketSide;
  mode: 'control' | 'view';
}

export interface EndOptions {
  message?: string | undefined;
  ctx?: RequestContext;
  /** Tell the agent to close its side (false when the agent itself ended the session). */
  notifyAgent?: boolean;
  /** Give the agent's data side this long to close by itself first (its last bytes reach the viewer). */
  drainAgentMs?: number;
}

interface LiveEntry {
  id: string;
  roomId: string;
  siteId: string | null;
  userId: string;
  mode: 'control' | 'view';
  startedAt: number;
  expiresAt: number;
  idleMs: number;
  viewerAt: number | null;
  agentAt: number | null;
  connectedAt: number | null;
  lastActivity: number;
  ending: boolean;
  agentCloseTimer: NodeJS.Timeout | undefined;
}

const AGENT_REASON = /^[a-z0-9_]{1,50}$/;
/** Changes that can take a live session's permission away: the next sweep re-checks. (Not room.status: it comes with every health change.) */
const RECHECK_EVENTS = new Set(['settings.changed', 'role.changed', 'group.changed', 'group.membership.changed', 'user.updated', 'room.updated']);

export class SessionSupervisor {
  readonly #live = new Map<string, LiveEntry>();
  readonly tickets: TicketStore;
  readonly relay: SessionRelay;
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: Array<() => void> = [];
  #lastRecheck = 0;
  #rechecking = false;
  #stopping = false;
  /** Sessions this node ended, and their bytes (for /metrics). */
  readonly ended = { sessions: 0, bytesToViewer: 0, bytesFromViewer: 0 };

  constructor(
    private readonly deps: SupervisorDeps,
    private readonly timings: SupervisorTimings,
  ) {
    this.tickets = new TicketStore(timings.ticketTtlMs);
    this.relay = new SessionRelay({
      paired: (id) => this.#onPaired(id),
      viewerActivity: (id) => {
        const e = this.#live.get(id);
        if (e) e.lastActivity = Date.now();
      },
      sideClosed: (id, side, code, reason) => this.#onSideClosed(id, side, code, reason),
      protocolError: (id, side, reason) => this.#endSafely(id, `${side}_protocol_error`, { message: reason }),
    });
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
  register(s: SessionRecord): { viewer: IssuedTicket; agent: IssuedTicket } {
    this.#live.set(s.id, {
      id: s.id,
      roomId: s.roomId,
      siteId: s.siteId,
      userId: s.userId,
      mode: s.mode,
      startedAt: s.startedAt.getTime(),
      expiresAt: s.expiresAt.getTime(),
      idleMs: s.idleTimeoutMinutes * this.timings.minuteMs,
      viewerAt: null,
      agentAt: null,
      connectedAt: null,
      lastActivity: s.startedAt.getTime(),
      ending: false,
      agentCloseTimer: undefined,
    });
    return { viewer: this.tickets.issue(s.id, 'viewer'), agent: this.tickets.issue(s.id, 'agent') };
  }

  get liveCount(): number {
    return this.#live.size;
  }

  isLive(id: string): boolean {
    const e = this.#live.get(id);
    return Boolean(e && !e.ending);
  }

  liveCounts(id: string): RelayCounts | undefined {
    return this.relay.counts(id);
  }

  relayStats(id: string): RelayStats | undefined {
    return this.relay.stats(id);
  }

  /** Checks a WebSocket's ticket (and, for the viewer, that a cookie session if any is the session's user). */
  async admit(side: TicketSide, sessionId: string, ticket: string, cookie: string | undefined): Promise<Admission> {
    const redeemed = this.tickets.redeem(ticket, sessionId, side);
    if (!redeemed.ok) throw new AppError('TICKET_INVALID', `The ${side} ticket is not valid (${redeemed.why.replace('_', ' ')})`);
    const e = this.#live.get(sessionId);
    if (!e || e.ending) throw new AppError('SESSION_NOT_ACTIVE', 'The session has ended');
    if (side === 'viewer' && cookie) {
      const userId = await this.deps.cookieUser(cookie);
      if (userId !== undefined && userId !== e.userId) throw new AppError('FORBIDDEN', 'This session belongs to another user');
    }
    return { sessionId, side, mode: e.mode };
  }

  /** Hands an admitted, upgraded socket to the relay. */
  attach(a: Admission, ws: WebSocket): void {
    const e = this.#live.get(a.sessionId);
    if (!e || e.ending || !this.relay.attach(a.sessionId, a.mode, a.side, ws)) {
      ws.close(1008, 'session not available');
      return;
    }
    if (a.side === 'viewer') e.viewerAt = Date.now();
    else e.agentAt = Date.now();
  }

  /** Ends a session once; true when this call ended it. Works for sessions not live here too. */
  async end(id: string, reason: string, opts: EndOptions = {}): Promise<boolean> {
    const e = this.#live.get(id);
    if (e?.ending) return false;
    if (e) {
      e.ending = true;
      clearTimeout(e.agentCloseTimer);
    }
    try {
      if (opts.drainAgentMs) await this.relay.agentGone(id, opts.drainAgentMs);
      const counts = this.relay.close(id, reason, opts.message);
      this.tickets.revokeSession(id);
      const s = await this.deps.repo.find(id);
      if (!s) return false;
      const endedAt = new Date();
      const bytes = e ? counts : { bytesToViewer: s.bytesToViewer, bytesFromViewer: s.bytesFromViewer };
      const ended = await this.deps.tx.run(async (ex) => {
        const done = await this.deps.repo.end(id, { reason, message: opts.message ?? null, endedAt, ...bytes }, ex);
        if (!done) return false;
        await this.deps.audit.record(
          opts.ctx ?? systemContext('remote-session'),
          {
            action: 'session.end',
            targetType: 'session',
            targetId: id,
            details: {
              reason,
              ...(opts.message ? { message: opts.message } : {}),
              roomId: s.roomId,
              roomName: s.roomName,
              userId: s.userId,
              userLabel: s.userLabel,
              mode: s.mode,
              durationSeconds: durationSeconds({ startedAt: s.startedAt, endedAt }),
              ...bytes,
            },
          },
          ex,
        );
        return true;
      });
      if (!ended) return false;
      this.ended.sessions++;
      this.ended.bytesToViewer += bytes.bytesToViewer;
      this.ended.bytesFromViewer += bytes.bytesFromViewer;
      if (opts.notifyAgent ?? true) {
        await this.deps.agentLink.send(s.roomId, { type: 'session.close', sessionId: id, reason }).catch((err: unknown) => this.deps.log.warn({ err, sessionId: id }, 'could not tell the agent to close the session'));
      }
      const after = await this.deps.repo.find(id);
      if (after) await this.deps.bus.publish({ type: 'session.ended', roomId: after.roomId, siteId: after.siteId, session: sessionView(after) });
      return true;
    } finally {
      this.#live.delete(id);
    }
  }

  /** end() from a timer or an event: a failure is logged, never an unhandled rejection. */
  #endSafely(id: string, reason: string, opts: EndOptions = {}): void {
    this.end(id, reason, opts).catch((err: unknown) => this.deps.log.error({ err, sessionId: id, reason }, 'ending the session failed'));
  }

  /** Ends every live session of this node. */
  async endAll(reason: string, filter: (e: { roomId: string; userId: string }) => boolean = () => true): Promise<void> {
    const ids = [...this.#live.values()].filter((e) => !e.ending && filter(e)).map((e) => e.id);
    await Promise.all(ids.map((id) => this.end(id, reason)));
  }

  /** Forgets a session here without touching the database (it ended elsewhere). */
  #dropLocal(id: string, reason: string): void {
    const e = this.#live.get(id);
    if (!e || e.ending) return;
    e.ending = true;
    clearTimeout(e.agentCloseTimer);
    this.relay.close(id, reason);
    this.tickets.revokeSession(id);
    this.#live.delete(id);
  }

  // ---- events

  #onPaired(id: string): void {
    const e = this.#live.get(id);
    if (!e || e.ending) return;
    const now = Date.now();
    e.connectedAt = now;
    e.lastActivity = now;
    void this.#markActive(id, new Date(now));
  }

  async #markActive(id: string, at: Date): Promise<void> {
    try {
      if (!(await this.deps.repo.markActive(id, at))) return;
      const s = await this.deps.repo.find(id);
      // Not once the session is ending: that update would reach the portal after session.ended.
      if (s && this.#live.get(id)?.ending === false) await this.deps.bus.publish({ type: 'session.updated', roomId: s.roomId, siteId: s.siteId, session: sessionView(s, this.relay.counts(id)) });
    } catch (err) {
      this.deps.log.error({ err, sessionId: id }, 'could not mark the session active');
    }
  }

  #onSideClosed(id: string, side: TicketSide, code: number, reason: string): void {
    const e = this.#live.get(id);
    if (!e || e.ending) return;
    if (side === 'viewer') {
      this.#endSafely(id, 'viewer_closed');
      return;
    }
    // The agent may say why over its control connection a moment later; else use its close frame
    // (code 1011 or 4000-4999 with a reason such as vnc_unreachable).
    const fromFrame = (code === 1011 || (code >= 4000 && code <= 4999)) && AGENT_REASON.test(reason) ? reason : 'agent_closed';
    e.agentCloseTimer = setTimeout(() => this.#endSafely(id, fromFrame, { notifyAgent: false }), this.timings.agentCloseGraceMs);
  }

  #onAgentEvent(ev: AgentSessionEvent): void {
    if (ev.type === 'agent.disconnected') {
      void this.endAll('agent_disconnected', (e) => e.roomId === ev.roomId).catch((err: unknown) => this.deps.log.error({ err }, 'ending sessions failed'));
      return;
    }
    const e = this.#live.get(ev.sessionId);
    if (!e || e.ending || e.roomId !== ev.roomId) return; // another node's session, or not this agent's room
    if (ev.type === 'session.opened') return; // active is decided by both data sides pairing
    const reason = AGENT_REASON.test(ev.reason) ? ev.reason : ev.type === 'session.failed' ? 'agent_failed' : 'agent_closed';
    const message = ev.type === 'session.failed' ? ev.message : undefined;
    this.#endSafely(ev.sessionId, reason, { message, notifyAgent: false, drainAgentMs: this.timings.agentCloseGraceMs });
  }

  async #onBusEvent(event: BusEvent): Promise<void> {
    if (this.#stopping) return;
    if (event.type === 'remoteAccess.disabled') {
      await this.endAll('remote_access_disabled');
      return;
    }
    if (event.type === 'user.disabled' && typeof event.userId === 'string') {
      const userId = event.userId;
      await this.endAll(event.deleted === true ? 'user_removed' : 'user_disabled', (e) => e.userId === userId);
      return;
    }
    if (event.type === 'room.deleted' && typeof event.roomId === 'string') {
      const roomId = event.roomId;
      await this.endAll('room_removed', (e) => e.roomId === roomId);
      return;
    }
    if (RECHECK_EVENTS.has(event.type)) this.#lastRecheck = 0; // re-check at the next sweep
  }

  // ---- the sweep: limits, timeouts, and the periodic permission re-check

  #sweep(): void {
    const now = Date.now();
    this.tickets.sweep();
    for (const e of this.#live.values()) {
      if (e.ending) continue;
      const reason = this.#limitReached(e, now);
      if (reason) this.#endSafely(e.id, reason);
    }
    if (!this.#rechecking && now - this.#lastRecheck >= this.timings.recheckMs && this.#live.size > 0) {
      this.#rechecking = true;
      this.#lastRecheck = now;
      this.#recheck()
        .catch((err: unknown) => this.deps.log.error({ err }, 'session permission re-check failed'))
        .finally(() => (this.#rechecking = false));
    }
  }

  #limitReached(e: LiveEntry, now: number): string | undefined {
    if (now >= e.expiresAt) return 'max_duration';
    if (e.connectedAt !== null) return now - e.lastActivity >= e.idleMs ? 'idle_timeout' : undefined;
    if (e.viewerAt !== null && e.agentAt === null && now - e.viewerAt >= this.timings.pairTimeoutMs) return 'agent_never_connected';
    if (e.viewerAt === null && now - e.startedAt >= this.timings.pendingTimeoutMs) return 'viewer_never_connected';
    return undefined;
  }

  async #recheck(): Promise<void> {
    const entries = [...this.#live.values()].filter((e) => !e.ending);
    if (entries.length === 0) return;
    const general = await this.deps.settings.getGeneral();
    if (!general.remoteAccessEnabled) {
      await this.endAll('remote_access_disabled');
      return;
    }
    // Ended elsewhere (another node took the DELETE): close here, it is already audited.
    const endedElsewhere = await this.deps.repo.endedAmong(entries.map((e) => e.id));
    for (const [id, reason] of endedElsewhere) this.#dropLocal(id, reason);
    const userIds = [...new Set(entries.map((e) => e.userId))];
    // Grants first, then users and rooms: a user or room removed while this runs is then
    // seen as removed (its own reason), never as a withdrawn permission.
    const grants = await this.deps.authz.grantsForEach(userIds);
    const unable = await this.deps.repo.usersUnable(userIds);
    const rooms = new Map((await this.deps.repo.roomsByIds([...new Set(entries.map((e) => e.roomId))])).map((r) => [r.id, r]));
    const ends: Array<Promise<boolean>> = [];
    for (const e of entries) {
      if (endedElsewhere.has(e.id)) continue;
      const room = rooms.get(e.roomId);
      const level = room ? (grants.get(e.userId)?.onRoom('remoteAccess', { id: room.id, siteId: room.siteId }) ?? 'none') : 'none';
      let reason: string | undefined;
      const userState = unable.get(e.userId);
      if (userState) reason = userState === 'disabled' ? 'user_disabled' : 'user_removed';
      else if (!room) reason = 'room_removed';
      else if (!room.remoteAccessAllowed) reason = 'room_remote_access_excluded';
      else if (!atLeast(level, e.mode === 'control' ? 'modify' : 'view')) reason = 'permission_withdrawn';
      if (reason) ends.push(this.end(e.id, reason));
    }
    await Promise.all(ends);
  }
}
