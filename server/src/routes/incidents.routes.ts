import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { INCIDENT_SEVERITIES } from '@roomwarden/protocol';
import type { IncidentsService } from '../health/incidents.service.ts';
import type { SignalsService } from '../health/signals.service.ts';
import { idParam, pageQuery } from './schemas.ts';

const stateQuery = z.enum(['open', 'resolved', 'all']).default('open');
/** One severity or several, comma-separated: `severity=high,critical`. */
const severityQuery = z
  .string()
  .max(100)
  .transform((v) => v.split(',').map((s) => s.trim()))
  .pipe(z.array(z.enum(INCIDENT_SEVERITIES)).min(1))
  .optional();

export function incidentsRoutes(incidents: IncidentsService, signals: SignalsService) {
  return async (fastify: FastifyInstance): Promise<void> => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/incidents',
      {
        config: { permission: { area: 'incidents', level: 'view' } },
        schema: {
          tags: ['incidents'],
          summary: 'Incidents of the rooms you may see, newest first',
          querystring: z.object({ ...pageQuery, state: stateQuery, severity: severityQuery, roomId: z.uuid().optional(), siteId: z.uuid().optional(), roomGroupId: z.uuid().optional() }).strict(),
        },
      },
      async (request) => incidents.list(request.caller, request.query),
    );
    app.get(
      '/rooms/:id/incidents',
      {
        config: { permission: { area: 'incidents', level: 'view' } },
        schema: { tags: ['incidents'], summary: "A room's incidents, newest first", params: idParam, querystring: z.object({ ...pageQuery, state: stateQuery, severity: severityQuery }).strict() },
      },
      async (request) => incidents.listForRoom(request.caller, request.params.id, request.query),
    );
    app.post(
      '/incidents/:id/acknowledge',
      { config: { permission: { area: 'incidents', level: 'modify' } }, schema: { tags: ['incidents'], summary: 'Acknowledge an incident', params: idParam } },
      async (request) => incidents.acknowledge(request.caller, request.params.id),
    );
    app.get(
      '/rooms/:id/signals',
      { config: { permission: { area: 'rooms', level: 'view' } }, schema: { tags: ['rooms'], summary: "A room's latest signals", params: idParam } },
      async (request) => signals.forRoom(request.caller, request.params.id),
    );
  };
}
