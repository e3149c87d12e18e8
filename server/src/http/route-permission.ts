// Every route states the permission it needs in its config. createApp refuses to start
// if one does not, so a forgotten permission is a start-up failure, not a hole.
import type { Area, Level } from '@roomwarden/protocol';

export type RoutePermission =
  | 'public' // anyone, signed in or not (sign-in, health, agent enrollment with its own token)
  | 'authenticated' // any signed-in user
  | 'scim' // a SCIM provisioning token
  | 'agent' // authenticated by the agent's device credential or a one-time ticket, checked in the handler's service
  | { area: Area; level: Level }; // for room areas: the level on at least one room; the service checks the room

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: RoutePermission;
  }
}

export function describePermission(p: RoutePermission): string {
  return typeof p === 'string' ? p : `${p.area}:${p.level}`;
}
