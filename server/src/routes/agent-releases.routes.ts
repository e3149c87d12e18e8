// Agent builds: the list (enrollment: view), the executables and install scripts (public:
// they hold no secret, and a console has no sign-in), the "hold updates back" setting, an
// administrator's "Update agent" for one room, and the rooms that run an older agent.
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AGENT_RELEASE_PLATFORMS } from '@roomwarden/protocol';
import { agentUpdatesSchema, type AgentReleasesService } from '../releases/agent-releases.service.ts';
import { idParam } from './schemas.ts';

const PUBLIC = { permission: 'public' } as const;

export function agentReleasesRoutes(releases: AgentReleasesService) {
  return async (fastify: FastifyInstance): Promise<void> => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/agent/releases',
      { config: { permission: { area: 'enrollment', level: 'view' } }, schema: { tags: ['agents'], summary: 'The agent builds this server serves (version, and per platform the file, size, SHA-256 and URL), the install lines and the firewall list' } },
      async () => releases.list(),
    );
    app.get(
      '/agent/releases/:platform',
      { config: PUBLIC, schema: { tags: ['agents'], summary: 'Download the agent executable for a platform', params: z.object({ platform: z.enum(AGENT_RELEASE_PLATFORMS) }).strict() } },
      async (request, reply) => {
        const file = await releases.file(request.params.platform);
        return reply
          .header('content-type', 'application/octet-stream')
          .header('content-length', String(file.size))
          .header('content-disposition', `attachment; filename="${file.file}"`)
          .header('x-content-sha256', file.sha256)
          .header('cache-control', 'no-cache')
          .send(fs.createReadStream(file.path));
      },
    );
    for (const kind of ['sh', 'ps1'] as const) {
      app.get(
        `/agent/install.${kind}`,
        { config: PUBLIC, schema: { tags: ['agents'], summary: kind === 'sh' ? 'Install script for Linux consoles (curl … | sudo sh -s -- --token T)' : 'Install script for Windows consoles (elevated PowerShell)' } },
        async (_request, reply) =>
          reply
            .header('content-type', kind === 'sh' ? 'text/x-shellscript; charset=utf-8' : 'text/plain; charset=utf-8')
            .header('cache-control', 'no-cache')
            .send(await releases.installScript(kind)),
      );
    }
    app.get(
      '/settings/agent-updates',
      { config: { permission: { area: 'settings', level: 'view' } }, schema: { tags: ['settings'], summary: 'Agent updates: automatic, or manual (an administrator updates each room)' } },
      async () => releases.getUpdates(),
    );
    app.put(
      '/settings/agent-updates',
      { config: { permission: { area: 'settings', level: 'modify' } }, schema: { tags: ['settings'], summary: 'Hold agent updates back (manual) or let agents update themselves (automatic)', body: agentUpdatesSchema } },
      async (request) => releases.setUpdates(request.caller, request.body),
    );
    app.post(
      '/rooms/:id/agent/update',
      { config: { permission: { area: 'rooms', level: 'modify' } }, schema: { tags: ['agents'], summary: "The room's connected agent installs this server's build now", params: idParam } },
      async (request, reply) => reply.status(202).send(await releases.updateRoomAgent(request.caller, request.params.id)),
    );
    app.get(
      '/agent/outdated',
      {
        config: { permission: { area: 'rooms', level: 'view' } },
        schema: {
          tags: ['agents'],
          summary: "Rooms you can view whose agent is older than this server's build",
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.uuid().optional() }).strict(),
        },
      },
      async (request) => releases.outdated(request.caller, request.query.limit, request.query.cursor),
    );
  };
}
