// /roles/:id/assignments: one role's assignments, each a name, members (groupIds, userIds),
// a room scope (allRooms, or siteIds, roomGroupIds and roomIds) and emailNotifications.
// Roles: View to read, Roles: Modify to add, change and remove. PUT replaces an assignment
// (what it omits takes its default: no members, no rooms, no emails; `name` keeps its
// value); PATCH changes only what it names; both take what GET answered.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AssignmentView } from '@roomwarden/protocol';
import type { AssignmentsService } from '../directory/assignments.service.ts';
import { acceptingReadBack, idParam, pageQuery } from './schemas.ts';

const VIEW = { permission: { area: 'roles', level: 'view' } } as const;
const MODIFY = { permission: { area: 'roles', level: 'modify' } } as const;

const ids = z.array(z.uuid({ message: 'must be a UUID' })).max(1000);
const name = z.string().trim().min(1).max(100);
const scopeFull = z.object({ allRooms: z.boolean().default(false), siteIds: ids.default([]), roomGroupIds: ids.default([]), roomIds: ids.default([]) }).strict();
const scopePartial = z.object({ allRooms: z.boolean().optional(), siteIds: ids.optional(), roomGroupIds: ids.optional(), roomIds: ids.optional() }).strict();

const fullFields = {
  name: name.optional(),
  groupIds: ids.default([]),
  userIds: ids.default([]),
  scope: scopeFull.default({ allRooms: false, siteIds: [], roomGroupIds: [], roomIds: [] }),
  emailNotifications: z.boolean().default(false),
};
const partialFields = { name: name.optional(), groupIds: ids.optional(), userIds: ids.optional(), scope: scopePartial.optional(), emailNotifications: z.boolean().optional() };
const READ_ONLY = ['id', 'createdAt', 'updatedAt'] as const;

/** An item of a role's `assignments` (POST/PUT/PATCH /roles): `id` names one to keep, none makes a new one. */
export const assignmentItem = acceptingReadBack<AssignmentView>()(z.object({ ...partialFields, id: z.uuid({ message: 'must be a UUID' }).optional() }).strict(), ['createdAt', 'updatedAt']);

const create = z.object(fullFields).strict();
const replace = acceptingReadBack<AssignmentView>()(z.object(fullFields).strict(), READ_ONLY);
const change = acceptingReadBack<AssignmentView>()(z.object(partialFields).strict(), READ_ONLY);
const params = z.object({ id: idParam.shape.id, assignmentId: z.uuid({ message: 'must be a UUID' }) }).strict();

export function assignmentsRoutes(assignments: AssignmentsService) {
  return async (fastify: FastifyInstance): Promise<void> => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get('/roles/:id/assignments', { config: VIEW, schema: { tags: ['roles'], summary: "A role's assignments, by name", params: idParam, querystring: z.object(pageQuery).strict() } }, async (request) =>
      assignments.list(request.params.id, request.query),
    );
    app.post('/roles/:id/assignments', { config: MODIFY, schema: { tags: ['roles'], summary: 'Add an assignment to a role', params: idParam, body: create } }, async (request, reply) =>
      reply.status(201).send(await assignments.create(request.caller, request.params.id, request.body)),
    );
    app.get('/roles/:id/assignments/:assignmentId', { config: VIEW, schema: { tags: ['roles'], summary: 'One assignment of a role', params } }, async (request) =>
      assignments.get(request.params.id, request.params.assignmentId),
    );
    app.put('/roles/:id/assignments/:assignmentId', { config: MODIFY, schema: { tags: ['roles'], summary: 'Replace an assignment', params, body: replace } }, async (request) =>
      assignments.update(request.caller, request.params.id, request.params.assignmentId, request.body),
    );
    app.patch('/roles/:id/assignments/:assignmentId', { config: MODIFY, schema: { tags: ['roles'], summary: 'Change part of an assignment', params, body: change } }, async (request) =>
      assignments.update(request.caller, request.params.id, request.params.assignmentId, request.body),
    );
    app.delete('/roles/:id/assignments/:assignmentId', { config: MODIFY, schema: { tags: ['roles'], summary: 'Remove an assignment from a role', params }, }, async (request, reply) => {
      await assignments.delete(request.caller, request.params.id, request.params.assignmentId);
      return reply.status(204).send();
    });
  };
}
