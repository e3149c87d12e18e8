// The API shape of a remote session (the contract's field names), from its stored row
// and, while it is live, the relay's running byte counts; with its observers.
import type { SessionObserverView, SessionView } from '@roomwarden/protocol';
import type { ObserverRecord } from '../repositories/session-observers.repository.ts';
import type { SessionRecord } from '../repositories/sessions.repository.ts';
import type { RelayCounts } from './session-relay.ts';

export function durationSeconds(s: Pick<SessionRecord, 'startedAt' | 'endedAt'>, now: Date = new Date()): number {
  return Math.max(0, Math.round(((s.endedAt ?? now).getTime() - s.startedAt.getTime()) / 1000));
}

export function observerView(o: ObserverRecord): SessionObserverView {
  return { id: o.id, userId: o.userId, userLabel: o.userLabel, joinedAt: o.joinedAt.toISOString(), leftAt: o.leftAt?.toISOString() ?? null, leaveReason: o.leaveReason };
}

export function sessionView(s: SessionRecord, live?: RelayCounts, now: Date = new Date(), observers: readonly ObserverRecord[] = []): SessionView {
  return {
    id: s.id,
    roomId: s.roomId,
    roomName: s.roomName,
    siteId: s.siteId,
    userId: s.userId,
    userLabel: s.userLabel,
    mode: s.mode,
    state: s.state,
    endReason: s.endReason,
    endMessage: s.endMessage,
    startedAt: s.startedAt.toISOString(),
    connectedAt: s.connectedAt?.toISOString() ?? null,
    endedAt: s.endedAt?.toISOString() ?? null,
    durationSeconds: durationSeconds(s, now),
    bytesToViewer: s.state !== 'ended' && live ? live.bytesToViewer : s.bytesToViewer,
    bytesFromViewer: s.state !== 'ended' && live ? live.bytesFromViewer : s.bytesFromViewer,
    expiresAt: s.expiresAt.toISOString(),
    idleTimeoutMinutes: s.idleTimeoutMinutes,
    maxMinutes: s.maxMinutes,
    display: s.display,
    meetingOverrideReason: s.meetingOverrideReason,
    observers: observers.map(observerView),
  };
}
