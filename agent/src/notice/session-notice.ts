// The in-room notice (DESIGN "Remote session", point 8), as pure state: which sessions are
// live on this agent and who is connected to each, fed by `session.open` (its `viewers`),
// `session.viewers` updates and the session's end; and from that, the notice wanted on the
// room's screen: none, or the red ring with the list of who is connected.
import type { SessionViewer } from '@roomwarden/protocol';

/** Live sessions by id, each with its viewers (empty: the server did not say who). */
export type NoticeSessions = ReadonlyMap<string, readonly SessionViewer[]>;

export type NoticeEvent =
  | { type: 'opened'; sessionId: string; viewers?: readonly SessionViewer[] }
  | { type: 'viewers'; sessionId: string; viewers: readonly SessionViewer[] }
  | { type: 'ended'; sessionId: string }
  /** The agent stops: every session is gone with it. */
  | { type: 'cleared' };

/** What the room's screen should show. */
export type WantedNotice = { kind: 'none' } | { kind: 'ring'; viewers: readonly SessionViewer[]; text: string };

export const NO_SESSIONS: NoticeSessions = new Map();

/** The one transition. A viewers update for a session that is not live is ignored (it ended first). */
export function applyNoticeEvent(sessions: NoticeSessions, event: NoticeEvent): NoticeSessions {
  switch (event.type) {
    case 'opened': {
      const next = new Map(sessions);
      next.set(event.sessionId, [...(event.viewers ?? [])]);
      return next;
    }
    case 'viewers': {
      if (!sessions.has(event.sessionId)) return sessions;
      const next = new Map(sessions);
      next.set(event.sessionId, [...event.viewers]);
      return next;
    }
    case 'ended': {
      if (!sessions.has(event.sessionId)) return sessions;
      const next = new Map(sessions);
      next.delete(event.sessionId);
      return next;
    }
    case 'cleared':
      return sessions.size === 0 ? sessions : NO_SESSIONS;
  }
}

/** Everyone connected across the live sessions, once each (by name; control wins), controllers first. */
export function connectedViewers(sessions: NoticeSessions): SessionViewer[] {
  const byName = new Map<string, SessionViewer>();
  for (const viewers of sessions.values()) {
    for (const v of viewers) {
      const seen = byName.get(v.name);
      if (!seen || (v.control && !seen.control)) byName.set(v.name, { name: v.name, control: v.control });
    }
  }
  const all = [...byName.values()];
  return [...all.filter((v) => v.control), ...all.filter((v) => !v.control)];
}

/** The label's words: "Remote session: Ada Lovelace (control), Bob (watching)". */
export function noticeText(viewers: readonly SessionViewer[]): string {
  if (viewers.length === 0) return 'Remote session in progress';
  return `Remote session: ${viewers.map((v) => `${v.name} (${v.control ? 'control' : 'watching'})`).join(', ')}`;
}

export function wantedNotice(sessions: NoticeSessions): WantedNotice {
  if (sessions.size === 0) return { kind: 'none' };
  const viewers = connectedViewers(sessions);
  return { kind: 'ring', viewers, text: noticeText(viewers) };
}

export function sameNotice(a: WantedNotice, b: WantedNotice): boolean {
  if (a.kind === 'none' || b.kind === 'none') return a.kind === b.kind;
  return a.text === b.text && a.viewers.length === b.viewers.length && a.viewers.every((v, i) => v.name === b.viewers[i]?.name && v.control === b.viewers[i]?.control);
}
