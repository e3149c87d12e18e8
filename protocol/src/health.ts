// Health signals: the names every probe reports and the states a signal can be in.
import { z } from 'zod';

export const SIGNAL_NAMES = [
  'display',
  'camera',
  'contentCamera',
  'microphone',
  'speaker',
  'network',
  'roomApp',
  'roomAppSignedIn',
  'osVersion',
  'appVersion',
  'cpu',
  'memory',
  'disk',
  'uptime',
  'inMeeting',
  'remoteDesktop',
] as const;
export type SignalName = (typeof SIGNAL_NAMES)[number];
export const signalNameSchema = z.enum(SIGNAL_NAMES);

/** ok: working; degraded: works with a problem; failed: not working; unknown: could not be read. */
export const SIGNAL_STATES = ['ok', 'degraded', 'failed', 'unknown'] as const;
export type SignalState = (typeof SIGNAL_STATES)[number];
export const signalStateSchema = z.enum(SIGNAL_STATES);

export const ROOM_STATUSES = ['healthy', 'warning', 'unhealthy', 'offline'] as const;
export type RoomStatus = (typeof ROOM_STATUSES)[number];
export const roomStatusSchema = z.enum(ROOM_STATUSES);

export const INCIDENT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

export const signalSchema = z
  .object({
    name: signalNameSchema,
    state: signalStateSchema,
    /** A short reading for people: "1920x1080 HDMI-1", "42 %", "10.0.19045". */
    value: z.string().max(200).optional(),
    /** Why the state is what it is, when not ok. */
    detail: z.string().max(500).optional(),
  })
  .strict();
export type Signal = z.infer<typeof signalSchema>;

export const SIGNAL_LABELS: Record<SignalName, string> = {
  display: 'Display',
  camera: 'Camera',
  contentCamera: 'Content camera',
  microphone: 'Microphone',
  speaker: 'Speaker',
  network: 'Network',
  roomApp: 'Room app running',
  roomAppSignedIn: 'Room app signed in',
  osVersion: 'OS version',
  appVersion: 'App version',
  cpu: 'CPU',
  memory: 'Memory',
  disk: 'Disk',
  uptime: 'Uptime',
  inMeeting: 'In a meeting',
  remoteDesktop: 'Remote desktop (VNC)',
};

/**
 * Signals that describe the room rather than its health: no health rule matches them, so
 * they never open an incident (server/src/health/health-rules.ts has none for them).
 */
export const INFORMATIONAL_SIGNALS: readonly SignalName[] = ['inMeeting', 'remoteDesktop'];

/**
 * `inMeeting` is `ok` with value `true` (a meeting is on: the room app holds the camera or
 * microphone) or `false`; `unknown` when the probe cannot tell.
 */
export const IN_MEETING_VALUES = { yes: 'true', no: 'false' } as const;

/** true / false from an `inMeeting` signal; undefined when it is missing or unknown. */
export function inMeetingOf(signal: Pick<Signal, 'state' | 'value'> | undefined): boolean | undefined {
  if (!signal || signal.state === 'unknown') return undefined;
  if (signal.value === IN_MEETING_VALUES.yes) return true;
  if (signal.value === IN_MEETING_VALUES.no) return false;
  return undefined;
}
