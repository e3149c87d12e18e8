// Room actions (DESIGN "Remote session" 11): asking a room's agent to run the command its
// configuration gives for restart-device or restart-app, and listing what was asked and what
// came of it. POST checks, in this order: the room (404 unless visible, 403 below
// roomActions Modify), the agent online (AGENT_OFFLINE), the agent has a command for the
// action (ROOM_ACTION_UNAVAILABLE), none of the same action still pending (CONFLICT). Then
// one transaction writes the row and its `room.action.request` audit entry, and `action.run`
// goes to the agent. What comes back (or does not) is the tracker's (action-tracker.ts).
import { randomUUID } from 'node:crypto';
import type { RoomAction, RoomActionView } from '@roomwarden/protocol';
import { refuseIfRetired, requireOnRoom, type ResolvedRoom, type RoomAccessService } from '../access/room-access.service.ts';
import type { Caller, CallerIdentity } from '../access/caller.ts';
import { AppError } from '../errors.ts';
import type { AgentLink, AgentPresence } from '../gateway/agent-link.ts';
import type { AuditService } from '../platform/audit.service.ts';
import type { Page } from '../repositories/cursor.ts';
import type { NewRoomAction, RoomActionRecord, RoomActionsRepository } from '../repositories/room-actions.repository.ts';
import type { Executor } from '../db/database.ts';
import type { Transactor } from '../repositories/transactor.ts';
import { actionRequestEntry, roomActionView } from './room-action-audit.ts';
import type { ActionTracker } from './action-tracker.ts';

export interface RoomActionsServiceDeps {
  repo: RoomActionsRepository;
  tx: Transactor;
  audit: AuditService;
  roomAccess: RoomAccessService;
  agentLink: AgentLink;
  tracker: ActionTracker;
}

export const ACTION_LABELS: Record<RoomAction, string> = { 'restart-device': 'Restart device', 'restart-app': 'Restart room app' };

/** Why the room's agent cannot take the action now, as the contract's error. */
export function agentRefusal(presence: AgentPresence, action: RoomAction): AppError | null {
  if (!presence.online) return new AppError('AGENT_OFFLINE', "The room's agent is offline");
  if (!(presence.actions ?? []).includes(action)) {
    return new AppError('ROOM_ACTION_UNAVAILABLE', `The room's agent has no command for ${action} (its configuration gives none, or it is too old to run actions)`, 'action');
  }
  return null;
}

/** What a request is made of: who asked, and for a session's end, which session. */
export interface ActionRequester {
  identity: CallerIdentity;
  userId: string | null;
  label: string;
  sessionId: string | null;
}

export class RoomActionsService {
  constructor(private readonly deps: RoomActionsServiceDeps) {}

  async run(caller: Caller, roomId: string, action: RoomAction): Promise<RoomActionView> {
    const p = caller.principal;
    const room = await this.deps.roomAccess.requireRoom(caller, roomId, 'roomActions', 'modify');
    refuseIfRetired(room);
    const refusal = agentRefusal(await this.deps.agentLink.presence(room.id), action);
    if (refusal) throw refusal;
    if ((await this.deps.repo.pendingForRoom(room.id)).some((a) => a.action === action)) {
      throw new AppError('CONFLICT', `${ACTION_LABELS[action]} is already running on this room`, 'action');
    }
    const label = p.kind === 'user' ? (p.displayName ? `${p.displayName} <${p.email}>` : p.email) : p.kind === 'anonymous' ? 'anonymous' : p.label;
    const record = await this.request(room, action, { identity: caller, userId: p.kind === 'user' ? p.userId : null, label, sessionId: null });
    if (record.state === 'done') throw new AppError('AGENT_OFFLINE', "The room's agent went offline before it could be asked");
    return roomActionView(record);
  }

  /**
   * Writes the action and its request audit entry, then asks the agent. An agent gone between
   * the check and the send ends the action as failed (audited) at once.
   */
  async request(room: Pick<ResolvedRoom, 'id' | 'name'>, action: RoomAction, by: ActionRequester): Promise<RoomActionRecord> {
    const row = await this.record(room, action, by);
    const delivered = await this.deps.agentLink.send(room.id, { type: 'action.run', actionId: row.id, action });
    if (!delivered) await this.deps.tracker.finish(row.id, { outcome: 'failed', exitCode: null, output: '', message: "The room's agent went offline before it could be asked" });
    return this.mustFind(row.id);
  }

  /** The pending row and its `room.action.request` audit entry, in one transaction (nothing sent yet). */
  async record(room: Pick<ResolvedRoom, 'id' | 'name'>, action: RoomAction, by: ActionRequester): Promise<RoomActionRecord> {
    const row: NewRoomAction = { id: randomUUID(), roomId: room.id, action, requestedBy: by.userId, requestedByLabel: by.label, requestedAt: new Date(), sessionId: by.sessionId };
    await this.deps.tx.run(async (ex) => {
      await this.deps.repo.insert(row, ex);
      await this.deps.audit.record(by.identity, actionRequestEntry({ ...row }, room.name), ex);
    });
    return this.mustFind(row.id);
  }

  async listForRoom(caller: Caller, roomId: string, limit: number, cursor?: string): Promise<Page<RoomActionView>> {
    const room = await this.deps.roomAccess.requireRoom(caller, roomId, 'roomActions', 'view');
    const page = await this.deps.repo.listForRoom(room.id, limit, cursor);
    return { items: page.items.map(roomActionView), nextCursor: page.nextCursor };
  }

  // ---- a remote session's "restart the device when this session ends"

  /** The start's restartDeviceOnEnd: roomActions Modify on the room (FORBIDDEN), and an agent with restart-device. */
  requireRestartOnEnd(caller: Caller, room: ResolvedRoom, presence: AgentPresence): void {
    requireOnRoom(caller, room, 'roomActions', 'modify');
    const refusal = agentRefusal(presence, 'restart-device');
    if (refusal?.code === 'ROOM_ACTION_UNAVAILABLE') throw refusal;
  }

  /** Marks the new session (in the start's transaction) so that its end restarts the device. */
  async armRestartOnEnd(sessionId: string, ex: Executor): Promise<void> {
    await this.deps.repo.armRestartOnEnd(sessionId, ex);
  }

  private async mustFind(id: string): Promise<RoomActionRecord> {
    const found = await this.deps.repo.find(id);
    if (!found) throw new AppError('NOT_FOUND', 'Room action not found');
    return found;
  }
}
