// The health rules, as data, in one place: which signal state opens which incident,
// with its severity and category. A signal state matches at most one rule. `unknown`
// (the probe could not read the signal) never opens an incident and never resolves one:
// it is shown with the signals, nothing more. Any other state without a rule (ok above
// all) resolves the signal's open incidents: that is recovery.
import type { IncidentSeverity, SignalName, SignalState } from '@roomwarden/protocol';

export interface HealthRule {
  /** Stable id, stored with the incident: one open incident per room and rule. */
  id: string;
  signal: SignalName;
  state: Exclude<SignalState, 'ok' | 'unknown'>;
  severity: IncidentSeverity;
  category: string;
  title: string;
}

const rule = (signal: SignalName, state: HealthRule['state'], severity: IncidentSeverity, category: string, title: string): HealthRule => ({
  id: `${signal}.${state}`,
  signal,
  state,
  severity,
  category,
  title,
});

export const HEALTH_RULES: readonly HealthRule[] = [
  rule('display', 'failed', 'critical', 'Peripherals', 'Display not working'),
  rule('display', 'degraded', 'medium', 'Peripherals', 'Display degraded'),
  rule('camera', 'failed', 'high', 'Peripherals', 'Camera not working'),
  rule('camera', 'degraded', 'medium', 'Peripherals', 'Camera degraded'),
  rule('contentCamera', 'failed', 'medium', 'Peripherals', 'Content camera not working'),
  rule('contentCamera', 'degraded', 'low', 'Peripherals', 'Content camera degraded'),
  rule('microphone', 'failed', 'high', 'Peripherals', 'Microphone not working'),
  rule('microphone', 'degraded', 'medium', 'Peripherals', 'Microphone degraded'),
  rule('speaker', 'failed', 'high', 'Peripherals', 'Speaker not working'),
  rule('speaker', 'degraded', 'medium', 'Peripherals', 'Speaker degraded'),
  rule('network', 'failed', 'high', 'Network', 'Network down'),
  rule('network', 'degraded', 'medium', 'Network', 'Network degraded'),
  rule('roomApp', 'failed', 'critical', 'Application', 'Room app not running'),
  rule('roomApp', 'degraded', 'high', 'Application', 'Room app degraded'),
  rule('roomAppSignedIn', 'failed', 'high', 'Application', 'Room app not signed in'),
  rule('roomAppSignedIn', 'degraded', 'medium', 'Application', 'Room app sign-in degraded'),
  rule('osVersion', 'failed', 'medium', 'Software', 'Operating system unsupported'),
  rule('osVersion', 'degraded', 'low', 'Software', 'Operating system out of date'),
  rule('appVersion', 'failed', 'medium', 'Software', 'Room app version unsupported'),
  rule('appVersion', 'degraded', 'low', 'Software', 'Room app out of date'),
  rule('cpu', 'failed', 'high', 'System', 'CPU overloaded'),
  rule('cpu', 'degraded', 'medium', 'System', 'CPU under heavy load'),
  rule('memory', 'failed', 'high', 'System', 'Memory exhausted'),
  rule('memory', 'degraded', 'medium', 'System', 'Memory low'),
  rule('disk', 'failed', 'high', 'System', 'Disk full'),
  rule('disk', 'degraded', 'low', 'System', 'Disk space low'),
  rule('uptime', 'failed', 'medium', 'System', 'Restart overdue'),
  rule('uptime', 'degraded', 'low', 'System', 'Restart recommended'),
];

/**
 * The agent stopped sending heartbeats (3 intervals by default). The room's status is
 * `offline` whatever its incidents; this incident records when and for how long, and
 * resolves when the agent is back.
 */
export const AGENT_OFFLINE_RULE = {
  id: 'agent.offline',
  signal: null,
  severity: 'high',
  category: 'Connectivity',
  title: 'Agent offline',
} as const satisfies { id: string; signal: null; severity: IncidentSeverity; category: string; title: string };
