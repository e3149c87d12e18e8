// What a feature module hands the composition root: its route plugins, and what it does
// when the node starts and stops. createApp registers the routes, starts the modules in
// the order it builds them, and stops the node through one ordered list of steps.
import type { FastifyInstance } from 'fastify';

export type RoutePlugin = (app: FastifyInstance) => Promise<void>;

export interface FeatureModule {
  /** Registered under /api/v1. */
  routes: RoutePlugin[];
  /** Registered under a prefix of their own (SCIM's /scim/v2). */
  prefixedRoutes?: Array<{ prefix: string; plugin: RoutePlugin }>;
  /** After every route is registered, in module order. */
  start?: () => Promise<void>;
}

/** One step of stopping a node; the steps run in the order of their list, each once. */
export interface ShutdownStep {
  name: string;
  run: () => Promise<void> | void;
}

/** Runs every step in order; a step that fails is reported and the next ones still run. */
export async function shutDown(steps: readonly ShutdownStep[], onError: (step: string, err: unknown) => void): Promise<void> {
  for (const step of steps) {
    try {
      await step.run();
    } catch (err) {
      onError(step.name, err);
    }
  }
}
