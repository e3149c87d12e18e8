// Room actions' storage: the action rows (asked, then done with what the agent said, or
// timed out) and the remote session's "restart the device when this session ends" flag,
// which the node that ends the session claims once.
import type { ActionOutcome, RoomAction } from '@roomwarden/protocol';
import type { Selectable } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import type { RoomActionsTable } from '../db/schema.ts';
import { toPage, type Page } from './cursor.ts';
import { timeCursor } from './directory-support.ts';
import { camel, type Camel } from './records.ts';

export type RoomActionRecord = Camel<Selectable<RoomActionsTable>>;

export interface NewRoomAction {
  id: string;
  roomId: string;
  action: RoomAction;
  requestedBy: string | null;
  requestedByLabel: string;
  requestedAt: Date;
  sessionId: string | null;
}

export interface RoomActionResult {
  outcome: ActionOutcome;
  exitCode: number | null;
  output: string;
  message: string | null;
  finishedAt: Date;
}

export class RoomActionsRepository {
  constructor(private readonly db: Db) {}

  async insert(a: NewRoomAction, ex: Executor = this.db): Promise<void> {
    await ex
      .insertInto('room_actions')
      .values({
        id: a.id,
        room_id: a.roomId,
        action: a.action,
        requested_by: a.requestedBy,
        requested_by_label: a.requestedByLabel,
        requested_at: a.requestedAt,
        session_id: a.sessionId,
        state: 'pending',
      })
      .execute();
  }

  async find(id: string, ex: Executor = this.db): Promise<RoomActionRecord | undefined> {
    const row = await ex.selectFrom('room_actions').selectAll().where('id', '=', id).executeTakeFirst();
    return row && camel(row);
  }

  /** Writes the result of a pending action; undefined when it was no longer pending (done already, or timed out). */
  async finish(id: string, result: RoomActionResult, ex: Executor = this.db): Promise<RoomActionRecord | undefined> {
    const row = await ex
      .updateTable('room_actions')
      .set({ state: 'done', outcome: result.outcome, exit_code: result.exitCode, output: result.output, message: result.message, finished_at: result.finishedAt })
      .where('id', '=', id)
      .where('state', '=', 'pending')
      .returningAll()
      .executeTakeFirst();
    return row && camel(row);
  }

  /** The room's pending actions (at most one per action is running on its agent). */
  async pendingForRoom(roomId: string, ex: Executor = this.db): Promise<RoomActionRecord[]> {
    const rows = await ex.selectFrom('room_actions').selectAll().where('room_id', '=', roomId).where('state', '=', 'pending').execute();
    return rows.map(camel);
  }

  /** Pending actions asked before `before` (to be marked timed out). */
  async pendingSince(before: Date, ex: Executor = this.db): Promise<RoomActionRecord[]> {
    const rows = await ex.selectFrom('room_actions').selectAll().where('state', '=', 'pending').where('requested_at', '<', before).orderBy('requested_at').limit(500).execute();
    return rows.map(camel);
  }

  /** A room's actions, newest first. */
  async listForRoom(roomId: string, limit: number, rawCursor?: string, ex: Executor = this.db): Promise<Page<RoomActionRecord>> {
    const cursor = timeCursor(rawCursor);
    let q = ex.selectFrom('room_actions').selectAll().where('room_id', '=', roomId);
    if (cursor) q = q.where((eb) => eb.or([eb('requested_at', '<', cursor.at), eb.and([eb('requested_at', '=', cursor.at), eb('id', '<', cursor.id)])]));
    const rows = await q.orderBy('requested_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
    return toPage(rows.map(camel), limit, (a) => ({ k: a.requestedAt.toISOString(), id: a.id }));
  }

  // ---- remote sessions' "restart the device when this session ends"

  async armRestartOnEnd(sessionId: string, ex: Executor = this.db): Promise<void> {
    await ex.updateTable('remote_sessions').set({ restart_device_on_end: true }).where('id', '=', sessionId).execute();
  }

  /** Takes the flag of an ended session, once across every node: true for the one caller that gets it. */
  async claimRestartOnEnd(sessionId: string, ex: Executor = this.db): Promise<boolean> {
    const row = await ex
      .updateTable('remote_sessions')
      .set({ restart_device_on_end: false })
      .where('id', '=', sessionId)
      .where('restart_device_on_end', '=', true)
      .where('state', '=', 'ended')
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  }
}
