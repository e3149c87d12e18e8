// /rooms. Reading needs any level in any room area on the room ("authenticated" here,
// then the rooms service filters by the caller's grants: an invisible room is a 404 and
// never appears in a list). Writing needs Rooms: Modify on the room (on all rooms or on
// the site for a new room). /rooms/summary is a static path, so it never reaches /rooms/:id.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { roomStatusSchema, type RoomView } from '@roomwarden/protocol';
import type { RoomsService } from '../fleet/rooms.service.ts';
import { acceptingReadBack, idParam, pageQuery } from './schemas.ts';

const READ = { permission: 'authenticated' } as const;
const MODIFY = { permission: { area: 'rooms', level: 'modify' } } as const;

const fields = {
  name: z.string().trim().min(1).max(200),
  siteId: z.uuid({ message: 'must be a UUID' }).nullable().optional(),
  region: z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash, underscore').optional(),
  remoteAccessAllowed: z.boolean().optional(),
};

const ROOM_READ_ONLY = ['id', 'siteName', 'roomGroupIds', 'status', 'lastSeenAt', 'createdAt', 'updatedAt', 'myPermissions', 'retiredAt', 'maintenanceUntil', 'maintenanceReason'] as const;

const listQuery = z
  .object({
    ...pageQuery,
    q: z.string().max(200).optional(),
    status: roomStatusSchema.optional(),
    siteId: z.uuid({ message: 'must be a UUID' }).optional(),
    region: z.string().max(100).optional(),
    roomGroupId: z.uuid({ message: 'must be a UUID' }).optional(),
    sort: z.enum(['name', 'status', 'lastSeenAt']).default('name'),
    order: z.enum(['asc', 'desc']).default('asc'),
    /** true: the retired rooms (they leave the other lists). */
    retired: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  })
  .strict();

export function roomsRoutes(rooms: RoomsService) {
  return async (fastify: FastifyInstance): Promise<void> => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get('/rooms', { config: READ, schema: { tags: ['rooms'], summary: 'Rooms you can view, with your levels on each', querystring: listQuery } }, async (request) =>
      rooms.list(request.caller, request.query),
    );
    app.get('/rooms/summary', { config: READ, schema: { tags: ['rooms'], summary: 'Counts per status over the rooms you can view' } }, async (request) =>
      rooms.summary(request.caller),
    );
    app.post('/rooms', { config: MODIFY, schema: { tags: ['rooms'], summary: 'Create a room by hand', body: z.object(fields).strict() } }, async (request, reply) =>
      reply.status(201).send(await rooms.create(request.caller, request.body)),
    );
    app.get('/rooms/:id', { config: READ, schema: { tags: ['rooms'], summary: 'A room (404 if you cannot view it)', params: idParam } }, async (request) =>
      rooms.get(request.caller, request.params.id),
    );
    app.patch(
      '/rooms/:id',
      { config: MODIFY, schema: { tags: ['rooms'], summary: 'Edit a room', params: idParam, body: acceptingReadBack<RoomView>()(z.object({ ...fields, name: fields.name.optional() }).strict(), ROOM_READ_ONLY) } },
      async (request) => rooms.update(request.caller, request.params.id, request.body),
    );
    app.delete('/rooms/:id', { config: MODIFY, schema: { tags: ['rooms'], summary: 'Delete a room', params: idParam } }, async (request, reply) => {
      await rooms.delete(request.caller, request.params.id);
      return reply.status(204).send();
    });
  };
}
