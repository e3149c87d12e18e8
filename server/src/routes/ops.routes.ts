import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { sendError } from '../http/error-handler.ts';
import { bearerMatches } from '../http/bearer.ts';

export function opsRoutes(deps: { ping: () => Promise<void>; busProblem: () => string | undefined; metrics: Registry; ready: () => boolean; metricsToken: string | undefined }) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/healthz', { config: { permission: 'public' }, schema: { tags: ['operations'], summary: 'The process is up' } }, async () => ({ status: 'ok' }));
    app.get('/readyz', { config: { permission: 'public' }, schema: { tags: ['operations'], summary: 'The database answers, the cluster bus (NATS) is connected, and start-up finished' } }, async (request, reply) => {
      if (!deps.ready()) return sendError(reply, 'SERVICE_UNAVAILABLE', 'Starting up');
      const busProblem = deps.busProblem();
      if (busProblem !== undefined) return sendError(reply, 'SERVICE_UNAVAILABLE', busProblem);
      try {
        await deps.ping();
        return { status: 'ready' };
      } catch (err) {
        request.log.warn({ err }, 'readiness: database unreachable');
        return sendError(reply, 'SERVICE_UNAVAILABLE', 'The database is not reachable');
      }
    });
    app.get('/metrics', { config: { permission: 'public' }, schema: { tags: ['operations'], summary: 'Prometheus metrics (a bearer token when ROOMWARDEN_METRICS_TOKEN is set)', hide: false } }, async (request, reply) => {
      if (deps.metricsToken !== undefined && !bearerMatches(request.headers.authorization, deps.metricsToken)) {
        void reply.header('www-authenticate', 'Bearer realm="metrics"');
        return sendError(reply, 'NOT_AUTHENTICATED', 'This server needs its metrics token (Authorization: Bearer …) for /metrics');
      }
      void reply.header('content-type', deps.metrics.contentType);
      return deps.metrics.metrics();
    });
  };
}
