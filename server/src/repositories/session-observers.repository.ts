// Observers of remote sessions: who joined a live session to watch it, and when and why
// they left. Live state (their sockets) is the supervisor's; the rows are the history.
import type { Db, Executor } from '../db/database.ts';

export interface ObserverRecord {
  id: string;
  sessionId: string;
  userId: string;
  userLabel: string;
  joinedAt: Date;
  leftAt: Date | null;
  leaveReason: string | null;
}

/** The observers one session may list (far more than anyone watches at once). */
export const MAX_OBSERVERS_LISTED = 200;

export class SessionObserversRepository {
  constructor(private readonly db: Db) {}

  async insert(o: Omit<ObserverRecord, 'leftAt' | 'leaveReason'>, ex: Executor = this.db): Promise<void> {
    await ex.insertInto('session_observers').values({ id: o.id, session_id: o.sessionId, user_id: o.userId, user_label: o.userLabel, joined_at: o.joinedAt }).execute();
  }

  /** Marks an observer gone; false when they had left already (so a leave is audited once). */
  async leave(id: string, reason: string, at: Date, ex: Executor = this.db): Promise<boolean> {
    const r = await ex.updateTable('session_observers').set({ left_at: at, leave_reason: reason }).where('id', '=', id).where('left_at', 'is', null).executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  /** Every observer of one session, in the order they joined. */
  async ofSession(sessionId: string, ex: Executor = this.db): Promise<ObserverRecord[]> {
    return (await this.ofSessions([sessionId], ex)).get(sessionId) ?? [];
  }

  /** Every observer of the given sessions, each session's in the order they joined. */
  async ofSessions(sessionIds: readonly string[], ex: Executor = this.db): Promise<Map<string, ObserverRecord[]>> {
    const out = new Map<string, ObserverRecord[]>();
    if (sessionIds.length === 0) return out;
    const rows = await ex
      .selectFrom('session_observers')
      .selectAll()
      .where('session_id', 'in', [...sessionIds])
      .orderBy('session_id')
      .orderBy('joined_at')
      .orderBy('id')
      .limit(MAX_OBSERVERS_LISTED * sessionIds.length)
      .execute();
    for (const r of rows) {
      const list = out.get(r.session_id) ?? [];
      if (list.length >= MAX_OBSERVERS_LISTED) continue;
      list.push({ id: r.id, sessionId: r.session_id, userId: r.user_id, userLabel: r.user_label, joinedAt: r.joined_at, leftAt: r.left_at, leaveReason: r.leave_reason });
      out.set(r.session_id, list);
    }
    return out;
  }
}
