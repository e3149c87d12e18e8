// Request logs: one line per request, at debug (ROOMWARDEN_LOG_REQUESTS=true: at info),
// instead of Fastify's two info lines per request. One-time credentials in a URL (the
// session relay's `?ticket=`, the sign-in callback's `?code=`) never reach a log line.
import type { FastifyInstance, FastifyServerOptions } from 'fastify';

const SECRET_PARAMS = /([?&](?:ticket|code)=)[^&#]*/gi;

/** The URL with the values of its one-time credentials replaced. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_PARAMS, '$1[redacted]');
}

/** Fastify's logger options: the level, and a `req` serializer that redacts the URL wherever a request is logged. */
export function loggerOptions(level: string, override?: boolean | object): FastifyServerOptions['logger'] {
  if (override === false) return false;
  const base = typeof override === 'object' ? override : { level };
  return {
    ...base,
    serializers: {
      req: (req: { method?: string; url?: string; ip?: string }) => ({ method: req.method, url: redactUrl(req.url ?? ''), remoteAddress: req.ip }),
    },
  };
}

export function installRequestLogging(app: FastifyInstance, opts: { atInfo: boolean }): void {
  app.addHook('onResponse', async (request, reply) => {
    const line = { method: request.method, url: redactUrl(request.url), statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime), ip: request.ip };
    if (opts.atInfo) request.log.info(line, 'request');
    else request.log.debug(line, 'request');
  });
}
