// The relay's two ends: the viewer (noVNC in the portal, a WebSocket) and the agent's data
// connection (a WebSocket, or an HTTP Upgrade to a raw byte stream: agent-data-upgrade.ts).
// The one-time ticket in the query string is the credential; it is checked before the
// upgrade, so a bad ticket is an HTTP error and never an open socket. A request that is
// not an upgrade this side speaks is refused before its ticket is spent.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RELAY_RAW_UPGRADE } from '@roomwarden/protocol';
import { invalid } from '../errors.ts';
import { SESSION_COOKIE } from '../http/request-context.ts';
import { acceptRawUpgrade, dataUpgradeKind } from '../sessions/agent-data-upgrade.ts';
import type { Admission, SessionSupervisor } from '../sessions/session-supervisor.ts';
import type { TicketSide } from '../sessions/ticket-store.ts';
import { idParam } from './schemas.ts';

/** `transports` is the list the server offered in the agent's relayUrl (RELAY_TRANSPORTS_PARAM); it comes back with the URL. */
const ticketQuery = z.object({ ticket: z.string().min(1).max(200), transports: z.string().max(100).optional() }).strict();

declare module 'fastify' {
  interface FastifyRequest {
    sessionAdmission?: Admission;
  }
}

export function sessionRelayRoutes(supervisor: SessionSupervisor) {
  return async (fastify: FastifyInstance): Promise<void> => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    for (const side of ['viewer', 'agent'] as const satisfies readonly TicketSide[]) {
      app.get(
        `/sessions/:id/${side}`,
        {
          websocket: true,
          config: { permission: 'agent' },
          schema: { params: idParam, querystring: ticketQuery },
          preHandler: async (request, reply) => {
            const transport = dataUpgradeKind(request.headers);
            if (transport === undefined || (transport === 'raw' && side === 'viewer')) {
              throw invalid('upgrade', `The ${side} side is ${side === 'viewer' ? 'a WebSocket upgrade' : `a WebSocket or ${RELAY_RAW_UPGRADE} upgrade`}`);
            }
            const { id } = request.params as z.infer<typeof idParam>;
            const { ticket } = request.query as z.infer<typeof ticketQuery>;
            const admission = await supervisor.admit(side, id, ticket, side === 'viewer' ? request.cookies[SESSION_COOKIE] : undefined);
            if (transport === 'raw') {
              reply.hijack();
              supervisor.attach(admission, acceptRawUpgrade(request.raw, reply.raw), 'raw');
              return;
            }
            request.sessionAdmission = admission;
          },
        },
        (socket, request) => supervisor.attach(request.sessionAdmission!, socket),
      );
    }
  };
}
