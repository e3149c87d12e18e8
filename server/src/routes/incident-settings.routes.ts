// Settings > Incidents (area settings): per health signal, on or off and its severities.
// The PUT takes any of the signals (the others keep theirs) and accepts what the GET answered.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { INCIDENT_SIGNALS, signalIncidentSettingSchema, type IncidentSettingsView } from '@roomwarden/protocol';
import type { IncidentSettingsService } from '../health/incident-settings.service.ts';
import { acceptingReadBack } from './schemas.ts';

const signalsBody = z.object(Object.fromEntries(INCIDENT_SIGNALS.map((s) => [s, signalIncidentSettingSchema.optional()])) as Record<(typeof INCIDENT_SIGNALS)[number], z.ZodOptional<typeof signalIncidentSettingSchema>>).strict();
const incidentSettingsWrite = acceptingReadBack<IncidentSettingsView>()(z.object({ signals: signalsBody.optional() }).strict(), ['updatedAt']);

export function incidentSettingsRoutes(settings: IncidentSettingsService) {
  return async (fastify: FastifyInstance): Promise<void> => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/settings/incidents',
      { config: { permission: { area: 'settings', level: 'view' } }, schema: { tags: ['settings'], summary: 'Incident settings: each health signal on or off, and its severities' } },
      async () => settings.get(),
    );
    app.put(
      '/settings/incidents',
      {
        config: { permission: { area: 'settings', level: 'modify' } },
        schema: { tags: ['settings'], summary: 'Change incident settings (a disabled signal opens no new incident; open ones stay)', body: incidentSettingsWrite },
      },
      async (request) => settings.update(request.caller, request.body),
    );
  };
}
