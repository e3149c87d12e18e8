// The two audit entries of a remote session, built in one place (as Teleport's desktop
// session auditor builds both events) so that `session.start` and `session.end` name the
// session, its room, its user and its mode with the same fields.
import type { SessionMode } from '@roomwarden/protocol';
import type { AuditEvent } from '../platform/audit.service.ts';
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

/** `session.end`: why, how long, and how many bytes each way; written with the row's end. */
export function sessionEndEntry(s: SessionSubject & Pick<SessionRecord, 'startedAt'>, end: SessionEnd): AuditEvent {
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
    },
  };
}
