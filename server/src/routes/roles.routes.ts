// /roles: Roles: View to read, Modify to create, edit and delete. A role is its levels per
// area and its assignments (each: name, groupIds, userIds, scope, emailNotifications).
// POST creates a role with its first assignments in one request (the portal's wizard).
// `assignments` in POST, PUT and PATCH is the role's whole set: an item with the `id` of one
// of the role's assignments replaces it (what the item omits keeps its value), an item
// without `id` is a new assignment, and an assignment not in the list is removed. PUT
// replaces the role's fields (a missing `assignments` means none); PATCH changes only what
// it names (without `assignments` they stay). Both take what GET answered (read-only fields,
// the assignments' `createdAt` and `updatedAt` included, are dropped).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { permissionsSchema, type RoleView } from '@roomwarden/protocol';
import type { RolesService } from '../directory/roles.service.ts';
import { assignmentItem } from './assignments.routes.ts';
import { acceptingReadBack, idParam } from './schemas.ts';
import { listQuery } from './users.routes.ts';

const VIEW = { permission: { area: 'roles', level: 'view' } } as const;
const MODIFY = { permission: { area: 'roles', level: 'modify' } } as const;

const assignments = z.array(assignmentItem).max(1000);
const full = z
  .object({
    name: z.string().trim().min(1).max(100),
    description: z.string().max(1000).default(''),
    permissions: permissionsSchema,
    assignments: assignments.default([]),
  })
  .strict();
const partial = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    description: z.string().max(1000).optional(),
    permissions: permissionsSchema.optional(),
    assignments: assignments.optional(),
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
    app.post('/roles', { config: MODIFY, schema: { tags: ['roles'], summary: 'Create a role, with its first assignments', body: full } }, async (request, reply) =>
      reply.status(201).send(await roles.create(request.caller, request.body)),
    );
    app.get('/roles/:id', { config: VIEW, schema: { tags: ['roles'], summary: 'A role', params: idParam } }, async (request) => roles.get(request.params.id));
    app.put('/roles/:id', { config: MODIFY, schema: { tags: ['roles'], summary: 'Replace a role (its assignments: the whole set)', params: idParam, body: replace } }, async (request) =>
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
