// Remote sessions: who may start one (the facts-only check is shared with the portal, in
// protocol), whether a live one may go on, who may see and who may end one.
import { atLeast, type Level, type SessionEndReason, type SessionMode } from '@roomwarden/protocol';
import type { Grants, RoomRef, RoomScope } from '../grants.ts';

export { mayStartSession as mayStart, type SessionStartFacts, type SessionStartRefusal } from '@roomwarden/protocol';

/** The level a session mode needs: control needs Modify, view needs View. */
export const levelForMode = (mode: SessionMode): Level => (mode === 'control' ? 'modify' : 'view');

export interface LiveSessionFacts {
  mode: SessionMode;
  remoteAccessEnabled: boolean;
  /** The session's user: still there and enabled, disabled, or removed. */
  user: 'active' | 'disabled' | 'removed';
  /** The session's room, or null once it is deleted. */
  room: { remoteAccessAllowed: boolean } | null;
  /** The user's Remote access level on the room now. */
  remoteAccessLevel: Level;
}

/** Why a live session must end now, or null while it may go on. A removed user or room
 * is named as such, never as a withdrawn permission. */
export function stillAllowed(facts: LiveSessionFacts): SessionEndReason | null {
  if (!facts.remoteAccessEnabled) return 'remote_access_disabled';
  if (facts.user === 'disabled') return 'user_disabled';
  if (facts.user === 'removed') return 'user_removed';
  if (!facts.room) return 'room_removed';
  if (!facts.room.remoteAccessAllowed) return 'room_remote_access_excluded';
  if (!atLeast(facts.remoteAccessLevel, levelForMode(facts.mode))) return 'permission_withdrawn';
  return null;
}

export interface SessionRef {
  userId: string;
  room: RoomRef;
}

/** A session is seen by its own user and by whoever holds Remote access on its room. */
export function maySee(grants: Grants, callerUserId: string | null, session: SessionRef): boolean {
  if (callerUserId !== null && callerUserId === session.userId) return true;
  return grants.onRoom('remoteAccess', session.room) !== 'none';
}

/** Who may join a live session as an observer: Remote access View (or Modify) on its room.
 * A live observer is re-checked with `stillAllowed` as a view session. */
export function mayObserve(grants: Grants, room: RoomRef): boolean {
  return atLeast(grants.onRoom('remoteAccess', room), 'view');
}

/** Who may end a session, answered as the reason it would end with: its own user ends
 * it as `ended_by_user`; Remote access Modify on its room as `ended_by_administrator`;
 * anyone else may not (null). */
export function mayEnd(grants: Grants, callerUserId: string | null, session: SessionRef): 'ended_by_user' | 'ended_by_administrator' | null {
  if (callerUserId !== null && callerUserId === session.userId) return 'ended_by_user';
  return atLeast(grants.onRoom('remoteAccess', session.room), 'modify') ? 'ended_by_administrator' : null;
}

/** The rooms whose sessions a caller may list (their own sessions come on top of these). */
export const sessionScope = (grants: Grants): RoomScope => grants.scope(['remoteAccess'], 'view');
