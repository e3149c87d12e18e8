import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { enrollRequestSchema, enrollResponseSchema } from '@roomwarden/protocol';
import type { EnrollmentService } from '../fleet/enrollment.service.ts';
import { idParam, pageQuery } from './schemas.ts';

const MAX_EXPIRY_MINUTES = 30 * 24 * 60;

export function enrollmentRoutes(enrollment: EnrollmentService) {
  return async (fastify: FastifyInstance): Promise<void> => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.post(
      '/enrollment-tokens',
      {
        config: { permission: { area: 'enrollment', level: 'modify' } },
        schema: {
          tags: ['enrollment'],
          summary: 'Create an enrollment token (the token is shown only in this answer)',
          body: z
            .object({
              maxUses: z.number().int().min(1).max(10_000).optional(),
              expiresInMinutes: z.number().int().min(1).max(MAX_EXPIRY_MINUTES).optional(),
              siteId: z.uuid().optional(),
              region: z.string().trim().regex(/^[a-z0-9-]{1,40}$/, 'lowercase letters, digits and dashes').optional(),
              label: z.string().trim().max(200).optional(),
            })
            .strict(),
        },
      },
      async (request, reply) => reply.status(201).send(await enrollment.createToken(request.caller, request.body)),
    );
    app.get(
      '/enrollment-tokens',
      { config: { permission: { area: 'enrollment', level: 'view' } }, schema: { tags: ['enrollment'], summary: 'Enrollment tokens, newest first', querystring: z.object(pageQuery).strict() } },
      async (request) => enrollment.listTokens(request.query.limit, request.query.cursor),
    );
    app.delete(
      '/enrollment-tokens/:id',
      { config: { permission: { area: 'enrollment', level: 'modify' } }, schema: { tags: ['enrollment'], summary: 'Revoke an enrollment token', params: idParam } },
      async (request, reply) => {
        await enrollment.revokeToken(request.caller, request.params.id);
        return reply.status(204).send();
      },
    );
    app.post(
      '/agent/enroll',
      {
        config: { permission: 'public' },
        schema: {
          tags: ['agents'],
          summary: 'Exchange an enrollment token for a device credential (called by the agent)',
          body: enrollRequestSchema,
          response: { 201: enrollResponseSchema },
        },
      },
      async (request, reply) => reply.status(201).send(await enrollment.enroll(request.caller, request.body)),
    );
  };
}
