// /users: the directory's local accounts (Users & groups: View to read, Modify to change).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { UsersService } from '../directory/users.service.ts';
import type { UserView } from '@roomwarden/protocol';
import { acceptingReadBack, idParam, pageQuery } from './schemas.ts';

const VIEW = { permission: { area: 'directory', level: 'view' } } as const;
const MODIFY = { permission: { area: 'directory', level: 'modify' } } as const;

const email = z.email({ message: 'must be an email address' }).max(254);
const displayName = z.string().trim().min(1).max(200);
const password = z.string().max(256);
const externalId = z.string().trim().min(1).max(300).nullable();
export const listQuery = z.object({ ...pageQuery, q: z.string().max(200).optional() }).strict();

export function usersRoutes(users: UsersService) {
  return async (fastify: FastifyInstance): Promise<void> => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get('/users', { config: VIEW, schema: { tags: ['directory'], summary: 'Users, by email; `q` searches email and name', querystring: listQuery } }, async (request) =>
      users.list(request.query),
    );
    app.post(
      '/users',
      {
        config: MODIFY,
        schema: {
          tags: ['directory'],
          summary: 'Create a local user (password optional, at least 12 characters)',
          body: z.object({ email, displayName, password: password.optional(), externalId: externalId.optional() }).strict(),
        },
      },
      async (request, reply) => reply.status(201).send(await users.create(request.caller, request.body)),
    );
    app.get('/users/:id', { config: VIEW, schema: { tags: ['directory'], summary: 'A user', params: idParam } }, async (request) => users.get(request.params.id));
    app.get(
      '/users/:id/groups',
      { config: VIEW, schema: { tags: ['directory'], summary: "A user's groups, by name", params: idParam, querystring: z.object(pageQuery).strict() } },
      async (request) => users.groupsOf(request.params.id, request.query),
    );
    app.patch(
      '/users/:id',
      {
        config: MODIFY,
        schema: {
          tags: ['directory'],
          summary: 'Edit, disable or re-enable a user (disabling ends their sessions and API tokens at once)',
          params: idParam,
          body: acceptingReadBack<UserView>()(
            z.object({ email: email.optional(), displayName: displayName.optional(), password: password.optional(), disabled: z.boolean().optional(), externalId: externalId.optional() }).strict(),
            ['id', 'source', 'createdAt', 'lastLoginAt'],
          ),
        },
      },
      async (request) => users.update(request.caller, request.params.id, request.body),
    );
    app.delete('/users/:id', { config: MODIFY, schema: { tags: ['directory'], summary: 'Delete a user', params: idParam } }, async (request, reply) => {
      await users.delete(request.caller, request.params.id);
      return reply.status(204).send();
    });
  };
}
