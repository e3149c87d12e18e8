// Remote sessions' REST routes: start one on a room, list and read them, end one.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SessionsService } from '../sessions/sessions.service.ts';
import { displayNameSchema } from '@roomwarden/protocol';
import { idParam, pageQuery } from './schemas.ts';

/** DESIGN Remote session 1, 9, 10, 11: the mode, the display (default: the agent's first), a meeting override with its reason, a restart of the device at the end. */
const startBody = z
  .object({
    mode: z.enum(['control', 'view']),
    display: displayNameSchema.optional(),
    override: z.object({ reason: z.string().trim().min(1, 'give a reason to start during a meeting').max(500) }).strict().optional(),
    restartDeviceOnEnd: z.boolean().optional().describe('Restart the device when this session ends (needs roomActions Modify)'),
  })
  .strict();

const listQuery = z
  .object({
    ...pageQuery,
    state: z.enum(['live', 'ended', 'all']).default('all'),
    roomId: z.uuid({ message: 'must be a UUID' }).optional(),
    userId: z.uuid({ message: 'must be a UUID' }).optional(),
  })
  .strict();

export function sessionRoutes(sessions: SessionsService) {
  return async (fastify: FastifyInstance): Promise<void> => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.post(
      '/rooms/:id/sessions',
      {
        config: { permission: { area: 'remoteAccess', level: 'view' } },
        schema: {
          tags: ['sessions'],
          summary: 'Start a remote session on a room (answers the viewer WebSocket URL with a one-time ticket)',
          params: idParam,
          body: startBody,
        },
      },
      async (request, reply) => reply.status(201).send(await sessions.start(request.caller, request.params.id, request.body)),
    );
    app.get(
      '/rooms/:id/sessions',
      {
        config: { permission: { area: 'remoteAccess', level: 'view' } },
        schema: { tags: ['sessions'], summary: "A room's remote sessions", params: idParam, querystring: listQuery.omit({ roomId: true }) },
      },
      async (request) => {
        const { limit, cursor, ...filter } = request.query;
        return sessions.listForRoom(request.caller, request.params.id, filter, limit, cursor);
      },
    );
    app.get(
      '/sessions',
      {
        config: { permission: 'authenticated' },
        schema: { tags: ['sessions'], summary: 'Remote sessions in rooms you may see in remote access, and your own', querystring: listQuery },
      },
      async (request) => {
        const { limit, cursor, ...filter } = request.query;
        return sessions.list(request.caller, filter, limit, cursor);
      },
    );
    app.get(
      '/sessions/:id',
      { config: { permission: 'authenticated' }, schema: { tags: ['sessions'], summary: 'One remote session', params: idParam } },
      async (request) => sessions.get(request.caller, request.params.id),
    );
    app.delete(
      '/sessions/:id',
      {
        config: { permission: 'authenticated' },
        schema: { tags: ['sessions'], summary: 'End a remote session (your own, or with remote access modify on its room)', params: idParam },
      },
      async (request) => sessions.terminate(request.caller, request.params.id),
    );
  };
}
