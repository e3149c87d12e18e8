// Room actions' REST routes: ask a room's agent to restart the device or the room app, and
// list what was asked and what came of it.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROOM_ACTIONS } from '@roomwarden/protocol';
import type { RoomActionsService } from '../room-actions/room-actions.service.ts';
import { idParam, pageQuery } from './schemas.ts';

export function roomActionRoutes(actions: RoomActionsService) {
  return async (fastify: FastifyInstance): Promise<void> => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.post(
      '/rooms/:id/actions',
      {
        config: { permission: { area: 'roomActions', level: 'modify' } },
        schema: {
          tags: ['room actions'],
          summary: "Ask the room's agent to run the command its configuration gives for an action (202: the pending action)",
          params: idParam,
          body: z.object({ action: z.enum(ROOM_ACTIONS) }).strict(),
        },
      },
      async (request, reply) => reply.status(202).send(await actions.run(request.caller, request.params.id, request.body.action)),
    );
    app.get(
      '/rooms/:id/actions',
      {
        config: { permission: { area: 'roomActions', level: 'view' } },
        schema: { tags: ['room actions'], summary: "A room's actions and their results, newest first", params: idParam, querystring: z.object(pageQuery).strict() },
      },
      async (request) => actions.listForRoom(request.caller, request.params.id, request.query.limit, request.query.cursor),
    );
  };
}
