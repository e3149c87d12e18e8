import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { INCIDENT_SEVERITIES, type IncidentDetailView } from '@roomwarden/protocol';
import type { IncidentsService } from '../health/incidents.service.ts';
import type { SignalsService } from '../health/signals.service.ts';
import { idParam, pageQuery } from './schemas.ts';

const MODIFY = { permission: { area: 'incidents', level: 'modify' } } as const;
const noteText = z.string().trim().min(1).max(4000);

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
      '/incidents/:id',
      { config: { permission: { area: 'incidents', level: 'view' } }, schema: { tags: ['incidents'], summary: 'An incident with its timeline (404 when you cannot view its room)', params: idParam } },
      async (request): Promise<IncidentDetailView> => incidents.get(request.caller, request.params.id),
    );
    app.post(
      '/incidents/:id/notes',
      { config: MODIFY, schema: { tags: ['incidents'], summary: "Add a note to an incident's timeline", params: idParam, body: z.object({ text: noteText }).strict() } },
      async (request, reply) => reply.status(201).send(await incidents.addNote(request.caller, request.params.id, request.body.text)),
    );
    app.post(
      '/incidents/:id/resolve',
      { config: MODIFY, schema: { tags: ['incidents'], summary: 'Resolve an incident by hand, with an optional note', params: idParam, body: z.object({ note: noteText.optional() }).strict().optional() } },
      async (request) => incidents.resolve(request.caller, request.params.id, request.body?.note),
    );
    app.post(
      '/rooms/:id/incidents',
      {
        config: MODIFY,
        schema: {
          tags: ['incidents'],
          summary: 'Record an issue by hand: an incident of the room that only a person resolves',
          params: idParam,
          body: z.object({ title: z.string().trim().min(1).max(200), severity: z.enum(INCIDENT_SEVERITIES), description: z.string().trim().max(4000).optional() }).strict(),
        },
      },
      async (request, reply) => reply.status(201).send(await incidents.record(request.caller, request.params.id, request.body)),
    );
    app.get(
      '/rooms/:id/signals',
      { config: { permission: { area: 'rooms', level: 'view' } }, schema: { tags: ['rooms'], summary: "A room's latest signals", params: idParam } },
      async (request) => signals.forRoom(request.caller, request.params.id),
    );
  };
}
