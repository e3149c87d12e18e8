// Notifications: SMTP settings, channels, the outbox and its dispatcher, deliveries. The
// outbox (its writing side) is made first, from the database alone, because the modules that
// cause notifications (platform, fleet, sessions) write to it in their own transactions;
// the rest is built once the audit exists.
import { ChannelsService } from '../notifications/channels.service.ts';
import { DeliveriesService } from '../notifications/deliveries.service.ts';
import { NotificationDispatcher } from '../notifications/dispatcher.ts';
import { NotificationSettingsService } from '../notifications/notification-settings.service.ts';
import { NotificationOutbox } from '../notifications/outbox.ts';
import { DEFAULT_RETRY } from '../notifications/retry-policy.ts';
import { ChannelSenders } from '../notifications/senders.ts';
import type { AuditService } from '../platform/audit.service.ts';
import { NotificationChannelsRepository } from '../repositories/notification-channels.repository.ts';
import { NotificationOutboxRepository } from '../repositories/notification-outbox.repository.ts';
import { NotificationRecipientsRepository } from '../repositories/notification-recipients.repository.ts';
import type { SettingsRepository } from '../repositories/settings.repository.ts';
import { notificationChannelsRoutes } from '../routes/notification-channels.routes.ts';
import { notificationSettingsRoutes } from '../routes/notification-settings.routes.ts';
import type { Infrastructure } from './infrastructure.ts';
import type { FeatureModule } from './module.ts';

const DAY_MS = 24 * 60 * 60_000;

/** The outbox the other modules write to. */
export function notificationOutbox(infra: Infrastructure): NotificationOutbox {
  const { db } = infra;
  return new NotificationOutbox({ channels: new NotificationChannelsRepository(db), outbox: new NotificationOutboxRepository(db), recipients: new NotificationRecipientsRepository(db) });
}

export function notificationsModule(infra: Infrastructure, needs: { audit: AuditService; settingsRepo: SettingsRepository; outbox: NotificationOutbox }) {
  const { config, db, tx, log, secretBox } = infra;
  const t = config.timings;
  const channelsRepo = new NotificationChannelsRepository(db);
  const outboxRepo = new NotificationOutboxRepository(db);
  const settings = new NotificationSettingsService(needs.settingsRepo, tx, needs.audit, secretBox, (err) => log.warn({ err }, "the SMTP password does not open with this server's secrets key; enter it again"));
  const sender = new ChannelSenders({ channels: channelsRepo, smtp: () => settings.smtp(), secrets: secretBox, timeoutMs: t.notificationRequestTimeoutMs, userAgent: 'Roomwarden-Notifications/1' });
  const dispatcher = new NotificationDispatcher(
    { outbox: outboxRepo, tx, sender, log, onceInCluster: infra.onceInCluster },
    {
      nodeId: config.nodeId,
      pollMs: t.notificationPollMs,
      leaseMs: t.notificationLeaseMs,
      batch: 20,
      retry: { ...DEFAULT_RETRY, baseMs: t.notificationRetryBaseMs },
      retentionMs: 30 * DAY_MS,
      retentionSweepMs: 60 * 60_000,
    },
  );
  needs.outbox.onEnqueued(() => dispatcher.nudge());
  const channels = new ChannelsService({ channels: channelsRepo, deliveries: outboxRepo, outbox: needs.outbox, tx, audit: needs.audit, secrets: secretBox });
  const deliveries = new DeliveriesService(outboxRepo);
  const module: FeatureModule = {
    routes: [notificationSettingsRoutes(settings, deliveries), notificationChannelsRoutes(channels)],
    start: async () => dispatcher.start(),
  };
  return { module, dispatcher, settings };
}
