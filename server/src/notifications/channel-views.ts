// The channel and delivery resources as the API answers them.
import type { DeliveryAttemptView, IncidentSeverity, NotificationBody, NotificationChannelView, NotificationDeliveryView, NotificationEvent, NotificationType } from '@roomwarden/protocol';
import type { ChannelRecord } from '../repositories/notification-channels.repository.ts';
import type { AttemptRecord, DeliveryRecord } from '../repositories/notification-outbox.repository.ts';
import { summaryOf } from './messages.ts';

export function channelView(c: ChannelRecord): NotificationChannelView {
  return {
    id: c.id,
    type: c.type,
    name: c.name,
    enabled: c.enabled,
    events: c.events as NotificationEvent[],
    minSeverity: c.minSeverity as IncidentSeverity,
    scope: c.scope,
    ...(c.type === 'email' ? { addresses: c.addresses } : { url: c.url ?? '' }),
    ...(c.type === 'webhook' ? { secretSet: c.secret !== null } : {}),
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

const attemptView = (a: AttemptRecord): DeliveryAttemptView => ({ at: a.at.toISOString(), outcome: a.outcome, statusCode: a.statusCode, answer: a.answer, error: a.error, durationMs: a.durationMs });

export function deliveryView(d: DeliveryRecord, attempts: readonly AttemptRecord[]): NotificationDeliveryView {
  const finished = d.state === 'sent' || d.state === 'dead';
  return {
    id: d.id,
    channelId: d.channelId,
    channelName: d.channelName,
    channelType: d.channelType,
    recipient: d.recipient,
    event: d.event as NotificationType,
    roomId: d.roomId,
    summary: summaryOf(d.body as NotificationBody),
    state: d.state,
    attemptCount: d.attempts,
    nextAttemptAt: finished ? null : d.nextAttemptAt.toISOString(),
    createdAt: d.createdAt.toISOString(),
    sentAt: d.sentAt?.toISOString() ?? null,
    attempts: attempts.map(attemptView),
  };
}
