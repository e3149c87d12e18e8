// /sites: read with Rooms: View on some room; write with Rooms: Modify on all rooms
// (checked in the service). A site that still holds rooms cannot be deleted (409).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SitesService } from '../fleet/sites.service.ts';
import type { SiteView } from '@roomwarden/protocol';
import { acceptingReadBack, idParam } from './schemas.ts';
import { listQuery } from './users.routes.ts';

const VIEW = { permission: { area: 'rooms', level: 'view' } } as const;
const MODIFY = { permission: { area: 'rooms', level: 'modify' } } as const;
const name = z.string().trim().min(1).max(200);

export function sitesRoutes(sites: SitesService) {
  return async (fastify: FastifyInstance): Promise<void> => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get('/sites', { config: VIEW, schema: { tags: ['rooms'], summary: 'Sites, by name, with room counts', querystring: listQuery } }, async (request) =>
      sites.list(request.caller, request.query),
    );
    app.post('/sites', { config: MODIFY, schema: { tags: ['rooms'], summary: 'Create a site', body: z.object({ name }).strict() } }, async (request, reply) =>
      reply.status(201).send(await sites.create(request.caller, request.body)),
    );
    app.get('/sites/:id', { config: VIEW, schema: { tags: ['rooms'], summary: 'A site', params: idParam } }, async (request) => sites.get(request.caller, request.params.id));
    app.patch(
      '/sites/:id',
      { config: MODIFY, schema: { tags: ['rooms'], summary: 'Rename a site', params: idParam, body: acceptingReadBack<SiteView>()(z.object({ name: name.optional() }).strict(), ['id', 'roomCount', 'createdAt']) } },
      async (request) => sites.update(request.caller, request.params.id, request.body),
    );
    app.delete('/sites/:id', { config: MODIFY, schema: { tags: ['rooms'], summary: 'Delete a site that holds no rooms', params: idParam } }, async (request, reply) => {
      await sites.delete(request.caller, request.params.id);
      return reply.status(204).send();
    });
  };
}
