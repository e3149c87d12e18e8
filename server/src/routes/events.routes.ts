import type { FastifyInstance } from 'fastify';
import type { EventsService, LiveMessage } from '../services/events.service.ts';

/** Server-Sent Events: `event: <type>`, `id: <n>`, `data: <json>`; a comment line as keep-alive. */
function format(message: LiveMessage): string {
  if (message.kind === 'keepalive') return ': keep-alive\n\n';
  return `id: ${message.id}\nevent: ${message.event.type}\ndata: ${JSON.stringify(message.event)}\n\n`;
}

export function eventsRoutes(events: EventsService) {
  return async (app: FastifyInstance): Promise<void> => {
    const open = new Set<() => void>();
    // Streams never end by themselves: end them before the server waits for its connections.
    app.addHook('preClose', async () => {
      for (const end of [...open]) end();
    });
    app.get(
      '/events',
      { config: { permission: 'authenticated' }, schema: { tags: ['events'], summary: 'Live events (Server-Sent Events): room status, incidents, sessions of the rooms you may see' } },
      async (request, reply) => {
        const unsubscribe = await events.subscribe(request.ctx.principal, (message) => reply.raw.write(format(message)));
        reply.hijack();
        reply.raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
        reply.raw.write('retry: 5000\n: connected\n\n');
        const end = (): void => {
          open.delete(end);
          unsubscribe();
          if (!reply.raw.writableEnded) reply.raw.end();
        };
        open.add(end);
        request.raw.on('close', end);
      },
    );
  };
}
