// Why a remote session ended: the codes the server writes in `session.end` and on the
// session row, with the words the portal shows for them. An agent may report a reason of
// its own (`[a-z0-9_]{1,50}`); unknown codes are shown as words.

export const SESSION_END_REASON_LABELS = {
  ended_by_user: 'Ended by the user',
  ended_by_administrator: 'Ended by an administrator',
  viewer_closed: 'The viewer closed the connection',
  agent_closed: "The room's agent closed the session",
  agent_failed: "The room's agent could not open the session",
  agent_disconnected: "The room's agent disconnected",
  remote_access_disabled: 'Remote access was turned off in Settings > General',
  user_disabled: 'The user account was disabled',
  room_remote_access_excluded: 'The room was excluded from remote access',
  permission_withdrawn: 'The remote access permission was withdrawn',
  idle_timeout: 'Idle timeout: no input for too long',
  max_duration: 'The maximum session length was reached',
  vnc_closed: "The room's VNC server closed the connection",
  vnc_protocol_error: "The room's VNC server spoke an unexpected protocol",
  relay_unreachable: "The room's agent could not reach the session relay",
  busy: 'The room is busy with another session',
  server_restart: 'The server restarted',
  server_shutdown: 'The server shut down',
  node_lost: 'The cluster node that held the session stopped',
  vnc_auth_failed: "The room's VNC server refused the password",
  vnc_unreachable: "The room's VNC server could not be reached",
  user_removed: 'The user account was deleted',
  room_removed: 'The room was removed',
  agent_unreachable: "The room's agent went offline as the session started",
  viewer_never_connected: 'No viewer connected in time',
  agent_never_connected: "The room's agent did not join the session in time",
  // why an observer left a live session (session.observer.leave)
  observer_closed: 'The observer closed the viewer',
  observer_too_slow: "The observer's connection could not keep up and was dropped",
  observer_never_connected: "The observer's viewer did not connect in time",
  session_ended: 'The session ended',
  viewer_protocol_error: 'The viewer sent something a session does not allow',
  agent_protocol_error: "The room's agent sent something unexpected",
  agent_stopping: "The room's agent was stopped",
  relay_closed: 'The session relay closed the connection to the room',
} as const satisfies Record<string, string>;

export type SessionEndReason = keyof typeof SESSION_END_REASON_LABELS;

export function isKnownSessionEndReason(reason: string): reason is SessionEndReason {
  return Object.hasOwn(SESSION_END_REASON_LABELS, reason);
}

/** The label for an end reason, or the code in words for one this version does not know. */
export function sessionEndReasonLabel(reason: string): string {
  return isKnownSessionEndReason(reason) ? SESSION_END_REASON_LABELS[reason] : reason.replace(/_/g, ' ');
}
