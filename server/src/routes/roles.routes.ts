// /roles: Roles: View to read, Modify to create, edit and delete. PUT replaces the
// role's fields (assignments and scope default to empty); PATCH changes only what it names.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { permissionsSchema, type RoleView } from '@roomwarden/protocol';
import type { RolesService } from '../directory/roles.service.ts';
import { acceptingReadBack, idParam } from './schemas.ts';
import { listQuery } from './users.routes.ts';

const VIEW = { permission: { area: 'roles', level: 'view' } } as const;
const MODIFY = { permission: { area: 'roles', level: 'modify' } } as const;

const ids = z.array(z.uuid({ message: 'must be a UUID' })).max(1000);
const assignments = z.object({ groupIds: ids.default([]), userIds: ids.default([]) }).strict();
const scope = z.object({ allRooms: z.boolean().default(false), siteIds: ids.default([]), roomIds: ids.default([]) }).strict();
const full = z
  .object({
    name: z.string().trim().min(1).max(100),
    description: z.string().max(1000).default(''),
    permissions: permissionsSchema,
    assignments: assignments.default({ groupIds: [], userIds: [] }),
    scope: scope.default({ allRooms: false, siteIds: [], roomIds: [] }),
  })
  .strict();
const partial = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    description: z.string().max(1000).optional(),
    permissions: permissionsSchema.optional(),
    assignments: z.object({ groupIds: ids.optional(), userIds: ids.optional() }).strict().optional(),
    scope: z.object({ allRooms: z.boolean().optional(), siteIds: ids.optional(), roomIds: ids.optional() }).strict().optional(),
  })
  .strict();

// PUT and PATCH also take what GET /roles/:id answered (its read-only fields are dropped).
const ROLE_READ_ONLY = ['id', 'builtIn', 'builtInKind', 'createdAt', 'updatedAt'] as const;
const replace = acceptingReadBack<RoleView>()(full, ROLE_READ_ONLY);
const change = acceptingReadBack<RoleView>()(partial, ROLE_READ_ONLY);

export function rolesRoutes(roles: RolesService) {
  return async (fastify: FastifyInstance): Promise<void> => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get('/roles', { config: VIEW, schema: { tags: ['roles'], summary: 'Roles, by name', querystring: listQuery } }, async (request) => roles.list(request.query));
    app.post('/roles', { config: MODIFY, schema: { tags: ['roles'], summary: 'Create a role', body: full } }, async (request, reply) =>
      reply.status(201).send(await roles.create(request.caller, request.body)),
    );
    app.get('/roles/:id', { config: VIEW, schema: { tags: ['roles'], summary: 'A role', params: idParam } }, async (request) => roles.get(request.params.id));
    app.put('/roles/:id', { config: MODIFY, schema: { tags: ['roles'], summary: 'Replace a role', params: idParam, body: replace } }, async (request) =>
      roles.update(request.caller, request.params.id, request.body),
    );
    app.patch('/roles/:id', { config: MODIFY, schema: { tags: ['roles'], summary: 'Change part of a role', params: idParam, body: change } }, async (request) =>
      roles.update(request.caller, request.params.id, request.body),
    );
    app.delete('/roles/:id', { config: MODIFY, schema: { tags: ['roles'], summary: 'Delete a custom role', params: idParam } }, async (request, reply) => {
      await roles.delete(request.caller, request.params.id);
      return reply.status(204).send();
    });
  };
}
