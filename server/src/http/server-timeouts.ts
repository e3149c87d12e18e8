// How long the HTTP server waits for a client. Without these a request whose body never
// finishes, or a connection that says nothing, holds a socket for ever. Event streams and
// WebSockets are long by design: the idle timeout is lifted on them (events.routes.ts; ws
// lifts it on an upgraded socket), and the request timeout ends with the request's last byte.
import type { ServerOptions } from 'node:http';
import type { Config } from '../config.ts';

export function serverTimeouts(timings: Config['timings']) {
  const { httpHeadersTimeoutMs, httpRequestTimeoutMs, httpKeepAliveTimeoutMs, httpIdleTimeoutMs } = timings;
  const node: ServerOptions = {
    headersTimeout: Math.min(httpHeadersTimeoutMs, httpRequestTimeoutMs),
    requestTimeout: httpRequestTimeoutMs,
    // How often Node checks the two above (its default, 30 s, would let a short timeout run long).
    connectionsCheckingInterval: Math.max(50, Math.min(5_000, Math.floor(httpHeadersTimeoutMs / 3))),
  };
  return {
    /** Fastify's own options (it sets them on the server it creates). */
    fastify: { requestTimeout: httpRequestTimeoutMs, keepAliveTimeout: httpKeepAliveTimeoutMs, connectionTimeout: httpIdleTimeoutMs },
    /** Node's http(s).createServer options. */
    node,
  };
}
