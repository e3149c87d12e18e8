// The notifications that the server's state changes become, built from what their code
// already holds (an incident record, a session row, a settings change). The outbox fills in
// the room's site from the database.
import type { IncidentSeverity, NotificationData, NotificationRoom } from '@roomwarden/protocol';

interface IncidentLike {
  id: string;
  title: string;
  severity: string;
  signal: string | null;
  detail: string | null;
  openedAt: Date;
  resolvedAt: Date | null;
}

const incidentRef = (i: IncidentLike) => ({
  id: i.id,
  title: i.title,
  severity: i.severity as IncidentSeverity,
  signal: i.signal,
  detail: i.detail,
  openedAt: i.openedAt.toISOString(),
  resolvedAt: i.resolvedAt?.toISOString() ?? null,
});

/** Incidents opened or resolved (by the health engine, by hand, or by retiring the room).
 * The room is named by id only: the outbox reads its name, site and groups in the same transaction. */
export function incidentNotices(kind: 'incident.opened' | 'incident.resolved', incidents: readonly (IncidentLike & { roomId: string })[]): NotificationData[] {
  return incidents.map((i): NotificationData => ({ type: kind, room: { id: i.roomId, name: '', siteId: null }, incident: incidentRef(i) }));
}

/** The room went offline (its agent stopped answering). */
export function roomOfflineNotice(room: NotificationRoom, at: Date): NotificationData {
  return { type: 'room.offline', room, at: at.toISOString() };
}

interface SessionLike {
  id: string;
  roomId: string;
  roomName: string;
  mode: 'control' | 'view';
  userLabel: string;
}

export function sessionStartedNotice(s: SessionLike): NotificationData {
  return { type: 'session.started', room: { id: s.roomId, name: s.roomName, siteId: null }, session: { id: s.id, mode: s.mode, userLabel: s.userLabel, endReason: null } };
}

export function sessionEndedNotice(s: SessionLike, reason: string): NotificationData {
  return { type: 'session.ended', room: { id: s.roomId, name: s.roomName, siteId: null }, session: { id: s.id, mode: s.mode, userLabel: s.userLabel, endReason: reason } };
}

/** The organisation-wide switch (room null), or one room's allow/refuse. */
export function remoteAccessNotice(enabled: boolean, by: string, room: NotificationRoom | null = null): NotificationData {
  return { type: 'remote_access.changed', room, enabled, by };
}
