import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { EventsService, LiveMessage } from '../live-events/live-events.service.ts';

const MAX_BUFFERED_BYTES = 1024 * 1024;

/** Server-Sent Events: `event: <type>`, `id: <n>`, `data: <json>`; a comment line as keep-alive. */
function format(message: Exclude<LiveMessage, { kind: 'end' }>): string {
  if (message.kind === 'keepalive') return ': keep-alive\n\n';
  return `id: ${message.id}\nevent: ${message.event.type}\ndata: ${JSON.stringify(message.event)}\n\n`;
}

export function eventsRoutes(events: EventsService) {
  return async (fastify: FastifyInstance): Promise<void> => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/events',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags: ['events'],
          summary: 'Live events (Server-Sent Events): room status, incidents, sessions of the rooms you may see (a few streams per user at once; the next is 429)',
          // For proxies that cut long responses: end the stream after this long (EventSource reconnects by itself).
          querystring: z.object({ maxSeconds: z.coerce.number().int().min(0).max(86_400).optional() }).strict(),
        },
      },
      async (request, reply) => {
        let end = (): void => undefined;
        const unsubscribe = await events.subscribe(request.caller.principal, (message) => {
          if (message.kind === 'end') end();
          else if (reply.raw.headersSent) {
            reply.raw.write(format(message));
            // A subscriber that does not read is cut off (its EventSource reconnects) rather than buffered without end.
            if (reply.raw.writableLength > MAX_BUFFERED_BYTES) end();
          }
        });
        // A stream is quiet between events and keep-alives: the server's idle timeout does not apply to it.
        // (An injected request's socket has no timeout to lift.)
        if (typeof request.raw.socket.setTimeout === 'function') request.raw.socket.setTimeout(0);
        reply.hijack();
        reply.raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
        reply.raw.write('retry: 5000\n: connected\n\n');
        end = (): void => {
          unsubscribe();
          if (!reply.raw.writableEnded) reply.raw.end();
        };
        request.raw.on('close', end);
        const { maxSeconds } = request.query;
        if (maxSeconds === 0) end();
        else if (maxSeconds !== undefined) setTimeout(end, maxSeconds * 1000).unref();
      },
    );
  };
}
