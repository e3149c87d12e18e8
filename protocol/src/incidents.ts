// Incident settings, the incident timeline and the shapes of "record an issue" (DESIGN
// "Incidents and notifications"): per health signal on or off and its severities, per room a
// maintenance window, and an incident's detail with what happened to it in order.
import { z } from 'zod';
import { INCIDENT_SEVERITIES, INFORMATIONAL_SIGNALS, SIGNAL_NAMES, type SignalName } from './health.ts';
import type { IncidentView } from './api-views.ts';

export const incidentSeveritySchema = z.enum(INCIDENT_SEVERITIES);

/** The signals a health rule watches: every signal but the informational ones. */
export const INCIDENT_SIGNALS = SIGNAL_NAMES.filter((n) => !INFORMATIONAL_SIGNALS.includes(n)) as Exclude<SignalName, 'inMeeting' | 'remoteDesktop'>[];
export type IncidentSignal = (typeof INCIDENT_SIGNALS)[number];

/** One signal's settings: off opens no new incident; `severity` for a failure, `degradedSeverity` for a degradation. */
export const signalIncidentSettingSchema = z
  .object({ enabled: z.boolean(), severity: incidentSeveritySchema, degradedSeverity: incidentSeveritySchema })
  .strict();
export type SignalIncidentSetting = z.infer<typeof signalIncidentSettingSchema>;

/** GET /settings/incidents: every incident signal, with its setting. */
export interface IncidentSettingsView {
  signals: Record<IncidentSignal, SignalIncidentSetting>;
  updatedAt: string | null;
}

/** How an incident was resolved: the signal recovered, someone resolved it by hand, or its room was retired. */
export const INCIDENT_RESOLUTIONS = ['recovered', 'manual', 'retired'] as const;
export type IncidentResolution = (typeof INCIDENT_RESOLUTIONS)[number];

/** Incidents recorded by hand ("record an issue") have this rule id prefix and no signal: recovery never resolves them. */
export const MANUAL_RULE_PREFIX = 'manual.';
export const MANUAL_INCIDENT_CATEGORY = 'Reported';

export const TIMELINE_KINDS = ['opened', 'acknowledged', 'note', 'resolved'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface IncidentTimelineEntry {
  at: string;
  kind: TimelineKind;
  /** Who did it; null for the health engine (opened or resolved by the signal). */
  actorLabel: string | null;
  text: string | null;
  /** On a `resolved` entry: how. */
  resolution?: IncidentResolution;
}

/** GET /incidents/:id */
export interface IncidentDetailView extends IncidentView {
  timeline: IncidentTimelineEntry[];
}

/** The longest maintenance window, ahead of now. */
export const MAINTENANCE_MAX_DAYS = 30;
