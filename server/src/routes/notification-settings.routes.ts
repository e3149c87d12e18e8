// Settings > Notifications: the SMTP server (password write-only), and the deliveries of
// every notification with their attempts.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DELIVERY_STATES, NOTIFICATION_TYPES, type NotificationSettingsView } from '@roomwarden/protocol';
import type { DeliveriesService } from '../notifications/deliveries.service.ts';
import { smtpInput, type NotificationSettingsService } from '../notifications/notification-settings.service.ts';
import { acceptingReadBack, pageQuery } from './schemas.ts';

const VIEW = { permission: { area: 'settings', level: 'view' } } as const;
const MODIFY = { permission: { area: 'settings', level: 'modify' } } as const;

const settingsWrite = acceptingReadBack<NotificationSettingsView>()(z.object({ smtp: smtpInput.optional() }).strict(), ['updatedAt']);

const deliveriesQuery = z
  .object({
    ...pageQuery,
    channelId: z.uuid({ message: 'must be a UUID' }).optional(),
    state: z.enum(DELIVERY_STATES).optional(),
    event: z.enum(NOTIFICATION_TYPES).optional(),
  })
  .strict();

export function notificationSettingsRoutes(settings: NotificationSettingsService, deliveries: DeliveriesService) {
  return async (fastify: FastifyInstance): Promise<void> => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get('/settings/notifications', { config: VIEW, schema: { tags: ['notifications'], summary: 'The SMTP server email notifications go through (the password is never answered)' } }, async () =>
      settings.get(),
    );
    app.put(
      '/settings/notifications',
      { config: MODIFY, schema: { tags: ['notifications'], summary: 'Change the SMTP settings (a body without password keeps it; "" clears it)', body: settingsWrite } },
      async (request) => settings.update(request.caller, request.body),
    );
    app.get(
      '/notification-deliveries',
      { config: VIEW, schema: { tags: ['notifications'], summary: 'Every notification sent or to send, newest first, with its attempts and answers', querystring: deliveriesQuery } },
      async (request) => deliveries.list(request.query),
    );
  };
}
