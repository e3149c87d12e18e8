// The relay's two WebSocket ends: the viewer (noVNC in the portal) and the agent's data
// connection. The one-time ticket in the query string is the credential; it is checked
// before the upgrade, so a bad ticket is an HTTP error and never an open socket.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SESSION_COOKIE } from '../http/request-context.ts';
import type { Admission, SessionSupervisor } from '../sessions/session-supervisor.ts';
import type { TicketSide } from '../sessions/ticket-store.ts';
import { idParam } from './schemas.ts';

const ticketQuery = z.object({ ticket: z.string().min(1).max(200) }).strict();

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
          preHandler: async (request) => {
            const { id } = request.params as z.infer<typeof idParam>;
            const { ticket } = request.query as z.infer<typeof ticketQuery>;
            request.sessionAdmission = await supervisor.admit(side, id, ticket, side === 'viewer' ? request.cookies[SESSION_COOKIE] : undefined);
          },
        },
        (socket, request) => supervisor.attach(request.sessionAdmission!, socket),
      );
    }
  };
}
