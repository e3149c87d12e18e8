// /groups and their members (Users & groups: View to read, Modify to change).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { GroupsService } from '../directory/groups.service.ts';
import type { GroupView } from '@roomwarden/protocol';
import { acceptingReadBack, idParam } from './schemas.ts';
import { listQuery } from './users.routes.ts';

const VIEW = { permission: { area: 'directory', level: 'view' } } as const;
const MODIFY = { permission: { area: 'directory', level: 'modify' } } as const;

const fields = {
  displayName: z.string().trim().min(1).max(200),
  description: z.string().max(1000).optional(),
  externalId: z.string().trim().min(1).max(300).nullable().optional(),
};
const memberParams = z.object({ id: z.uuid({ message: 'must be a UUID' }), userId: z.uuid({ message: 'must be a UUID' }) }).strict();

export function groupsRoutes(groups: GroupsService) {
  return async (fastify: FastifyInstance): Promise<void> => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get('/groups', { config: VIEW, schema: { tags: ['directory'], summary: 'Groups, by name, with member counts', querystring: listQuery } }, async (request) =>
      groups.list(request.query),
    );
    app.post(
      '/groups',
      { config: MODIFY, schema: { tags: ['directory'], summary: 'Create a security group', body: z.object(fields).strict() } },
      async (request, reply) => reply.status(201).send(await groups.create(request.caller, request.body)),
    );
    app.get('/groups/:id', { config: VIEW, schema: { tags: ['directory'], summary: 'A group with its member count', params: idParam } }, async (request) =>
      groups.get(request.params.id),
    );
    app.patch(
      '/groups/:id',
      { config: MODIFY, schema: { tags: ['directory'], summary: 'Edit a group', params: idParam, body: acceptingReadBack<GroupView>()(z.object({ ...fields, displayName: fields.displayName.optional() }).strict(), ['id', 'memberCount', 'createdAt', 'updatedAt']) } },
      async (request) => groups.update(request.caller, request.params.id, request.body),
    );
    app.delete('/groups/:id', { config: MODIFY, schema: { tags: ['directory'], summary: 'Delete a group', params: idParam } }, async (request, reply) => {
      await groups.delete(request.caller, request.params.id);
      return reply.status(204).send();
    });
    app.get('/groups/:id/members', { config: VIEW, schema: { tags: ['directory'], summary: 'Members of a group', params: idParam, querystring: listQuery } }, async (request) =>
      groups.members(request.params.id, request.query),
    );
    app.post(
      '/groups/:id/members',
      { config: MODIFY, schema: { tags: ['directory'], summary: 'Add a member (201 when added, 200 when already one)', params: idParam, body: z.object({ userId: z.uuid({ message: 'must be a UUID' }) }).strict() } },
      async (request, reply) => {
        const r = await groups.addMember(request.caller, request.params.id, request.body.userId);
        return reply.status(r.added ? 201 : 200).send(r.user);
      },
    );
    app.delete('/groups/:id/members/:userId', { config: MODIFY, schema: { tags: ['directory'], summary: 'Remove a member', params: memberParams } }, async (request, reply) => {
      await groups.removeMember(request.caller, request.params.id, request.params.userId);
      return reply.status(204).send();
    });
  };
}
