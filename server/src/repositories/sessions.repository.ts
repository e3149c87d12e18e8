// Remote sessions' storage: the session rows, the room facts a session start checks, and
// the small look-ups the live-session supervisor re-checks (rooms, disabled users).
import { roomGroupIdsOf, type RoomScope } from './room-scope.ts';
import type { SessionMode, SessionView } from '@roomwarden/protocol';
import { sql, type Selectable } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import type { RemoteSessionsTable, RoomsTable } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { toPage, type Page } from './cursor.ts';
import { decodeUuidCursor } from './directory-support.ts';
import { camel, type Camel } from './records.ts';

/** A stored session: the API view's fields (its times as Dates, no derived duration) and what only the server keeps. */
export interface SessionRecord extends Omit<SessionView, 'startedAt' | 'connectedAt' | 'expiresAt' | 'endedAt' | 'durationSeconds'> {
  /** The room groups the session's room is in now (for decisions; not in the view). */
  roomGroupIds: string[];
  contactEmail: string | null;
  nodeId: string;
  startedAt: Date;
  connectedAt: Date | null;
  expiresAt: Date;
  endedAt: Date | null;
}

export type SessionRoom = Camel<Pick<Selectable<RoomsTable>, 'id' | 'name' | 'site_id' | 'remote_access_allowed'>> & { roomGroupIds: string[] };

export interface NewSession {
  id: string;
  roomId: string;
  roomName: string;
  userId: string;
  userLabel: string;
  mode: SessionMode;
  contactEmail: string | null;
  nodeId: string;
  idleTimeoutMinutes: number;
  maxMinutes: number;
  startedAt: Date;
  expiresAt: Date;
  /** The agent's display (null: its default). */
  display: string | null;
  /** The reason given to start during a meeting, or null. */
  meetingOverrideReason: string | null;
}

export interface SessionEnd {
  reason: string;
  message: string | null;
  endedAt: Date;
  bytesToViewer: number;
  bytesFromViewer: number;
}

/** Which sessions a caller may list: those in the rooms of `scope`, and their own. */
export interface SessionVisibility {
  scope: RoomScope;
  ownUserId: string | null;
}

export interface SessionFilter {
  state: 'live' | 'ended' | 'all';
  roomId?: string | undefined;
  userId?: string | undefined;
}

const COLUMNS = [
  's.id',
  's.room_id',
  's.room_name as stored_room_name',
  'r.name as room_name',
  'r.site_id',
  's.user_id',
  's.user_label',
  's.mode',
  's.state',
  's.end_reason',
  's.end_message',
  's.contact_email',
  's.node_id',
  's.idle_timeout_minutes',
  's.max_minutes',
  's.started_at',
  's.connected_at',
  's.expires_at',
  's.ended_at',
  's.bytes_to_viewer',
  's.bytes_from_viewer',
  's.display',
  's.meeting_override_reason',
] as const;

/** A stored session joined to its room: the room's current name and site, when the room still exists. */
type Row = Omit<Selectable<RemoteSessionsTable>, 'room_name' | 'restart_device_on_end'> & { stored_room_name: string; room_name: string | null; site_id: string | null; room_group_ids: string[] };

function toRecord(r: Row): SessionRecord {
  return {
    id: r.id,
    roomId: r.room_id,
    roomName: r.room_name ?? r.stored_room_name,
    siteId: r.site_id,
    roomGroupIds: r.room_group_ids,
    userId: r.user_id,
    userLabel: r.user_label,
    mode: r.mode,
    state: r.state,
    endReason: r.end_reason,
    endMessage: r.end_message,
    contactEmail: r.contact_email,
    nodeId: r.node_id,
    idleTimeoutMinutes: r.idle_timeout_minutes,
    maxMinutes: r.max_minutes,
    startedAt: r.started_at,
    connectedAt: r.connected_at,
    expiresAt: r.expires_at,
    endedAt: r.ended_at,
    bytesToViewer: Number(r.bytes_to_viewer),
    bytesFromViewer: Number(r.bytes_from_viewer),
    display: r.display,
    meetingOverrideReason: r.meeting_override_reason,
  };
}

export class SessionsRepository {
  constructor(private readonly db: Db) {}

  private base(ex: Executor) {
    return ex.selectFrom('remote_sessions as s').leftJoin('rooms as r', 'r.id', 's.room_id').select(COLUMNS).select(roomGroupIdsOf('s.room_id').as('room_group_ids'));
  }

  async roomsByIds(ids: readonly string[], ex: Executor = this.db): Promise<SessionRoom[]> {
    if (ids.length === 0) return [];
    const rows = await ex.selectFrom('rooms').select(['id', 'name', 'site_id', 'remote_access_allowed']).select(roomGroupIdsOf('rooms.id').as('room_group_ids')).where('id', 'in', [...ids]).execute();
    return rows.map(camel);
  }

  /** Which of `ids` have ended (e.g. ended on another node), with their reason. */
  async endedAmong(ids: readonly string[], ex: Executor = this.db): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await ex.selectFrom('remote_sessions').select(['id', 'end_reason']).where('id', 'in', [...ids]).where('state', '=', 'ended').execute();
    return new Map(rows.map((r) => [r.id, r.end_reason ?? 'ended']));
  }

  /** Users among `ids` that are disabled, or no longer exist. */
  async usersUnable(ids: readonly string[], ex: Executor = this.db): Promise<Map<string, 'disabled' | 'removed'>> {
    const unable = new Map<string, 'disabled' | 'removed'>();
    if (ids.length === 0) return unable;
    const rows = await ex.selectFrom('users').select(['id', 'disabled']).where('id', 'in', [...ids]).execute();
    const found = new Map(rows.map((r) => [r.id, r.disabled]));
    for (const id of ids) {
      const disabled = found.get(id);
      if (disabled === undefined) unable.set(id, 'removed');
      else if (disabled) unable.set(id, 'disabled');
    }
    return unable;
  }

  /**
   * Writes a new session; false when the room already has a live control session (the
   * partial unique index of migration 0006: of two concurrent control starts, one wins).
   */
  async insert(s: NewSession, ex: Executor = this.db): Promise<boolean> {
    try {
      await this.insertRow(s, ex);
      return true;
    } catch (err) {
      if (typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505') return false;
      throw err;
    }
  }

  private async insertRow(s: NewSession, ex: Executor): Promise<void> {
    await ex
      .insertInto('remote_sessions')
      .values({
        id: s.id,
        room_id: s.roomId,
        room_name: s.roomName,
        user_id: s.userId,
        user_label: s.userLabel,
        mode: s.mode,
        state: 'pending',
        contact_email: s.contactEmail,
        node_id: s.nodeId,
        idle_timeout_minutes: s.idleTimeoutMinutes,
        max_minutes: s.maxMinutes,
        started_at: s.startedAt,
        expires_at: s.expiresAt,
        display: s.display,
        meeting_override_reason: s.meetingOverrideReason,
      })
      .execute();
  }

  /** The room's live (pending or active) control session, if any: at most one (a partial unique index). */
  async liveControlOf(roomId: string, ex: Executor = this.db): Promise<SessionRecord | undefined> {
    const r = await this.base(ex).where('s.room_id', '=', roomId).where('s.mode', '=', 'control').where('s.state', '<>', 'ended').executeTakeFirst();
    return r && toRecord(r);
  }

  async find(id: string, ex: Executor = this.db): Promise<SessionRecord | undefined> {
    const r = await this.base(ex).where('s.id', '=', id).executeTakeFirst();
    return r && toRecord(r);
  }

  /** pending → active; false when the session is no longer pending. */
  async markActive(id: string, at: Date, ex: Executor = this.db): Promise<boolean> {
    const r = await ex.updateTable('remote_sessions').set({ state: 'active', connected_at: at }).where('id', '=', id).where('state', '=', 'pending').executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  /** Ends a session that has not ended yet; false when it already had (so it is audited once). */
  async end(id: string, e: SessionEnd, ex: Executor = this.db): Promise<boolean> {
    const r = await ex
      .updateTable('remote_sessions')
      .set({ state: 'ended', end_reason: e.reason, end_message: e.message, ended_at: e.endedAt, bytes_to_viewer: e.bytesToViewer, bytes_from_viewer: e.bytesFromViewer })
      .where('id', '=', id)
      .where('state', '<>', 'ended')
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  /** Sessions not yet ended; of one node, or of every node. */
  async unended(nodeId?: string, ex: Executor = this.db): Promise<SessionRecord[]> {
    let q = this.base(ex).where('s.state', '<>', 'ended');
    if (nodeId !== undefined) q = q.where('s.node_id', '=', nodeId);
    return (await q.orderBy('s.started_at').limit(10_000).execute()).map(toRecord);
  }

  async list(filter: SessionFilter, visibility: SessionVisibility, limit: number, rawCursor?: string, ex: Executor = this.db): Promise<Page<SessionRecord>> {
    const cursor = decodeUuidCursor(rawCursor, 'time');
    let q = this.base(ex);
    if (filter.state === 'live') q = q.where('s.state', '<>', 'ended');
    if (filter.state === 'ended') q = q.where('s.state', '=', 'ended');
    if (filter.roomId) q = q.where('s.room_id', '=', filter.roomId);
    if (filter.userId) q = q.where('s.user_id', '=', filter.userId);
    const { scope, ownUserId } = visibility;
    if (!scope.all) {
      q = q.where((eb) => {
        const ors = [];
        if (scope.roomIds.length) ors.push(eb('s.room_id', 'in', scope.roomIds));
        if (scope.siteIds.length) ors.push(eb('r.site_id', 'in', scope.siteIds));
        if (scope.roomGroupIds?.length) ors.push(eb('s.room_id', 'in', eb.selectFrom('room_group_rooms').select('room_group_rooms.room_id').where('room_group_rooms.room_group_id', 'in', scope.roomGroupIds)));
        if (ownUserId) ors.push(eb('s.user_id', '=', ownUserId));
        return ors.length ? eb.or(ors) : sql<boolean>`false`;
      });
    }
    if (cursor) {
      const at = new Date(String(cursor.k));
      if (Number.isNaN(at.getTime())) throw new AppError('INVALID_CURSOR', 'The cursor is not valid (bad time)', 'cursor');
      q = q.where((eb) => eb.or([eb('s.started_at', '<', at), eb.and([eb('s.started_at', '=', at), eb('s.id', '<', cursor.id)])]));
    }
    const rows = await q.orderBy('s.started_at', 'desc').orderBy('s.id', 'desc').limit(limit + 1).execute();
    return toPage(
      rows.map(toRecord),
      limit,
      (s) => ({ k: s.startedAt.toISOString(), id: s.id }),
    );
  }
}
