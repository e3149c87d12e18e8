// Remote sessions: starting one (the checks in the order DESIGN.md gives, each with its
// own code; the row and its `session.start` audit entry in one transaction; then
// `session.open` to the agent with a one-time ticket), listing and reading them for
// whoever may see them, and ending one on request.
import { randomUUID } from 'node:crypto';
import { chosenDisplay, type SessionMode, type SessionView, type StartedSession } from '@roomwarden/protocol';
import type { EventBus } from '../bus/event-bus.ts';
import { AppError } from '../errors.ts';
import type { AgentLink, AgentPresence } from '../gateway/agent-link.ts';
import type { Executor } from '../db/database.ts';
import type { Page } from '../repositories/cursor.ts';
import type { SessionObserversRepository } from '../repositories/session-observers.repository.ts';
import type { NewSession, SessionFilter, SessionRecord, SessionsRepository } from '../repositories/sessions.repository.ts';
import type { Transactor } from '../repositories/transactor.ts';
import type { SessionSupervisor } from './session-supervisor.ts';
import { sessionRefusedEntry, sessionStartEntry } from './session-audit.ts';
import type { NotificationEnqueuer } from '../notifications/outbox.ts';
import { sessionStartedNotice } from '../notifications/notices.ts';
import { sessionView } from './session-view.ts';
import { agentRelayUrl, viewerRelayUrl } from './relay-url.ts';
import type { AuditEvent, AuditService } from '../platform/audit.service.ts';
import { userIdOf, type Caller } from '../access/caller.ts';
import { mayEnd, maySee, mayStart, sessionScope, type SessionStartRefusal } from '../access/policies/sessions.policy.ts';
import { refuseIfRetired, type ResolvedRoom, type RoomAccessService } from '../access/room-access.service.ts';
import type { SettingsService } from '../platform/settings.service.ts';

export interface SessionsServiceOptions {
  /** This node's public base URL (http/https); the agent's relay URL is derived from it. */
  publicUrl: string;
  nodeId: string;
  /** In a cluster: viewer URLs name this node absolutely (see viewerRelayUrl). */
  absoluteViewerUrls?: boolean;
  /** Length of one "minute" of the session limits (tests shorten it). */
  minuteMs: number;
}

/** What POST /rooms/:id/sessions asks for (the route's body). */
export interface SessionStartBody {
  mode: SessionMode;
  display?: string | undefined;
  override?: { reason: string } | undefined;
  /** Run restart-device on the room when the session ends (any reason). */
  restartDeviceOnEnd?: boolean | undefined;
}

const REFUSAL_MESSAGES: Record<SessionStartRefusal, [message: string, field?: string]> = {
  REMOTE_ACCESS_DISABLED: ['Remote access is turned off in Settings > General'],
  REMOTE_ACCESS_NOT_PERMITTED: ['You have no remote access permission on this room'],
  REMOTE_ACCESS_MODE_NOT_PERMITTED: ['Your remote access permission on this room allows view-only sessions', 'mode'],
  ROOM_REMOTE_ACCESS_EXCLUDED: ['This room does not allow remote access'],
  AGENT_OFFLINE: ["The room's agent is offline"],
  AGENT_VNC_UNAVAILABLE: ["The room's agent has no VNC server to connect to"],
  ROOM_IN_MEETING: ['This room is in a meeting; a Remote access Modify holder may start anyway with override: {reason}', 'override'],
  DISPLAY_NOT_FOUND: ["The room's agent has no display of that name", 'display'],
};

/** A view start refused as REMOTE_ACCESS_MODE_NOT_PERMITTED was refused its meeting override. */
const OVERRIDE_REFUSED: [string, string] = ['Starting a session during a meeting needs Remote access Modify on this room', 'override'];

/** A second control start on a room (DESIGN Remote session 7): who holds it, so the portal can offer to observe. */
function inProgress(live: SessionRecord): never {
  const details = { sessionId: live.id, userLabel: live.userLabel, mode: live.mode };
  throw new AppError('SESSION_IN_PROGRESS', `${live.userLabel} is connected to this room in a control session; join it as an observer instead`, 'mode', details);
}

function refuse(refusal: SessionStartRefusal, mode: SessionMode = 'control'): never {
  const [message, field] = refusal === 'REMOTE_ACCESS_MODE_NOT_PERMITTED' && mode === 'view' ? OVERRIDE_REFUSED : REFUSAL_MESSAGES[refusal];
  throw new AppError(refusal, message, field);
}

/** A refusal the room's meeting caused (no override, or an override below Modify): audited, as the override that passes is. */
const meetingRefused = (refusal: SessionStartRefusal, mode: SessionMode): boolean =>
  refusal === 'ROOM_IN_MEETING' || (refusal === 'REMOTE_ACCESS_MODE_NOT_PERMITTED' && mode === 'view');
/** The session.start entry says when the session will restart the device at its end. */
const withRestartOnEnd = (entry: AuditEvent, extras: SessionStartOptions): AuditEvent =>
  extras.restartDeviceOnEnd ? { ...entry, details: { ...entry.details, restartDeviceOnEnd: true } } : entry;

const refOf = (s: SessionRecord) => ({ userId: s.userId, room: { id: s.roomId, siteId: s.siteId, roomGroupIds: s.roomGroupIds } });

/** What a start with restartDeviceOnEnd needs of room actions (room-actions/room-actions.service.ts). */
export interface RestartOnEndRequests {
  /** Throws FORBIDDEN without roomActions Modify on the room, ROOM_ACTION_UNAVAILABLE without restart-device on its agent. */
  requireRestartOnEnd(caller: Caller, room: ResolvedRoom, presence: AgentPresence): void;
  /** Marks the session, in the start's transaction. */
  armRestartOnEnd(sessionId: string, ex: Executor): Promise<void>;
}

/** What a start may ask beyond its mode, display and override. */
export type SessionStartOptions = Pick<SessionStartBody, 'restartDeviceOnEnd'>;

export interface SessionsServiceDeps {
  repo: SessionsRepository;
  tx: Transactor;
  audit: AuditService;
  roomAccess: RoomAccessService;
  settings: SettingsService;
  agentLink: AgentLink;
  supervisor: SessionSupervisor;
  bus: EventBus;
  observersRepo: SessionObserversRepository;
  restartOnEnd?: RestartOnEndRequests;
  /** Notifications: session.started, written with the session's row. */
  outbox?: NotificationEnqueuer | undefined;
  options: SessionsServiceOptions;
}

export class SessionsService {
  constructor(private readonly deps: SessionsServiceDeps) {}

  async start(caller: Caller, roomId: string, body: SessionStartBody): Promise<StartedSession> {
    const { mode } = body;
    const p = caller.principal;
    if (p.kind !== 'user') throw new AppError('FORBIDDEN', 'Only a user can open a remote session');
    // The checks in DESIGN's order, each with its own code (access/policies/sessions.policy.ts);
    // a room the caller cannot view at all is a 404 before any of them.
    const general = await this.deps.settings.getGeneral();
    if (!general.remoteAccessEnabled) refuse('REMOTE_ACCESS_DISABLED');
    const room = await this.deps.roomAccess.findVisibleRoom(caller, roomId);
    refuseIfRetired(room);
    const presence = await this.deps.agentLink.presence(room.id);
    const refusal = mayStart(
      {
        remoteAccessEnabled: general.remoteAccessEnabled,
        remoteAccessLevel: caller.grants.onRoom('remoteAccess', room),
        roomAllowsRemoteAccess: room.remoteAccessAllowed,
        agent: { online: presence.online, vnc: presence.vnc, ...(presence.displays ? { displays: presence.displays } : {}) },
        inMeeting: presence.inMeeting,
      },
      mode,
      { override: body.override !== undefined, ...(body.display !== undefined ? { display: body.display } : {}) },
    );
    if (refusal) {
      if (meetingRefused(refusal, mode)) await this.deps.audit.record(caller, sessionRefusedEntry(room, mode, refusal, body));
      refuse(refusal, mode);
    }
    if (mode === 'control') {
      const live = await this.deps.repo.liveControlOf(room.id);
      if (live) inProgress(live);
    }
    this.checkRestartOnEnd(caller, room, presence, body);
    const display = chosenDisplay(presence.displays, body.display) ?? null;

    const id = randomUUID();
    const startedAt = new Date();
    const expiresAt = new Date(startedAt.getTime() + general.sessionMaxMinutes * this.deps.options.minuteMs);
    const userLabel = p.displayName ? `${p.displayName} <${p.email}>` : p.email;
    const row: NewSession = {
      id,
      roomId: room.id,
      roomName: room.name,
      userId: p.userId,
      userLabel,
      mode,
      contactEmail: general.remoteAccessContactEmail,
      nodeId: this.deps.options.nodeId,
      idleTimeoutMinutes: general.sessionIdleTimeoutMinutes,
      maxMinutes: general.sessionMaxMinutes,
      startedAt,
      expiresAt,
      display,
      // Kept only when it mattered: a start while the room is in a meeting.
      meetingOverrideReason: presence.inMeeting === true && body.override ? body.override.reason : null,
    };
    // The partial unique index decides a race between two control starts: the loser's insert is refused.
    // (Thrown out of the transaction, so that it is rolled back rather than committed after a failed statement.)
    const lostRace = new Error('lost the control race');
    const inserted = await this.deps.tx
      .run(async (ex) => {
        if (!(await this.deps.repo.insert(row, ex))) throw lostRace;
        await this.deps.audit.record(caller, withRestartOnEnd(sessionStartEntry(row), body), ex);
        await this.deps.outbox?.enqueue(ex, sessionStartedNotice(row));
        if (body.restartDeviceOnEnd) await this.deps.restartOnEnd?.armRestartOnEnd(id, ex);
        return true;
      })
      .catch((err: unknown) => {
        if (err === lostRace) return false;
        throw err;
      });
    if (!inserted) {
      const live = await this.deps.repo.liveControlOf(room.id);
      if (live) inProgress(live);
      throw new AppError('CONFLICT', 'Another session started on this room at the same moment; try again');
    }
    const record = await this.mustFind(id);
    const tickets = await this.deps.supervisor.register(record);
    const relayUrl = agentRelayUrl(this.deps.options.publicUrl, id, tickets.agent.ticket);
    // The room's on-screen notice names who is connected (DESIGN "Remote session", 8).
    const viewers = [{ name: userLabel.slice(0, 200), control: mode === 'control' }];
    const delivered = await this.deps.agentLink.send(room.id, { type: 'session.open', sessionId: id, mode, relayUrl, ticket: tickets.agent.ticket, viewers, ...(display ? { display } : {}) });
    if (!delivered) {
      await this.deps.supervisor.end(id, 'agent_unreachable', { notifyAgent: false });
      throw new AppError('AGENT_OFFLINE', "The room's agent went offline before the session could open");
    }
    await this.deps.bus.publish({ type: 'session.started', roomId: record.roomId, siteId: record.siteId, session: sessionView(record) });
    return {
      ...sessionView(record),
      viewerUrl: viewerRelayUrl(id, tickets.viewer.ticket, this.deps.options.absoluteViewerUrls ? this.deps.options.publicUrl : undefined),
      ticketExpiresAt: tickets.viewer.expiresAt.toISOString(),
    };
  }

  /** restartDeviceOnEnd: roomActions Modify on the room and an agent that can restart the device. */
  private checkRestartOnEnd(caller: Caller, room: ResolvedRoom, presence: AgentPresence, extras: SessionStartOptions): void {
    if (!extras.restartDeviceOnEnd) return;
    if (!this.deps.restartOnEnd) throw new AppError('ROOM_ACTION_UNAVAILABLE', 'Room actions are not available on this server', 'restartDeviceOnEnd');
    this.deps.restartOnEnd.requireRestartOnEnd(caller, room, presence);
  }

  async list(caller: Caller, filter: SessionFilter, limit: number, cursor?: string): Promise<Page<SessionView>> {
    const page = await this.deps.repo.list(filter, { scope: sessionScope(caller.grants), ownUserId: userIdOf(caller) }, limit, cursor);
    const observers = await this.deps.observersRepo.ofSessions(page.items.map((s) => s.id));
    return { items: page.items.map((s) => this.view(s, observers.get(s.id))), nextCursor: page.nextCursor };
  }

  async listForRoom(caller: Caller, roomId: string, filter: SessionFilter, limit: number, cursor?: string): Promise<Page<SessionView>> {
    await this.deps.roomAccess.requireRoom(caller, roomId, 'remoteAccess', 'view');
    return this.list(caller, { ...filter, roomId }, limit, cursor);
  }

  async get(caller: Caller, id: string): Promise<SessionView> {
    return this.viewWithObservers(await this.findSeen(caller, id));
  }

  /** Ends a session: its own user, or whoever holds remoteAccess modify on its room. */
  async terminate(caller: Caller, id: string): Promise<SessionView> {
    const s = await this.findSeen(caller, id);
    const reason = mayEnd(caller.grants, userIdOf(caller), refOf(s));
    if (!reason) throw new AppError('FORBIDDEN', 'Ending another user’s session needs modify permission on remoteAccess for this room');
    if (s.state === 'ended') throw new AppError('SESSION_NOT_ACTIVE', 'The session has already ended');
    await this.deps.supervisor.end(id, reason, { caller });
    return this.viewWithObservers(await this.mustFind(id));
  }

  private view(s: SessionRecord, observers: Parameters<typeof sessionView>[3] = []): SessionView {
    return sessionView(s, this.deps.supervisor.liveCounts(s.id), new Date(), observers);
  }

  private async viewWithObservers(s: SessionRecord): Promise<SessionView> {
    return this.view(s, await this.deps.observersRepo.ofSession(s.id));
  }

  /** A session the caller may see, or 404 (whether it exists or not). */
  private async findSeen(caller: Caller, id: string): Promise<SessionRecord> {
    const s = await this.deps.repo.find(id);
    if (!s || !maySee(caller.grants, userIdOf(caller), refOf(s))) throw new AppError('NOT_FOUND', 'Session not found');
    return s;
  }

  private async mustFind(id: string): Promise<SessionRecord> {
    const s = await this.deps.repo.find(id);
    if (!s) throw new AppError('NOT_FOUND', 'Session not found');
    return s;
  }
}
