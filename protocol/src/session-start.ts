// Whether a remote session may start, from facts alone: the checks of DESIGN.md's
// "Remote session" point 1, in its order, each with its own error code, then the meeting
// guard (point 9) and the display (point 10). The server (access/policies/sessions.policy.ts)
// decides with every fact known; the portal asks the same question with what its page
// knows, to say why Start session is disabled.
import { DEFAULT_DISPLAY_NAME } from './agent-messages.ts';
import type { SessionMode } from './api-views.ts';
import { atLeast, type Level } from './permissions.ts';

export interface SessionStartFacts {
  /** Settings > General "Allow remote access"; undefined when the asker cannot read it. */
  remoteAccessEnabled: boolean | undefined;
  /** The caller's Remote access level on the room. */
  remoteAccessLevel: Level;
  /** The room itself allows remote access. */
  roomAllowsRemoteAccess: boolean;
  /**
   * The room's agent; undefined when not known (yet). `displays`: the names it bridges, the
   * default first (undefined or empty: one display, the default, whatever its name).
   */
  agent: { online: boolean; vnc: boolean; displays?: readonly string[] } | undefined;
  /** The room's latest `inMeeting` signal (inMeetingOf); undefined when unknown or missing: it does not block. */
  inMeeting?: boolean | undefined;
}

/** What the start asks for beyond its mode. */
export interface SessionStartRequest {
  /** True when the start carries `override: {reason}` (a meeting is on, start anyway). */
  override?: boolean;
  /** The display the start names; undefined: the agent's default. */
  display?: string;
}

export type SessionStartRefusal =
  | 'REMOTE_ACCESS_DISABLED'
  | 'REMOTE_ACCESS_NOT_PERMITTED'
  | 'REMOTE_ACCESS_MODE_NOT_PERMITTED'
  | 'ROOM_REMOTE_ACCESS_EXCLUDED'
  | 'AGENT_OFFLINE'
  | 'AGENT_VNC_UNAVAILABLE'
  | 'ROOM_IN_MEETING'
  | 'DISPLAY_NOT_FOUND';

/**
 * The first check that refuses the start, or null when every known fact allows it.
 * During a meeting, a start without an override is `ROOM_IN_MEETING`; an override needs
 * Remote access Modify, so a View holder's override is `REMOTE_ACCESS_MODE_NOT_PERMITTED`
 * (the same "your level is too low for what you asked" as a control start on View).
 */
export function mayStartSession(facts: SessionStartFacts, mode: SessionMode, request: SessionStartRequest = {}): SessionStartRefusal | null {
  if (facts.remoteAccessEnabled === false) return 'REMOTE_ACCESS_DISABLED';
  if (facts.remoteAccessLevel === 'none') return 'REMOTE_ACCESS_NOT_PERMITTED';
  if (mode === 'control' && !atLeast(facts.remoteAccessLevel, 'modify')) return 'REMOTE_ACCESS_MODE_NOT_PERMITTED';
  if (!facts.roomAllowsRemoteAccess) return 'ROOM_REMOTE_ACCESS_EXCLUDED';
  if (facts.agent && !facts.agent.online) return 'AGENT_OFFLINE';
  if (facts.agent && !facts.agent.vnc) return 'AGENT_VNC_UNAVAILABLE';
  if (facts.inMeeting === true) {
    if (!request.override) return 'ROOM_IN_MEETING';
    if (!mayOverrideMeeting(facts.remoteAccessLevel)) return 'REMOTE_ACCESS_MODE_NOT_PERMITTED';
  }
  if (request.display !== undefined && facts.agent && !displayKnown(facts.agent.displays, request.display)) return 'DISPLAY_NOT_FOUND';
  return null;
}

/** Starting a session during a meeting (with a reason) needs Remote access Modify on the room. */
export const mayOverrideMeeting = (level: Level): boolean => atLeast(level, 'modify');

/** The display a start opens: the one it names, or the agent's first (undefined: the agent's own default). */
export function chosenDisplay(displays: readonly string[] | undefined, requested: string | undefined): string | undefined {
  return requested ?? displays?.[0];
}

/** An agent that announced no displays has one, the default, and answers to its name only. */
function displayKnown(displays: readonly string[] | undefined, name: string): boolean {
  return displays && displays.length > 0 ? displays.includes(name) : name === DEFAULT_DISPLAY_NAME;
}
