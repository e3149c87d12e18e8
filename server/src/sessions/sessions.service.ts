// Remote sessions: starting one (the checks in the order DESIGN.md gives, each with its
// own code; the row and its `session.start` audit entry in one transaction; then
// `session.open` to the agent with a one-time ticket), listing and reading them for
// whoever may see them, and ending one on request.
import { randomUUID } from 'node:crypto';
import { RELAY_TRANSPORTS, RELAY_TRANSPORTS_PARAM, type SessionMode, type SessionView, type StartedSession } from '@roomwarden/protocol';
import type { EventBus } from '../bus/event-bus.ts';
import { AppError } from '../errors.ts';
import type { AgentLink } from '../gateway/agent-link.ts';
import type { Page } from '../repositories/cursor.ts';
import type { NewSession, SessionFilter, SessionRecord, SessionsRepository } from '../repositories/sessions.repository.ts';
import type { Transactor } from '../repositories/transactor.ts';
import type { SessionSupervisor } from './session-supervisor.ts';
import { sessionStartEntry } from './session-audit.ts';
import { sessionView } from './session-view.ts';
import type { AuditService } from '../platform/audit.service.ts';
import { userIdOf, type Caller } from '../access/caller.ts';
import { mayEnd, maySee, mayStart, sessionScope, type SessionStartRefusal } from '../access/policies/sessions.policy.ts';
import type { RoomAccessService } from '../access/room-access.service.ts';
import type { SettingsService } from '../platform/settings.service.ts';

export interface SessionsServiceOptions {
  /** This node's public base URL (http/https); the agent's relay URL is derived from it. */
  publicUrl: string;
  nodeId: string;
  /** Length of one "minute" of the session limits (tests shorten it). */
  minuteMs: number;
}

const REFUSAL_MESSAGES: Record<SessionStartRefusal, [message: string, field?: string]> = {
  REMOTE_ACCESS_DISABLED: ['Remote access is turned off in Settings > General'],
  REMOTE_ACCESS_NOT_PERMITTED: ['You have no remote access permission on this room'],
  REMOTE_ACCESS_MODE_NOT_PERMITTED: ['Your remote access permission on this room allows view-only sessions', 'mode'],
  ROOM_REMOTE_ACCESS_EXCLUDED: ['This room does not allow remote access'],
  AGENT_OFFLINE: ["The room's agent is offline"],
  AGENT_VNC_UNAVAILABLE: ["The room's agent has no VNC server to connect to"],
};

function refuse(refusal: SessionStartRefusal): never {
  const [message, field] = REFUSAL_MESSAGES[refusal];
  throw new AppError(refusal, message, field);
}

const refOf = (s: SessionRecord) => ({ userId: s.userId, room: { id: s.roomId, siteId: s.siteId } });

export interface SessionsServiceDeps {
  repo: SessionsRepository;
  tx: Transactor;
  audit: AuditService;
  roomAccess: RoomAccessService;
  settings: SettingsService;
  agentLink: AgentLink;
  supervisor: SessionSupervisor;
  bus: EventBus;
  options: SessionsServiceOptions;
}

export class SessionsService {
  constructor(private readonly deps: SessionsServiceDeps) {}

  async start(caller: Caller, roomId: string, mode: SessionMode): Promise<StartedSession> {
    const p = caller.principal;
    if (p.kind !== 'user') throw new AppError('FORBIDDEN', 'Only a user can open a remote session');
    // The checks in DESIGN's order, each with its own code (access/policies/sessions.policy.ts);
    // a room the caller cannot view at all is a 404 before any of them.
    const general = await this.deps.settings.getGeneral();
    if (!general.remoteAccessEnabled) refuse('REMOTE_ACCESS_DISABLED');
    const room = await this.deps.roomAccess.findVisibleRoom(caller, roomId);
    const presence = await this.deps.agentLink.presence(room.id);
    const refusal = mayStart(
      {
        remoteAccessEnabled: general.remoteAccessEnabled,
        remoteAccessLevel: caller.grants.onRoom('remoteAccess', room),
        roomAllowsRemoteAccess: room.remoteAccessAllowed,
        agent: { online: presence.online, vnc: presence.vnc },
      },
      mode,
    );
    if (refusal) refuse(refusal);

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
    };
    await this.deps.tx.run(async (ex) => {
      await this.deps.repo.insert(row, ex);
      await this.deps.audit.record(caller, sessionStartEntry(row), ex);
    });
    const record = await this.mustFind(id);
    const tickets = this.deps.supervisor.register(record);
    // The transports offered ride in the URL (RELAY_TRANSPORTS_PARAM): an older agent ignores them and uses the WebSocket.
    const relayUrl = `${this.deps.options.publicUrl.replace(/^http/, 'ws')}/api/v1/sessions/${id}/agent?ticket=${encodeURIComponent(tickets.agent.ticket)}&${RELAY_TRANSPORTS_PARAM}=${RELAY_TRANSPORTS.join(',')}`;
    const delivered = await this.deps.agentLink.send(room.id, { type: 'session.open', sessionId: id, mode, relayUrl, ticket: tickets.agent.ticket });
    if (!delivered) {
      await this.deps.supervisor.end(id, 'agent_unreachable', { notifyAgent: false });
      throw new AppError('AGENT_OFFLINE', "The room's agent went offline before the session could open");
    }
    await this.deps.bus.publish({ type: 'session.started', roomId: record.roomId, siteId: record.siteId, session: sessionView(record) });
    return {
      ...sessionView(record),
      viewerUrl: `/api/v1/sessions/${id}/viewer?ticket=${encodeURIComponent(tickets.viewer.ticket)}`,
      ticketExpiresAt: tickets.viewer.expiresAt.toISOString(),
    };
  }

  async list(caller: Caller, filter: SessionFilter, limit: number, cursor?: string): Promise<Page<SessionView>> {
    const page = await this.deps.repo.list(filter, { scope: sessionScope(caller.grants), ownUserId: userIdOf(caller) }, limit, cursor);
    return { items: page.items.map((s) => this.view(s)), nextCursor: page.nextCursor };
  }

  async listForRoom(caller: Caller, roomId: string, filter: SessionFilter, limit: number, cursor?: string): Promise<Page<SessionView>> {
    await this.deps.roomAccess.requireRoom(caller, roomId, 'remoteAccess', 'view');
    return this.list(caller, { ...filter, roomId }, limit, cursor);
  }

  async get(caller: Caller, id: string): Promise<SessionView> {
    return this.view(await this.findSeen(caller, id));
  }

  /** Ends a session: its own user, or whoever holds remoteAccess modify on its room. */
  async terminate(caller: Caller, id: string): Promise<SessionView> {
    const s = await this.findSeen(caller, id);
    const reason = mayEnd(caller.grants, userIdOf(caller), refOf(s));
    if (!reason) throw new AppError('FORBIDDEN', 'Ending another user’s session needs modify permission on remoteAccess for this room');
    if (s.state === 'ended') throw new AppError('SESSION_NOT_ACTIVE', 'The session has already ended');
    await this.deps.supervisor.end(id, reason, { caller });
    return this.view(await this.mustFind(id));
  }

  private view(s: SessionRecord): SessionView {
    return sessionView(s, this.deps.supervisor.liveCounts(s.id));
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
