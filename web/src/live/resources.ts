// What GET /events pushes; the resources it carries are the API views in @roomwarden/protocol.
import type { IncidentView, RoomStatus, SessionView } from '@roomwarden/protocol';

/** What GET /events pushes (one `event:` type per variant). */
export type LiveEvent =
  | { type: 'room.status'; roomId: string; siteId: string | null; status: RoomStatus; previous: RoomStatus; at?: string }
  | { type: 'incident.opened' | 'incident.resolved' | 'incident.acknowledged'; roomId: string; siteId: string | null; incident: IncidentView }
  | { type: 'session.started' | 'session.ended' | 'session.updated'; roomId: string; siteId: string | null; session: SessionView }
  | { type: 'remoteAccess.disabled'; by: string }
  | { type: 'settings.changed'; key: string };

export type LiveEventType = LiveEvent['type'];
