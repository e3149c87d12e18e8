// The audit entries and the API view of a room action, built in one place so that the
// request and the result name the action (room, action, who asked, session) with the same fields.
import type { RoomActionView } from '@roomwarden/protocol';
import type { AuditEvent } from '../platform/audit.service.ts';
import type { RoomActionRecord } from '../repositories/room-actions.repository.ts';

function subject(a: Pick<RoomActionRecord, 'id' | 'roomId' | 'action' | 'requestedByLabel' | 'sessionId'>, roomName: string | null): Record<string, unknown> {
  return { actionId: a.id, action: a.action, roomId: a.roomId, ...(roomName !== null ? { roomName } : {}), requestedBy: a.requestedByLabel, sessionId: a.sessionId };
}

/** `room.action.request`: someone (or a session's end) asked the room's agent to run an action. */
export function actionRequestEntry(a: Pick<RoomActionRecord, 'id' | 'roomId' | 'action' | 'requestedByLabel' | 'sessionId'>, roomName: string): AuditEvent {
  return { action: 'room.action.request', targetType: 'room', targetId: a.roomId, details: subject(a, roomName) };
}

/** `room.action.result`: what the command did (outcome, exit status, the first lines of its output). */
export function actionResultEntry(a: RoomActionRecord): AuditEvent {
  return {
    action: 'room.action.result',
    targetType: 'room',
    targetId: a.roomId,
    details: { ...subject(a, null), outcome: a.outcome, exitCode: a.exitCode, output: a.output, message: a.message },
  };
}

export function roomActionView(a: RoomActionRecord): RoomActionView {
  return {
    id: a.id,
    roomId: a.roomId,
    action: a.action,
    requestedBy: a.requestedByLabel,
    requestedAt: a.requestedAt.toISOString(),
    sessionId: a.sessionId,
    state: a.state,
    outcome: a.outcome,
    exitCode: a.exitCode,
    output: a.output,
    message: a.message,
    finishedAt: a.finishedAt?.toISOString() ?? null,
  };
}
