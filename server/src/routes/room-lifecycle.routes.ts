// Retiring a room and its maintenance window (Rooms: Modify on the room; reading the window
// needs only to see the room). A retired room is still read at GET /rooms/:id.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RoomView } from '@roomwarden/protocol';
import type { RoomMaintenanceService } from '../fleet/room-maintenance.service.ts';
import type { RoomRetirementService } from '../fleet/room-retirement.service.ts';
import type { RoomsService } from '../fleet/rooms.service.ts';
import { acceptingReadBack, idParam } from './schemas.ts';

const MODIFY = { permission: { area: 'rooms', level: 'modify' } } as const;

const maintenanceBody = acceptingReadBack<{ until: string; reason: string; active: boolean }>()(
  z.object({ until: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date and time' }), reason: z.string().trim().min(1).max(500) }).strict(),
  ['active'],
);

export function roomLifecycleRoutes(rooms: RoomsService, retirement: RoomRetirementService, maintenance: RoomMaintenanceService) {
  return async (fastify: FastifyInstance): Promise<void> => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.post(
      '/rooms/:id/retire',
      { config: MODIFY, schema: { tags: ['rooms'], summary: 'Retire a room: it leaves the lists, its agent is revoked, its history stays', params: idParam } },
      async (request): Promise<RoomView> => retirement.retire(request.caller, request.params.id),
    );
    app.get(
      '/rooms/:id/maintenance',
      { config: { permission: 'authenticated' }, schema: { tags: ['rooms'], summary: "The room's maintenance window (until and reason are null when none runs)", params: idParam } },
      async (request) => rooms.maintenance(request.caller, request.params.id),
    );
    app.put(
      '/rooms/:id/maintenance',
      { config: MODIFY, schema: { tags: ['rooms'], summary: 'Set a maintenance window: new incidents of the room are muted until then', params: idParam, body: maintenanceBody } },
      async (request) => maintenance.set(request.caller, request.params.id, request.body),
    );
    app.delete('/rooms/:id/maintenance', { config: MODIFY, schema: { tags: ['rooms'], summary: 'End the maintenance window now', params: idParam } }, async (request, reply) => {
      await maintenance.clear(request.caller, request.params.id);
      return reply.status(204).send();
    });
  };
}
