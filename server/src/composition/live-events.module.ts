// Live events for the portal: the SSE stream of room, incident and session events.
import type { AuthorizationService } from '../access/authorization.service.ts';
import { EventsService } from '../live-events/live-events.service.ts';
import { eventsRoutes } from '../routes/events.routes.ts';
import type { Infrastructure } from './infrastructure.ts';
import type { FeatureModule } from './module.ts';

export function liveEventsModule(infra: Infrastructure, needs: { authz: AuthorizationService }) {
  const { config, bus, log } = infra;
  const events = new EventsService(bus, needs.authz, {
    keepAliveMs: config.timings.sseKeepAliveMs,
    grantsRefreshMs: config.timings.sseGrantsRefreshMs,
    streamsPerUser: config.liveEventStreamsPerUser,
    onError: (err) => log.error({ err }, 'live events: grants reload failed'),
  });
  const module: FeatureModule = { routes: [eventsRoutes(events)] };
  return { module, events };
}
