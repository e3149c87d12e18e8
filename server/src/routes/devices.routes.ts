import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DevicesService } from '../fleet/devices.service.ts';
import { idParam } from './schemas.ts';

export function devicesRoutes(devices: DevicesService) {
  return async (fastify: FastifyInstance): Promise<void> => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/rooms/:id/agent',
      { config: { permission: { area: 'rooms', level: 'view' } }, schema: { tags: ['agents'], summary: "The room's agent: device, version, platform, connection", params: idParam } },
      async (request) => devices.agentOf(request.caller, request.params.id),
    );
    app.post(
      '/rooms/:id/agent/revoke',
      { config: { permission: { area: 'rooms', level: 'modify' } }, schema: { tags: ['agents'], summary: "Revoke the room's agent (its connection closes at once)", params: idParam } },
      async (request, reply) => {
        await devices.revokeRoomAgent(request.caller, request.params.id);
        return reply.status(204).send();
      },
    );
    app.delete(
      '/devices/:id',
      { config: { permission: { area: 'rooms', level: 'modify' } }, schema: { tags: ['agents'], summary: 'Revoke a device (its connection closes at once)', params: idParam } },
      async (request, reply) => {
        await devices.revokeDevice(request.caller, request.params.id);
        return reply.status(204).send();
      },
    );
  };
}
