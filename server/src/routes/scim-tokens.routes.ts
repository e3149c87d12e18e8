import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ScimTokenService } from '../sso/scim-token.service.ts';
import { idParam, pageQuery } from './schemas.ts';

export function scimTokenRoutes(tokens: ScimTokenService) {
  return async (fastify: FastifyInstance): Promise<void> => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.post(
      '/scim-tokens',
      {
        config: { permission: { area: 'directory', level: 'modify' } },
        schema: {
          tags: ['scim'],
          summary: 'Create a SCIM provisioning token for an identity provider (shown once)',
          body: z.object({ label: z.string().trim().min(1).max(100) }).strict(),
        },
      },
      async (request, reply) => reply.status(201).send(await tokens.create(request.caller, request.body)),
    );
    app.get(
      '/scim-tokens',
      { config: { permission: { area: 'directory', level: 'view' } }, schema: { tags: ['scim'], summary: 'SCIM provisioning tokens (never the secret)', querystring: z.object(pageQuery).strict() } },
      async (request) => tokens.list(request.query.limit, request.query.cursor),
    );
    app.delete(
      '/scim-tokens/:id',
      { config: { permission: { area: 'directory', level: 'modify' } }, schema: { tags: ['scim'], summary: 'Revoke a SCIM token', params: idParam } },
      async (request, reply) => {
        await tokens.revoke(request.caller, request.params.id);
        return reply.status(204).send();
      },
    );
  };
}
