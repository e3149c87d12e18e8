// Why "Start session" would be refused, worked out in the browser from what the page
// knows (the server checks the same and has the last word; see sessions.service.ts).
import type { Room } from '../../api/types.ts';
import type { RoomAgentView } from '@roomwarden/protocol';

/** `remoteAccessEnabled` is undefined when the caller may not read Settings > General. */
export function startBlockedReason(room: Room, agent: RoomAgentView | undefined, remoteAccessEnabled: boolean | undefined): string | null {
  if (remoteAccessEnabled === false) return 'Remote access is turned off in Settings > General.';
  if (room.myPermissions.remoteAccess === 'none') return 'Your roles give you no remote access to this room.';
  if (!room.remoteAccessAllowed) return 'This room is excluded from remote access.';
  if (!agent) return null;
  if (!agent.enrolled || !agent.connected) return "The room's agent is offline.";
  if (!agent.capabilities.vnc) return "The room's agent has no VNC server to connect to.";
  return null;
}
