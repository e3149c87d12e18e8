// GET /api/v1/cluster: the live nodes (settings: view).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { clusterViewSchema } from '@roomwarden/protocol';
import type { ClusterService } from '../cluster/cluster.service.ts';

const VIEW = { permission: { area: 'settings', level: 'view' } } as const;

export function clusterRoutes(cluster: ClusterService) {
  return async (fastify: FastifyInstance): Promise<void> => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/cluster',
      { config: VIEW, schema: { tags: ['cluster'], summary: 'The live nodes of the cluster: region, public URL, version, last heartbeat, agents and sessions', response: { 200: clusterViewSchema } } },
      async () => cluster.list(),
    );
  };
}
