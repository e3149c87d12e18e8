import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { SettingsService } from '../platform/settings.service.ts';
import { generalSettingsSchema } from '../platform/settings.service.ts';
import { acceptingReadBack } from './schemas.ts';

type GeneralView = Awaited<ReturnType<SettingsService['getGeneral']>>;
const generalWrite = acceptingReadBack<GeneralView>()(generalSettingsSchema.partial().strict(), ['updatedAt']);

export function settingsRoutes(settings: SettingsService) {
  return async (fastify: FastifyInstance): Promise<void> => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/settings/general',
      { config: { permission: { area: 'settings', level: 'view' } }, schema: { tags: ['settings'], summary: 'Remote access switch, contact, session limits' } },
      async () => settings.getGeneral(),
    );
    app.put(
      '/settings/general',
      {
        config: { permission: { area: 'settings', level: 'modify' } },
        schema: { tags: ['settings'], summary: 'Change general settings (turning remote access off ends every live session)', body: generalWrite },
      },
      async (request) => settings.updateGeneral(request.caller, request.body),
    );
  };
}
