import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiTokenService } from '../auth/api-token.service.ts';
import { idParam, pageQuery } from './schemas.ts';

export function tokenRoutes(tokens: ApiTokenService) {
  return async (fastify: FastifyInstance): Promise<void> => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.post(
      '/tokens',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags: ['tokens'],
          summary: 'Create a personal API token (shown once)',
          body: z.object({ name: z.string().trim().min(1).max(100), expiresInDays: z.number().int().min(1).max(3650).optional() }).strict(),
        },
      },
      async (request, reply) => reply.status(201).send(await tokens.create(request.caller, request.body)),
    );
    app.get(
      '/tokens',
      { config: { permission: 'authenticated' }, schema: { tags: ['tokens'], summary: 'Your API tokens', querystring: z.object(pageQuery).strict() } },
      async (request) => tokens.list(request.caller, request.query.limit, request.query.cursor),
    );
    app.delete(
      '/tokens/:id',
      { config: { permission: 'authenticated' }, schema: { tags: ['tokens'], summary: 'Revoke an API token', params: idParam } },
      async (request, reply) => {
        await tokens.revoke(request.caller, request.params.id);
        return reply.status(204).send();
      },
    );
  };
}
