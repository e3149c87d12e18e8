// Remote sessions: starting one (the checks in the order DESIGN.md gives, each with its
// own code; the row and its `session.start` audit entry in one transaction; then
// `session.open` to the agent with a one-time ticket), listing and reading them for
// whoever may see them, and ending one on request.
import { randomUUID } from 'node:crypto';
import { atLeast, type SessionMode, type SessionView, type StartedSession } from '@roomwarden/protocol';
import type { EventBus } from '../bus/event-bus.ts';
import { AppError } from '../errors.ts';
import type { AgentLink } from '../gateway/agent-link.ts';
import type { Page } from '../repositories/cursor.ts';
import type { SessionFilter, SessionRecord, SessionsRepository, SessionVisibility } from '../repositories/sessions.repository.ts';
import type { Transactor } from '../repositories/transactor.ts';
import type { SessionSupervisor } from './session-supervisor.ts';
import { sessionView } from './session-view.ts';
import type { AuditService } from '../platform/audit.service.ts';
import type { Grants } from '../access/authorization.service.ts';
import type { RequestContext } from '../access/caller.ts';
import type { RoomAccessService } from '../access/room-access.service.ts';
import type { SettingsService } from '../platform/settings.service.ts';

export interface SessionsServiceOptions {
  /** This node's public base URL (http/https); the agent's relay URL is derived from it. */
  publicUrl: string;
  nodeId: string;
  /** Length of one "minute" of the session limits (tests shorten it). */
  minuteMs: number;
}

export class SessionsService {
  constructor(
    private readonly repo: SessionsRepository,
    private readonly tx: Transactor,
    private readonly audit: AuditService,
    private readonly roomAccess: RoomAccessService,
    private readonly settings: SettingsService,
    private readonly agentLink: AgentLink,
    private readonly supervisor: SessionSupervisor,
    private readonly bus: EventBus,
    private readonly options: SessionsServiceOptions,
  ) {}

  async start(ctx: RequestContext, grants: Grants, roomId: string, mode: SessionMode): Promise<StartedSession> {
    const p = ctx.principal;
    if (p.kind !== 'user') throw new AppError('FORBIDDEN', 'Only a user can open a remote session');
    // 1. remote access enabled in Settings > General
    const general = await this.settings.getGeneral();
    if (!general.remoteAccessEnabled) throw new AppError('REMOTE_ACCESS_DISABLED', 'Remote access is turned off in Settings > General');
    // 2. the room exists for the caller; their remote access level on it
    const room = await this.roomAccess.requireRoom(grants, roomId, 'remoteAccess', 'none');
    const level = grants.onRoom('remoteAccess', room);
    if (level === 'none') throw new AppError('REMOTE_ACCESS_NOT_PERMITTED', 'You have no remote access permission on this room');
    if (mode === 'control' && !atLeast(level, 'modify')) {
      throw new AppError('REMOTE_ACCESS_MODE_NOT_PERMITTED', 'Your remote access permission on this room allows view-only sessions', 'mode');
    }
    // 3. the room allows remote access
    if (!room.remoteAccessAllowed) throw new AppError('ROOM_REMOTE_ACCESS_EXCLUDED', 'This room does not allow remote access');
    // 4. the agent is online, with a VNC server to bridge to
    const presence = await this.agentLink.presence(room.id);
    if (!presence.online) throw new AppError('AGENT_OFFLINE', "The room's agent is offline");
    if (!presence.vnc) throw new AppError('AGENT_VNC_UNAVAILABLE', "The room's agent has no VNC server to connect to");

    const id = randomUUID();
    const startedAt = new Date();
    const expiresAt = new Date(startedAt.getTime() + general.sessionMaxMinutes * this.options.minuteMs);
    const userLabel = p.displayName ? `${p.displayName} <${p.email}>` : p.email;
    await this.tx.run(async (ex) => {
      await this.repo.insert(
        {
          id,
          roomId: room.id,
          roomName: room.name,
          userId: p.userId,
          userLabel,
          mode,
          contactEmail: general.remoteAccessContactEmail,
          nodeId: this.options.nodeId,
          idleTimeoutMinutes: general.sessionIdleTimeoutMinutes,
          maxMinutes: general.sessionMaxMinutes,
          startedAt,
          expiresAt,
        },
        ex,
      );
      await this.audit.record(
        ctx,
        {
          action: 'session.start',
          targetType: 'session',
          targetId: id,
          details: {
            roomId: room.id,
            roomName: room.name,
            mode,
            userId: p.userId,
            userLabel,
            contactEmail: general.remoteAccessContactEmail,
            idleTimeoutMinutes: general.sessionIdleTimeoutMinutes,
            maxMinutes: general.sessionMaxMinutes,
          },
        },
        ex,
      );
    });
    const record = await this.mustFind(id);
    const tickets = this.supervisor.register(record);
    const relayUrl = `${this.options.publicUrl.replace(/^http/, 'ws')}/api/v1/sessions/${id}/agent?ticket=${encodeURIComponent(tickets.agent.ticket)}`;
    const delivered = await this.agentLink.send(room.id, { type: 'session.open', sessionId: id, mode, relayUrl, ticket: tickets.agent.ticket });
    if (!delivered) {
      await this.supervisor.end(id, 'agent_unreachable', { notifyAgent: false });
      throw new AppError('AGENT_OFFLINE', "The room's agent went offline before the session could open");
    }
    await this.bus.publish({ type: 'session.started', roomId: record.roomId, siteId: record.siteId, session: sessionView(record) });
    return {
      ...sessionView(record),
      viewerUrl: `/api/v1/sessions/${id}/viewer?ticket=${encodeURIComponent(tickets.viewer.ticket)}`,
      ticketExpiresAt: tickets.viewer.expiresAt.toISOString(),
    };
  }

  async list(ctx: RequestContext, given: Grants | undefined, filter: SessionFilter, limit: number, cursor?: string): Promise<Page<SessionView>> {
    const grants = await this.roomAccess.grantsOf(ctx, given);
    const page = await this.repo.list(filter, this.visibility(ctx, grants), limit, cursor);
    return { items: page.items.map((s) => this.view(s)), nextCursor: page.nextCursor };
  }

  async listForRoom(ctx: RequestContext, given: Grants | undefined, roomId: string, filter: SessionFilter, limit: number, cursor?: string): Promise<Page<SessionView>> {
    const grants = await this.roomAccess.grantsOf(ctx, given);
    await this.roomAccess.requireRoom(grants, roomId, 'remoteAccess', 'view');
    return this.list(ctx, grants, { ...filter, roomId }, limit, cursor);
  }

  async get(ctx: RequestContext, given: Grants | undefined, id: string): Promise<SessionView> {
    const grants = await this.roomAccess.grantsOf(ctx, given);
    const s = await this.repo.find(id);
    if (!s || !this.canSee(ctx, grants, s)) throw new AppError('NOT_FOUND', 'Session not found');
    return this.view(s);
  }

  /** Ends a session: its own user, or whoever holds remoteAccess modify on its room. */
  async terminate(ctx: RequestContext, given: Grants | undefined, id: string): Promise<SessionView> {
    const grants = await this.roomAccess.grantsOf(ctx, given);
    const s = await this.repo.find(id);
    if (!s || !this.canSee(ctx, grants, s)) throw new AppError('NOT_FOUND', 'Session not found');
    const own = ctx.principal.kind === 'user' && ctx.principal.userId === s.userId;
    if (!own && !atLeast(grants.onRoom('remoteAccess', { id: s.roomId, siteId: s.siteId }), 'modify')) {
      throw new AppError('FORBIDDEN', 'Ending another user’s session needs modify permission on remoteAccess for this room');
    }
    if (s.state === 'ended') throw new AppError('SESSION_NOT_ACTIVE', 'The session has already ended');
    await this.supervisor.end(id, own ? 'ended_by_user' : 'ended_by_administrator', { ctx });
    return this.view(await this.mustFind(id));
  }

  private view(s: SessionRecord): SessionView {
    return sessionView(s, this.supervisor.liveCounts(s.id));
  }

  private visibility(ctx: RequestContext, grants: Grants): SessionVisibility {
    const f = grants.roomFilter(['remoteAccess'], 'view');
    const ownUserId = ctx.principal.kind === 'user' ? ctx.principal.userId : null;
    return f.all ? { all: true } : { all: false, siteIds: f.siteIds, roomIds: f.roomIds, ownUserId };
  }

  private canSee(ctx: RequestContext, grants: Grants, s: SessionRecord): boolean {
    if (ctx.principal.kind === 'user' && ctx.principal.userId === s.userId) return true;
    return grants.onRoom('remoteAccess', { id: s.roomId, siteId: s.siteId }) !== 'none';
  }

  private async mustFind(id: string): Promise<SessionRecord> {
    const s = await this.repo.find(id);
    if (!s) throw new AppError('NOT_FOUND', 'Session not found');
    return s;
  }
}
