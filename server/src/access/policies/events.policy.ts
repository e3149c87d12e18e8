// Live events (SSE): room events go to whoever can view the room; session events (who,
// bytes) only to those who hold Remote access on the room, and to the session's own user.
// Organisation-wide events (remote access turned off, settings changed) go to everyone.
import type { Grants, RoomRef } from '../grants.ts';

export interface LiveEventFacts {
  room: RoomRef;
  /** Present for session events: the session's user, when the event names one. */
  session?: { userId: string | null };
}

export function mayReceive(grants: Grants, subscriberUserId: string | null, event: LiveEventFacts): boolean {
  if (!grants.canView(event.room)) return false;
  if (!event.session) return true;
  if (subscriberUserId !== null && event.session.userId === subscriberUserId) return true;
  return grants.onRoom('remoteAccess', event.room) !== 'none';
}
