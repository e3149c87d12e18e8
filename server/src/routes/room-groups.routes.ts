// /room-groups: named sets of rooms. Reading is for any signed-in user ("authenticated"):
// a group's `roomIds` and its /rooms list only the rooms the caller can view. Creating,
// changing and deleting a group and its rooms need Rooms: Modify on all rooms (declared
// here as Rooms: Modify; the service checks "all rooms"). PUT replaces the name and
// description (and, when given, the set of rooms); PATCH changes what it names; both take
// what GET answered. A duplicate name is a 409.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RoomGroupView } from '@roomwarden/protocol';
import type { RoomGroupsService } from '../fleet/room-groups.service.ts';
import { acceptingReadBack, idParam, pageQuery } from './schemas.ts';
import { listQuery } from './users.routes.ts';

const READ = { permission: 'authenticated' } as const;
const MODIFY = { permission: { area: 'rooms', level: 'modify' } } as const;

const uuid = z.uuid({ message: 'must be a UUID' });
const name = z.string().trim().min(1).max(200);
const description = z.string().max(1000);
const roomIds = z.array(uuid).max(10000);
const READ_ONLY = ['id', 'roomCount', 'createdAt', 'updatedAt'] as const;
const create = z.object({ name, description: description.default(''), roomIds: roomIds.default([]) }).strict();
const replace = acceptingReadBack<RoomGroupView>()(z.object({ name, description: description.default(''), roomIds: roomIds.optional() }).strict(), READ_ONLY);
const change = acceptingReadBack<RoomGroupView>()(z.object({ name: name.optional(), description: description.optional(), roomIds: roomIds.optional() }).strict(), READ_ONLY);
const roomParams = z.object({ id: uuid, roomId: uuid }).strict();

export function roomGroupsRoutes(groups: RoomGroupsService) {
  return async (fastify: FastifyInstance): Promise<void> => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get('/room-groups', { config: READ, schema: { tags: ['rooms'], summary: 'Room groups, by name; `q` searches name and description', querystring: listQuery } }, async (request) =>
      groups.list(request.caller, request.query),
    );
    app.post('/room-groups', { config: MODIFY, schema: { tags: ['rooms'], summary: 'Create a room group', body: create } }, async (request, reply) =>
      reply.status(201).send(await groups.create(request.caller, request.body)),
    );
    app.get('/room-groups/:id', { config: READ, schema: { tags: ['rooms'], summary: 'A room group', params: idParam } }, async (request) => groups.get(request.caller, request.params.id));
    app.put('/room-groups/:id', { config: MODIFY, schema: { tags: ['rooms'], summary: 'Replace a room group', params: idParam, body: replace } }, async (request) =>
      groups.update(request.caller, request.params.id, request.body),
    );
    app.patch('/room-groups/:id', { config: MODIFY, schema: { tags: ['rooms'], summary: 'Change a room group', params: idParam, body: change } }, async (request) =>
      groups.update(request.caller, request.params.id, request.body),
    );
    app.delete('/room-groups/:id', { config: MODIFY, schema: { tags: ['rooms'], summary: 'Delete a room group (its rooms stay)', params: idParam } }, async (request, reply) => {
      await groups.delete(request.caller, request.params.id);
      return reply.status(204).send();
    });
    app.get('/room-groups/:id/rooms', { config: READ, schema: { tags: ['rooms'], summary: "The group's rooms that you can view", params: idParam, querystring: z.object(pageQuery).strict() } }, async (request) =>
      groups.rooms(request.caller, request.params.id, request.query),
    );
    app.post(
      '/room-groups/:id/rooms',
      { config: MODIFY, schema: { tags: ['rooms'], summary: 'Add a room to the group (201 when added, 200 when already in it)', params: idParam, body: z.object({ roomId: uuid }).strict() } },
      async (request, reply) => {
        const r = await groups.addRoom(request.caller, request.params.id, request.body.roomId);
        return reply.status(r.added ? 201 : 200).send(r.group);
      },
    );
    app.delete('/room-groups/:id/rooms/:roomId', { config: MODIFY, schema: { tags: ['rooms'], summary: 'Remove a room from the group', params: roomParams } }, async (request, reply) => {
      await groups.removeRoom(request.caller, request.params.id, request.params.roomId);
      return reply.status(204).send();
    });
  };
}
