// Why "Start session" would be refused, from what the page knows: the same facts-only
// check the server makes (mayStartSession, in protocol), worded for the person at the
// button. The server has the last word.
import { mayStartSession, type RoomAgentView, type SessionStartRefusal } from '@roomwarden/protocol';
import type { Room } from '../../api/types.ts';

const WHY: Record<SessionStartRefusal, string> = {
  REMOTE_ACCESS_DISABLED: 'Remote access is turned off in Settings > General.',
  REMOTE_ACCESS_NOT_PERMITTED: 'Your roles give you no remote access to this room.',
  REMOTE_ACCESS_MODE_NOT_PERMITTED: 'Your roles allow view-only sessions on this room.',
  ROOM_REMOTE_ACCESS_EXCLUDED: 'This room is excluded from remote access.',
  AGENT_OFFLINE: "The room's agent is offline.",
  AGENT_VNC_UNAVAILABLE: "The room's agent has no VNC server to connect to.",
  // Not asked here (the button stays enabled: the dialog says so, and Modify holders may override), but worded for a refusal.
  ROOM_IN_MEETING: 'This room is in a meeting.',
  DISPLAY_NOT_FOUND: "The room's agent has no such display.",
};

/** `remoteAccessEnabled` is undefined when the caller may not read Settings > General. */
export function startBlockedReason(room: Room, agent: RoomAgentView | undefined, remoteAccessEnabled: boolean | undefined): string | null {
  const refusal = mayStartSession(
    {
      remoteAccessEnabled,
      remoteAccessLevel: room.myPermissions.remoteAccess,
      roomAllowsRemoteAccess: room.remoteAccessAllowed,
      agent: agent && { online: agent.enrolled && agent.connected, vnc: agent.capabilities.vnc },
    },
    // Any session at all: a view-only start is the least a caller may be allowed.
    'view',
  );
  return refusal && WHY[refusal];
}
