// /notification-channels: email, webhook, Teams and Slack channels (area settings: View to
// read, Modify to change); a webhook's signing secret is answered once, at creation and
// at rotation; /test sends a test notification through the channel.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { INCIDENT_SEVERITIES, NOTIFICATION_CHANNEL_TYPES, NOTIFICATION_EVENTS, roomScopeSpecSchema, type NotificationChannelView } from '@roomwarden/protocol';
import type { ChannelsService } from '../notifications/channels.service.ts';
import { acceptingReadBack, idParam, pageQuery } from './schemas.ts';

const VIEW = { permission: { area: 'settings', level: 'view' } } as const;
const MODIFY = { permission: { area: 'settings', level: 'modify' } } as const;

const fields = {
  name: z.string().trim().min(1).max(200),
  enabled: z.boolean(),
  events: z.array(z.enum(NOTIFICATION_EVENTS)).max(NOTIFICATION_EVENTS.length * 2),
  minSeverity: z.enum(INCIDENT_SEVERITIES),
  scope: roomScopeSpecSchema,
  addresses: z.array(z.string().trim().max(320)).max(100),
  url: z.string().trim().max(2000),
};

const createBody = z
  .object({ type: z.enum(NOTIFICATION_CHANNEL_TYPES), ...fields, enabled: fields.enabled.optional(), minSeverity: fields.minSeverity.optional(), scope: fields.scope.optional(), addresses: fields.addresses.optional(), url: fields.url.optional() })
  .strict();
/** PATCH and PUT: the writable fields (all optional), and what GET answered (`type` cannot change; it is read-only here). */
const changeBody = acceptingReadBack<NotificationChannelView>()(z.object(fields).partial().strict(), ['id', 'type', 'secretSet', 'createdAt', 'updatedAt']);

export function notificationChannelsRoutes(channels: ChannelsService) {
  return async (fastify: FastifyInstance): Promise<void> => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get('/notification-channels', { config: VIEW, schema: { tags: ['notifications'], summary: 'Notification channels, by name', querystring: z.object(pageQuery).strict() } }, async (request) =>
      channels.list(request.query),
    );
    app.post(
      '/notification-channels',
      { config: MODIFY, schema: { tags: ['notifications'], summary: 'Create a channel (a webhook answers its signing secret, once)', body: createBody } },
      async (request, reply) => reply.status(201).send(await channels.create(request.caller, request.body)),
    );
    app.get('/notification-channels/:id', { config: VIEW, schema: { tags: ['notifications'], summary: 'A channel', params: idParam } }, async (request) => channels.get(request.params.id));
    for (const method of ['patch', 'put'] as const) {
      app[method](
        '/notification-channels/:id',
        { config: MODIFY, schema: { tags: ['notifications'], summary: 'Change a channel (name, on/off, events, minimum severity, scope, addresses or URL)', params: idParam, body: changeBody } },
        async (request) => channels.update(request.caller, request.params.id, request.body),
      );
    }
    app.delete('/notification-channels/:id', { config: MODIFY, schema: { tags: ['notifications'], summary: 'Delete a channel and its deliveries', params: idParam } }, async (request, reply) => {
      await channels.delete(request.caller, request.params.id);
      return reply.status(204).send();
    });
    app.post(
      '/notification-channels/:id/rotate-secret',
      { config: MODIFY, schema: { tags: ['notifications'], summary: "A new signing secret for a webhook channel (answered once; the old one stops at once)", params: idParam } },
      async (request) => channels.rotateSecret(request.caller, request.params.id),
    );
    app.post(
      '/notification-channels/:id/test',
      { config: MODIFY, schema: { tags: ['notifications'], summary: 'Send a test notification through the channel; answers its delivery', params: idParam } },
      async (request, reply) => reply.status(202).send(await channels.test(request.caller, request.params.id)),
    );
    app.post(
      '/settings/notifications/test-email',
      { config: MODIFY, schema: { tags: ['notifications'], summary: 'Send a test email to one address through the SMTP settings; answers its delivery', body: z.object({ to: z.string().trim().min(1).max(320) }).strict() } },
      async (request, reply) => reply.status(202).send(await channels.testEmail(request.caller, request.body.to)),
    );
  };
}
