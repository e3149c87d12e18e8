import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { sendError } from '../http/error-handler.ts';

export function opsRoutes(deps: { ping: () => Promise<void>; metrics: Registry; ready: () => boolean }) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/healthz', { config: { permission: 'public' }, schema: { tags: ['operations'], summary: 'The process is up' } }, async () => ({ status: 'ok' }));
    app.get('/readyz', { config: { permission: 'public' }, schema: { tags: ['operations'], summary: 'The database answers and start-up finished' } }, async (request, reply) => {
      if (!deps.ready()) return sendError(reply, 'SERVICE_UNAVAILABLE', 'Starting up');
      try {
        await deps.ping();
        return { status: 'ready' };
      } catch (err) {
        request.log.warn({ err }, 'readiness: database unreachable');
        return sendError(reply, 'SERVICE_UNAVAILABLE', 'The database is not reachable');
      }
    });
    app.get('/metrics', { config: { permission: 'public' }, schema: { tags: ['operations'], summary: 'Prometheus metrics', hide: false } }, async (_request, reply) => {
      void reply.header('content-type', deps.metrics.contentType);
      return deps.metrics.metrics();
    });
  };
}
