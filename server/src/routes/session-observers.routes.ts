// Observers of a live remote session: join one to watch it (view-only, beside its controller).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ObserversService } from '../sessions/observers.service.ts';
import { idParam } from './schemas.ts';

export function sessionObserverRoutes(observers: ObserversService) {
  return async (fastify: FastifyInstance): Promise<void> => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.post(
      '/sessions/:id/observers',
      {
        config: { permission: { area: 'remoteAccess', level: 'view' } },
        schema: {
          tags: ['sessions'],
          summary: "Join a live session as an observer (Remote access View on its room): answers the observer's viewer WebSocket URL with a one-time ticket",
          params: idParam,
        },
      },
      async (request, reply) => reply.status(201).send(await observers.join(request.caller, request.params.id)),
    );
  };
}
