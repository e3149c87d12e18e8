// Whether a remote session may start, from facts alone: the checks of DESIGN.md's
// "Remote session" point 1, in its order, each with its own error code. The server
// (access/policies/sessions.policy.ts) decides with every fact known; the portal asks the
// same question with what its page knows, to say why Start session is disabled.
import type { SessionMode } from './api-views.ts';
import { atLeast, type Level } from './permissions.ts';

export interface SessionStartFacts {
  /** Settings > General "Allow remote access"; undefined when the asker cannot read it. */
  remoteAccessEnabled: boolean | undefined;
  /** The caller's Remote access level on the room. */
  remoteAccessLevel: Level;
  /** The room itself allows remote access. */
  roomAllowsRemoteAccess: boolean;
  /** The room's agent; undefined when not known (yet). */
  agent: { online: boolean; vnc: boolean } | undefined;
}

export type SessionStartRefusal =
  | 'REMOTE_ACCESS_DISABLED'
  | 'REMOTE_ACCESS_NOT_PERMITTED'
  | 'REMOTE_ACCESS_MODE_NOT_PERMITTED'
  | 'ROOM_REMOTE_ACCESS_EXCLUDED'
  | 'AGENT_OFFLINE'
  | 'AGENT_VNC_UNAVAILABLE';

/** The first check that refuses the start, or null when every known fact allows it. */
export function mayStartSession(facts: SessionStartFacts, mode: SessionMode): SessionStartRefusal | null {
  if (facts.remoteAccessEnabled === false) return 'REMOTE_ACCESS_DISABLED';
  if (facts.remoteAccessLevel === 'none') return 'REMOTE_ACCESS_NOT_PERMITTED';
  if (mode === 'control' && !atLeast(facts.remoteAccessLevel, 'modify')) return 'REMOTE_ACCESS_MODE_NOT_PERMITTED';
  if (!facts.roomAllowsRemoteAccess) return 'ROOM_REMOTE_ACCESS_EXCLUDED';
  if (facts.agent && !facts.agent.online) return 'AGENT_OFFLINE';
  if (facts.agent && !facts.agent.vnc) return 'AGENT_VNC_UNAVAILABLE';
  return null;
}
