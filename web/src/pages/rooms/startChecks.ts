// Why "Start session" would be refused, from what the page knows: the same facts-only
// check the server makes (mayStartSession, in protocol), worded for the person at the
// button. The server has the last word. Whether the organisation allows remote access,
// and whom to ask, comes from /me (every user may know it).
import { mayStartSession, type RoomAgentView, type SessionStartRefusal } from '@roomwarden/protocol';
import type { Me, Room } from '../../api/types.ts';

const WHY: Record<SessionStartRefusal, string> = {
  REMOTE_ACCESS_DISABLED: 'Remote access is turned off for the whole organisation.',
  REMOTE_ACCESS_NOT_PERMITTED: 'Your roles give you no remote access to this room.',
  REMOTE_ACCESS_MODE_NOT_PERMITTED: 'Your roles allow view-only sessions on this room.',
  ROOM_REMOTE_ACCESS_EXCLUDED: 'This room is excluded from remote access.',
  AGENT_OFFLINE: "The room's agent is offline.",
  AGENT_VNC_UNAVAILABLE: "The room's agent has no VNC server to connect to.",
  // Not asked here (the button stays enabled: the dialog says so, and Modify holders may override), but worded for a refusal.
  ROOM_IN_MEETING: 'This room is in a meeting.',
  DISPLAY_NOT_FOUND: "The room's agent has no such display.",
};

/** Who to ask to turn remote access on: the organisation's contact, else an administrator. */
export function askToTurnOn(org: Me['remoteAccess']): string {
  return org.contactEmail ? `To use it, ask ${org.contactEmail}.` : 'To use it, ask an administrator.';
}

/** `org` is undefined while /me has not said (the server still checks). */
export function startBlockedReason(room: Room, agent: RoomAgentView | undefined, org: Me['remoteAccess'] | undefined): string | null {
  const refusal = mayStartSession(
    {
      remoteAccessEnabled: org?.enabled,
      remoteAccessLevel: room.myPermissions.remoteAccess,
      roomAllowsRemoteAccess: room.remoteAccessAllowed,
      agent: agent && { online: agent.enrolled && agent.connected, vnc: agent.capabilities.vnc },
    },
    // Any session at all: a view-only start is the least a caller may be allowed.
    'view',
  );
  if (refusal === 'REMOTE_ACCESS_DISABLED' && org) return `${WHY[refusal]} ${askToTurnOn(org)}`;
  return refusal && WHY[refusal];
}
