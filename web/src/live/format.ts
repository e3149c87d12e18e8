// Small display helpers shared by the live pages.

export function when(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/** "3 min ago", "in 12 s": coarse, for last-seen and last-change columns. */
export function relative(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return 'never';
  const s = Math.round((new Date(iso).getTime() - now) / 1000);
  const abs = Math.abs(s);
  const [n, unit] = abs < 60 ? [abs, 's'] : abs < 3600 ? [Math.floor(abs / 60), 'min'] : abs < 86_400 ? [Math.floor(abs / 3600), 'h'] : [Math.floor(abs / 86_400), 'd'];
  return s <= 0 ? `${n} ${unit} ago` : `in ${n} ${unit}`;
}

/** 125 → "2:05", 3725 → "1:02:05". */
export function clock(totalSeconds: number): string {
  const t = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = String(t % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

const END_REASONS: Record<string, string> = {
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
  vnc_auth_failed: "The room's VNC server refused the password",
  vnc_unreachable: "The room's VNC server could not be reached",
  user_removed: 'The user account was deleted',
  room_removed: 'The room was removed',
  agent_unreachable: "The room's agent went offline as the session started",
  viewer_never_connected: 'No viewer connected in time',
  agent_never_connected: "The room's agent did not join the session in time",
  viewer_protocol_error: 'The viewer sent something a session does not allow',
  agent_protocol_error: "The room's agent sent something unexpected",
};

/** A session's end reason for people: the server's message if any, else a known label, else the code. */
export function endReasonText(reason: string | null, message?: string | null): string {
  if (message) return message;
  if (!reason) return '—';
  return END_REASONS[reason] ?? reason.replace(/_/g, ' ');
}
