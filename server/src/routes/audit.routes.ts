import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { AuditFilter, AuditRecord, AuditService } from '../platform/audit.service.ts';
import { pageQuery } from './schemas.ts';

/** The filter of the list and of the export: one schema, so the two never drift apart. */
const auditFilterQuery = z.object({
  action: z.string().max(100).optional().describe('An action, or a prefix ending in * (session.*)'),
  actorId: z.string().max(100).optional(),
  targetType: z.string().max(50).optional(),
  targetId: z.string().max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

function toFilter(q: z.infer<typeof auditFilterQuery>): AuditFilter {
  return { action: q.action, actorId: q.actorId, targetType: q.targetType, targetId: q.targetId, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined };
}

const CSV_COLUMNS = ['seq', 'at', 'actorId', 'actorLabel', 'action', 'targetType', 'targetId', 'sourceIp', 'details', 'prevHash', 'hash'] as const;

function csvCell(value: unknown): string {
  const s = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  // Quote always; neutralise spreadsheet formulas.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

async function* exportLines(entries: AsyncGenerator<AuditRecord>, format: 'csv' | 'jsonl'): AsyncGenerator<string> {
  if (format === 'csv') yield `${CSV_COLUMNS.join(',')}\n`;
  for await (const e of entries) {
    yield format === 'csv' ? `${CSV_COLUMNS.map((c) => csvCell(e[c])).join(',')}\n` : `${JSON.stringify(e)}\n`;
  }
}

export function auditRoutes(audit: AuditService) {
  return async (fastify: FastifyInstance): Promise<void> => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/audit',
      {
        config: { permission: { area: 'audit', level: 'view' } },
        schema: {
          tags: ['audit'],
          summary: "Audit entries, newest first, each with its target's current name (targetLabel, null once it is gone)",
          querystring: auditFilterQuery.extend(pageQuery).strict(),
        },
      },
      async (request) => audit.list(toFilter(request.query), request.query.limit, request.query.cursor),
    );
    app.get(
      '/audit/verify',
      { config: { permission: { area: 'audit', level: 'view' } }, schema: { tags: ['audit'], summary: 'Recompute the hash chain', response: { 200: z.object({ ok: z.boolean(), checked: z.number(), firstBadSeq: z.number().nullable() }) } } },
      async () => audit.verify(),
    );
    app.get(
      '/audit/export',
      {
        config: { permission: { area: 'audit', level: 'view' } },
        schema: {
          tags: ['audit'],
          summary: 'Stream the entries matching the same filters as GET /audit as CSV or JSON Lines, in chain order (oldest first)',
          querystring: auditFilterQuery.extend({ format: z.enum(['csv', 'jsonl']).default('jsonl') }).strict(),
        },
      },
      async (request, reply) => {
        const format = request.query.format;
        const entries = audit.entries(toFilter(request.query));
        const stamp = new Date().toISOString().replace(/[:.]/g, '-');
        void reply
          .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
          .header('content-disposition', `attachment; filename="roomwarden-audit-${stamp}.${format}"`);
        return reply.send(Readable.from(exportLines(entries, format)));
      },
    );
  };
}
