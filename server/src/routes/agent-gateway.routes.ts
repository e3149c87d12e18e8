import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseDeviceAuthHeader } from '@roomwarden/protocol';
import { AppError } from '../errors.ts';
import type { AgentGateway } from '../gateway/agent-gateway.ts';
import type { DeviceWithRoom } from '../fleet/devices.service.ts';

/** Checks a device credential before the upgrade: a wrong one never becomes a WebSocket. */
export type DeviceAuthenticator = (header: string | undefined) => Promise<DeviceWithRoom>;

export function agentGatewayRoutes(gateway: AgentGateway, authenticate: DeviceAuthenticator) {
  return async (app: FastifyInstance): Promise<void> => {
    const authenticated = new WeakMap<FastifyRequest, DeviceWithRoom>();
    app.get(
      '/agent/connect',
      {
        websocket: true,
        config: { permission: 'agent' },
        schema: { tags: ['agents'], summary: 'Agent control connection (WebSocket; Authorization: Device <deviceId>:<secret>)' },
        preValidation: async (request) => {
          if (!request.ws) throw new AppError('VALIDATION_FAILED', 'This is a WebSocket endpoint');
          try {
            authenticated.set(request, await authenticate(request.headers.authorization));
          } catch (err) {
            const deviceId = parseDeviceAuthHeader(request.headers.authorization)?.deviceId.slice(0, 64) ?? null;
            request.log.warn({ deviceId, code: err instanceof AppError ? err.code : 'INTERNAL', ip: request.ip }, 'agent connection refused');
            throw err;
          }
        },
      },
      (socket, request) => {
        const device = authenticated.get(request);
        if (!device) return socket.close(1011, 'not authenticated');
        authenticated.delete(request);
        gateway.accept(socket, device);
      },
    );
  };
}
