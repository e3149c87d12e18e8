// Notifications (DESIGN "Incidents and notifications"): the events a channel may take, the
// channel and delivery resources as the API answers them, SMTP settings, and the body of
// every notification (`{type, timestamp, data}`, the webhook body). The notification data
// is a zod discriminated union on `type`, so that a receiver (and the server's senders)
// can parse what the outbox holds.
import { z } from 'zod';
import { INCIDENT_SEVERITIES, type IncidentSeverity } from './health.ts';
import type { RoomScopeSpec } from './room-scope.ts';

export const NOTIFICATION_CHANNEL_TYPES = ['email', 'webhook', 'teams', 'slack'] as const;
export type NotificationChannelType = (typeof NOTIFICATION_CHANNEL_TYPES)[number];

/** The events a channel may take (DESIGN). */
export const NOTIFICATION_EVENTS = ['incident.opened', 'incident.resolved', 'room.offline', 'session.started', 'session.ended', 'remote_access.changed'] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/** What an outbox item may carry: the events, a channel's test, and storm control's summary. */
export const NOTIFICATION_TYPES = [...NOTIFICATION_EVENTS, 'notification.test', 'notification.digest'] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export const NOTIFICATION_EVENT_LABELS: Record<NotificationType, string> = {
  'incident.opened': 'Incident opened',
  'incident.resolved': 'Incident resolved',
  'room.offline': 'Room offline',
  'session.started': 'Remote session started',
  'session.ended': 'Remote session ended',
  'remote_access.changed': 'Remote access turned on or off',
  'notification.test': 'Test',
  'notification.digest': 'More changes (storm control)',
};

export const DELIVERY_STATES = ['pending', 'sending', 'sent', 'dead'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

const roomRef = z.object({ id: z.string(), name: z.string(), siteId: z.string().nullable() });
export type NotificationRoom = z.infer<typeof roomRef>;

const incidentRef = z.object({
  id: z.string(),
  title: z.string(),
  severity: z.enum(INCIDENT_SEVERITIES),
  signal: z.string().nullable(),
  detail: z.string().nullable(),
  openedAt: z.string(),
  resolvedAt: z.string().nullable(),
});

const sessionRef = z.object({ id: z.string(), mode: z.enum(['control', 'view']), userLabel: z.string(), endReason: z.string().nullable() });

/** The `data` of each notification type. */
export const notificationDataSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('incident.opened'), room: roomRef, incident: incidentRef }),
  z.object({ type: z.literal('incident.resolved'), room: roomRef, incident: incidentRef }),
  z.object({ type: z.literal('room.offline'), room: roomRef, at: z.string() }),
  z.object({ type: z.literal('session.started'), room: roomRef, session: sessionRef }),
  z.object({ type: z.literal('session.ended'), room: roomRef, session: sessionRef }),
  /** The organisation-wide switch (room null) or one room's allow/refuse (room set). */
  z.object({ type: z.literal('remote_access.changed'), room: roomRef.nullable(), enabled: z.boolean(), by: z.string() }),
  z.object({ type: z.literal('notification.test'), channelName: z.string(), by: z.string() }),
  /** Storm control: `count` more changes on a room were folded into this one item. */
  z.object({ type: z.literal('notification.digest'), room: roomRef, count: z.number().int().min(1), types: z.array(z.string()), firstAt: z.string(), lastAt: z.string() }),
]);
export type NotificationData = z.infer<typeof notificationDataSchema>;

/** What the outbox holds and a webhook receives: `{type, timestamp, data}`. */
export interface NotificationBody {
  type: NotificationType;
  timestamp: string;
  data: Record<string, unknown>;
}

/** A notification channel as the API answers it. */
export interface NotificationChannelView {
  id: string;
  type: NotificationChannelType;
  name: string;
  enabled: boolean;
  events: NotificationEvent[];
  minSeverity: IncidentSeverity;
  scope: RoomScopeSpec;
  /** email channels */
  addresses?: string[];
  /** webhook, teams and slack channels */
  url?: string;
  /** webhook channels: a signing secret is stored (it is shown once, at creation or rotation). */
  secretSet?: boolean;
  createdAt: string;
  updatedAt: string;
}

/** One attempt to send an outbox item. */
export interface DeliveryAttemptView {
  at: string;
  outcome: 'sent' | 'failed';
  /** HTTP status, or the SMTP reply code. */
  statusCode: number | null;
  /** The first bytes of the far end's answer (an HTTP body, an SMTP reply). */
  answer: string | null;
  error: string | null;
  durationMs: number;
}

/** GET /notification-deliveries: one outbox item with its attempts. */
export interface NotificationDeliveryView {
  id: string;
  channelId: string | null;
  channelName: string | null;
  channelType: NotificationChannelType;
  /** Email items: who it goes to (a channel's addresses, or one assignment member). */
  recipient: string | null;
  event: NotificationType;
  roomId: string | null;
  summary: string;
  state: DeliveryState;
  attemptCount: number;
  nextAttemptAt: string | null;
  createdAt: string;
  sentAt: string | null;
  attempts: DeliveryAttemptView[];
}

export const SMTP_SECURITY = ['none', 'starttls', 'tls'] as const;
export type SmtpSecurity = (typeof SMTP_SECURITY)[number];

/** GET /settings/notifications (the password is never answered). */
export interface NotificationSettingsView {
  smtp: { host: string; port: number; security: SmtpSecurity; username: string; from: string; passwordSet: boolean };
  updatedAt: string | null;
}

const SEVERITY_RANK: Record<IncidentSeverity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

/** Is `severity` at least `min`? */
export function severityAtLeast(severity: IncidentSeverity, min: IncidentSeverity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[min];
}

/** One line that says what a notification is about (email subjects, chat titles, the deliveries page). */
export function notificationSummary(data: NotificationData): string {
  switch (data.type) {
    case 'incident.opened':
      return `[${data.incident.severity}] ${data.incident.title} on ${data.room.name}`;
    case 'incident.resolved':
      return `Resolved: ${data.incident.title} on ${data.room.name}`;
    case 'room.offline':
      return `${data.room.name} is offline`;
    case 'session.started':
      return `${data.session.userLabel} started a ${data.session.mode} session on ${data.room.name}`;
    case 'session.ended':
      return `The ${data.session.mode} session of ${data.session.userLabel} on ${data.room.name} ended${data.session.endReason ? ` (${data.session.endReason})` : ''}`;
    case 'remote_access.changed':
      return `${data.by} turned remote access ${data.enabled ? 'on' : 'off'}${data.room ? ` for ${data.room.name}` : ''}`;
    case 'notification.test':
      return `Test notification for ${data.channelName}`;
    case 'notification.digest':
      return `${data.count} more change${data.count === 1 ? '' : 's'} on ${data.room.name}`;
  }
}
