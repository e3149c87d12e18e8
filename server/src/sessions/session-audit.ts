// The two audit entries of a remote session, built in one place (as Teleport's desktop
// session auditor builds both events) so that `session.start` and `session.end` name the
// session, its room, its user and its mode with the same fields.
import type { SessionMode } from '@roomwarden/protocol';
import type { AuditEvent } from '../platform/audit.service.ts';
import type { ObserverRecord } from '../repositories/session-observers.repository.ts';
import type { NewSession, SessionEnd, SessionRecord } from '../repositories/sessions.repository.ts';
import { durationSeconds } from './session-view.ts';

type SessionSubject = Pick<SessionRecord, 'id' | 'roomId' | 'roomName' | 'userId' | 'userLabel' | 'mode'>;

/** What both entries say about the session. */
function subject(s: SessionSubject) {
  return { roomId: s.roomId, roomName: s.roomName, userId: s.userId, userLabel: s.userLabel, mode: s.mode };
}

/** `session.start`: written with the session's row, in its transaction. */
export function sessionStartEntry(s: NewSession): AuditEvent {
  return {
    action: 'session.start',
    targetType: 'session',
    targetId: s.id,
    details: {
      ...subject(s),
      contactEmail: s.contactEmail,
      idleTimeoutMinutes: s.idleTimeoutMinutes,
      maxMinutes: s.maxMinutes,
      ...(s.display ? { display: s.display } : {}),
      // DESIGN Remote session 9: a start during a meeting says so, with the reason given.
      ...(s.meetingOverrideReason !== null ? { meetingOverride: { reason: s.meetingOverrideReason } } : {}),
    },
  };
}

/** `session.start_refused`: a start the room's meeting refused (DESIGN Remote session 9), on the room. */
export function sessionRefusedEntry(
  room: { id: string; name: string },
  mode: SessionMode,
  refusal: string,
  asked: { display?: string | undefined; override?: { reason: string } | undefined },
): AuditEvent {
  return {
    action: 'session.start_refused',
    targetType: 'room',
    targetId: room.id,
    details: {
      roomId: room.id,
      roomName: room.name,
      mode,
      refusal,
      inMeeting: true,
      ...(asked.display ? { display: asked.display } : {}),
      ...(asked.override ? { meetingOverride: { reason: asked.override.reason } } : {}),
    },
  };
}

/** An observer as session.end lists them. */
const observerEntry = (o: ObserverRecord) => ({ observerId: o.id, userId: o.userId, userLabel: o.userLabel, joinedAt: o.joinedAt.toISOString(), leftAt: o.leftAt?.toISOString() ?? null });

/** `session.end`: why, how long, how many bytes each way, and who watched; written with the row's end. */
export function sessionEndEntry(s: SessionSubject & Pick<SessionRecord, 'startedAt'>, end: SessionEnd, observers: readonly ObserverRecord[] = []): AuditEvent {
  return {
    action: 'session.end',
    targetType: 'session',
    targetId: s.id,
    details: {
      reason: end.reason,
      ...(end.message ? { message: end.message } : {}),
      ...subject(s),
      durationSeconds: durationSeconds({ startedAt: s.startedAt, endedAt: end.endedAt }),
      bytesToViewer: end.bytesToViewer,
      bytesFromViewer: end.bytesFromViewer,
      observers: observers.map(observerEntry),
    },
  };
}

/** What both observer entries say: the session (its room, its controller) and who watches. */
function observerSubject(s: SessionSubject, o: Pick<ObserverRecord, 'id' | 'userId' | 'userLabel'>) {
  return { observerId: o.id, observerUserId: o.userId, observerLabel: o.userLabel, roomId: s.roomId, roomName: s.roomName, sessionUserLabel: s.userLabel, mode: s.mode };
}

/** `session.observer.join`: written with the observer's row. */
export function observerJoinEntry(s: SessionSubject, o: Pick<ObserverRecord, 'id' | 'userId' | 'userLabel'>): AuditEvent {
  return { action: 'session.observer.join', targetType: 'session', targetId: s.id, details: observerSubject(s, o) };
}

export interface ObserverLeave {
  reason: string;
  message?: string | undefined;
  leftAt: Date;
  joinedAt: Date;
  bytesToViewer: number;
  bytesFromViewer: number;
}

/** `session.observer.leave`: why, how long, how many bytes each way; written with the row's leave. */
export function observerLeaveEntry(s: SessionSubject, o: Pick<ObserverRecord, 'id' | 'userId' | 'userLabel'>, leave: ObserverLeave): AuditEvent {
  return {
    action: 'session.observer.leave',
    targetType: 'session',
    targetId: s.id,
    details: {
      reason: leave.reason,
      ...(leave.message ? { message: leave.message } : {}),
      ...observerSubject(s, o),
      durationSeconds: durationSeconds({ startedAt: leave.joinedAt, endedAt: leave.leftAt }),
      bytesToViewer: leave.bytesToViewer,
      bytesFromViewer: leave.bytesFromViewer,
    },
  };
}
