// createApp: the composition root. Infrastructure (config, database, bus, metrics) is
// made here; each feature module (composition/*.module.ts) builds its services from it
// and hands back its routes and its start; the node stops through one ordered list.
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyWebsocket from '@fastify/websocket';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Config } from './config.ts';
import { migrateToLatest, openDatabase, pingDatabase, type DatabaseHandle } from './db/database.ts';
import type { EventBus } from './bus/event-bus.ts';
import { createEventBus } from './bus/create-bus.ts';
import { ClusterAgentLink } from './cluster/cluster-agent-link.ts';
import type { NodeChannel } from './cluster/node-channel.ts';
import { NatsNodeChannel } from './cluster/nats-node-channel.ts';
import { installBodyParsing } from './http/body-parsing.ts';
import { installErrorHandling, routerErrorOptions } from './http/error-handler.ts';
import { installRequestContext } from './http/request-context.ts';
import { installStorableInput } from './http/storable-input.ts';
import { serverTimeouts } from './http/server-timeouts.ts';
import { installRequestLogging, loggerOptions } from './http/request-log.ts';
import { defaultWebDir, servePortal } from './http/portal.ts';
import type { RoutePermission } from './http/route-permission.ts';
import { createTransactor } from './repositories/transactor.ts';
import { opsRoutes } from './routes/ops.routes.ts';
import { SecretBox, secretsKeyFor } from './secrets/index.ts';
import type { AuthorizationService } from './access/authorization.service.ts';
import type { RoomAccessService } from './access/room-access.service.ts';
import type { AuthService } from './auth/auth.service.ts';
import type { ThrottleLimits } from './auth/login-throttle.ts';
import type { BootstrapService } from './directory/bootstrap.service.ts';
import type { EnrollmentService } from './fleet/enrollment.service.ts';
import type { RoomsService } from './fleet/rooms.service.ts';
import type { SitesService } from './fleet/sites.service.ts';
import type { AgentGateway } from './gateway/agent-gateway.ts';
import type { AgentLink } from './gateway/agent-link.ts';
import type { AuditService } from './platform/audit.service.ts';
import type { SettingsService } from './platform/settings.service.ts';
import type { SessionSupervisor } from './sessions/session-supervisor.ts';
import type { OidcSettingsService } from './sso/oidc-settings.service.ts';
import { fleetModule } from './composition/fleet.module.ts';
import { identityModule } from './composition/identity.module.ts';
import { roomGroupsModule } from './composition/room-groups.module.ts';
import type { Infrastructure } from './composition/infrastructure.ts';
import { liveEventsModule } from './composition/live-events.module.ts';
import { shutDown, type FeatureModule, type ShutdownStep } from './composition/module.ts';
import { platformModule } from './composition/platform.module.ts';
import { releasesModule } from './composition/releases.module.ts';
import { roomActionsModule } from './composition/room-actions.module.ts';
import { sessionsModule } from './composition/sessions.module.ts';
import { clusterModule } from './composition/cluster.module.ts';
import { SessionsRepository } from './repositories/sessions.repository.ts';
import { endSessionsOfLostNode } from './cluster/lost-node-sessions.ts';
import { aloneInCluster, underLease } from './cluster/once-in-cluster.ts';
import { ClusterRepository } from './repositories/cluster.repository.ts';
import { notificationOutbox, notificationsModule } from './composition/notifications.module.ts';
import type { NotificationDispatcher } from './notifications/dispatcher.ts';

export interface CreateAppOptions {
  /** Use an in-memory PGlite (tests). */
  memoryDatabase?: boolean;
  logger?: boolean | object;
  throttle?: ThrottleLimits;
  serveWeb?: boolean;
  /** Remote sessions reach agents through this link instead of this node's gateway (tests). */
  agentLink?: AgentLink;
  /**
   * Several nodes: how this node reaches the others about agents, and which node holds a
   * room's agent. The gateway is then wrapped in a ClusterAgentLink (ignored with agentLink).
   */
  cluster?: { channel: NodeChannel; holderOf: (roomId: string) => Promise<string | null> };
}

export interface RoomwardenApp {
  app: FastifyInstance;
  config: Config;
  database: DatabaseHandle;
  services: {
    audit: AuditService;
    auth: AuthService;
    authz: AuthorizationService;
    settings: SettingsService;
    oidcSettings: OidcSettingsService;
    bootstrap: BootstrapService;
    roomAccess: RoomAccessService;
    enrollment: EnrollmentService;
    sites: SitesService;
    rooms: RoomsService;
  };
  bus: EventBus;
  /** The agent gateway of this node (connections, sweep, last-seen flush). */
  gateway: AgentGateway;
  /** The seam remote sessions use to reach a room's agent (this node's gateway unless options.agentLink replaced it). */
  agentLink: AgentLink;
  /** This node's live remote sessions (relay, tickets, limits). */
  sessions: SessionSupervisor;
  /** Every registered route (HEAD excluded) with its declared permission: the route table tests check. */
  routes: RegisteredRoute[];
  /** Notifications: the outbox's dispatcher on this node (tests run its passes). */
  notifications: { dispatcher: NotificationDispatcher };
  /** The steps close() runs, in their order (tests pin it). */
  shutdownOrder: readonly string[];
  close(): Promise<void>;
}

export interface RegisteredRoute {
  method: string;
  url: string;
  permission: RoutePermission;
}

const BODY_LIMIT = 256 * 1024;

export async function createApp(config: Config, options: CreateAppOptions = {}): Promise<RoomwardenApp> {
  const timeouts = serverTimeouts(config.timings);
  const app = Fastify({
    logger: loggerOptions(config.logLevel, options.logger),
    // One line per request of our own (http/request-log.ts), at debug unless ROOMWARDEN_LOG_REQUESTS=true.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    // X-Forwarded-For is believed only from the configured proxies (ROOMWARDEN_TRUST_PROXY).
    trustProxy: config.trustProxy.length > 0 ? config.trustProxy : false,
    ...routerErrorOptions,
    ...timeouts.fastify,
    ...(config.tls
      ? { https: { ...timeouts.node, cert: await import('node:fs').then((fs) => fs.readFileSync(config.tls!.cert)), key: await import('node:fs').then((fs) => fs.readFileSync(config.tls!.key)) } }
      : { http: timeouts.node }),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app, { notFound: !(options.serveWeb ?? true) });
  installBodyParsing(app);
  installStorableInput(app);
  installRequestLogging(app, { atInfo: config.logRequests });

  // Every route must declare its permission; the docs and static plugin routes are public.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs') || route.url === '/*' || route.config?.permission) return;
    if (route.method === 'HEAD' && route.url !== '/') return;
    if (!route.config?.permission) {
      // The built portal's files (@fastify/static marks its routes with config.rootPath).
      if (route.url === '/' || route.url.startsWith('/assets') || (route.config as { rootPath?: unknown } | undefined)?.rootPath !== undefined) {
        route.config = { ...(route.config ?? {}), permission: 'public' };
        return;
      }
      throw new Error(`Route ${String(route.method)} ${route.url} does not declare its permission`);
    }
  });

  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) if (method !== 'HEAD') routes.push({ method, url: route.url, permission: route.config?.permission ?? 'public' });
  });

  // --- infrastructure
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, memory: options.memoryDatabase ?? false });
  await migrateToLatest(database.db);
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  const nodeBus = await createEventBus(config, app.log);
  const infra: Infrastructure = {
    config,
    db: database.db,
    controlDb: database.control,
    tx: createTransactor(database.db),
    bus: nodeBus.bus,
    metrics,
    log: app.log,
    secretBox: new SecretBox(secretsKeyFor(config, options.memoryDatabase ?? false, app.log)),
    onceInCluster: config.natsUrl !== undefined ? underLease(new ClusterRepository(database.control), config.nodeId) : aloneInCluster,
  };

  // --- feature modules, each built from the infrastructure and what the ones before it export
  // The notification outbox, which the modules below write to in their own transactions (issue 14 C).
  const outbox = notificationOutbox(infra);
  const platform = platformModule(infra, { outbox });
  const { audit, authz, settings } = platform;
  // Issue 12: membership, agent holders and the once-only sweep; it reaches the modules built after it through these functions.
  const cluster = clusterModule(infra, {
    counts: () => ({ agents: fleet.gateway.connectedCount, sessions: sessions.supervisor.liveCount }),
    watch: (room, lastSeenAt) => fleet.gateway.watch(room, lastSeenAt),
    endSessionsOf: (nodeId) => endSessionsOfLostNode({ sessions: new SessionsRepository(infra.db), supervisor: sessions.supervisor }, nodeId),
  });
  const fleet = fleetModule(infra, { audit, authz, outbox, cluster });
  const roomGroups = roomGroupsModule(infra, { audit, rooms: fleet.roomsRepo });
  const identity = identityModule(infra, {
    audit,
    authz,
    settingsRepo: platform.settingsRepo,
    general: platform.settings,
    sites: fleet.sitesRepo,
    rooms: fleet.roomsRepo,
    roomGroups: roomGroups.roomGroupsRepo,
    throttle: options.throttle,
  });
  const liveEvents = liveEventsModule(infra, { authz });
  // In a cluster, a room's agent may be on another node: asked over NATS of the node the database names.
  const nodeChannel = nodeBus.nats ? new NatsNodeChannel(nodeBus.nats, { nodeId: config.nodeId, onRejected: (err, what) => app.log.warn({ err, what }, 'a message from another node was dropped') }) : undefined;
  const clusterWiring = options.cluster ?? (nodeChannel ? { channel: nodeChannel, holderOf: (roomId: string) => cluster.repo.holderOf(roomId) } : undefined);
  const clusterLink = !options.agentLink && clusterWiring ? new ClusterAgentLink({ local: fleet.gateway, ...clusterWiring, nodeId: config.nodeId, log: app.log }) : undefined;
  const agentLink: AgentLink = options.agentLink ?? clusterLink ?? fleet.gateway;
  const roomActions = roomActionsModule(infra, { audit, roomAccess: fleet.roomAccess, agentLink });
  const sessions = sessionsModule(infra, { audit, authz, settings, auth: identity.auth, roomAccess: fleet.roomAccess, agentLink, restartOnEnd: roomActions.actions, outbox });
  const releases = releasesModule(infra, { audit, settingsRepo: platform.settingsRepo, roomAccess: fleet.roomAccess, gateway: fleet.gateway, agentLink });
  const notifications = notificationsModule(infra, { audit, settingsRepo: platform.settingsRepo, outbox });
  const modules: FeatureModule[] = [platform.module, identity.module, fleet.module, roomGroups.module, liveEvents.module, roomActions.module, sessions.module, releases.module, notifications.module, cluster.module];

  // --- http
  await app.register(fastifyCookie);
  await app.register(fastifyWebsocket, { options: { maxPayload: 1024 * 1024 } });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Roomwarden API', version: '1', description: 'Meeting-room health and remote access. Errors: {error:{code,message,field?}}.' },
      components: { securitySchemes: { cookie: { type: 'apiKey', in: 'cookie', name: 'rw_session' }, bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  installRequestContext(app, identity.auth, authz, identity.bearerResolvers);

  let ready = false;
  await app.register(opsRoutes({ ping: () => pingDatabase(infra.db), busProblem: () => nodeBus.health.problem(), metrics, ready: () => ready, metricsToken: config.metricsToken }));
  await app.register(
    async (api) => {
      api.get('/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async () => app.swagger());
      for (const m of modules) for (const plugin of m.routes) await api.register(plugin);
    },
    { prefix: '/api/v1' },
  );
  for (const m of modules) for (const r of m.prefixedRoutes ?? []) await app.register(r.plugin, { prefix: r.prefix });
  if (options.serveWeb ?? true) await servePortal(app, config.webDir ?? defaultWebDir());

  for (const m of modules) await m.start?.();
  await app.ready();
  ready = true;

  // --- stopping: one list, in this order.
  const shutdown: ShutdownStep[] = [
    { name: 'not ready', run: () => void (ready = false) },
    { name: 'agent releases', run: () => releases.releases.stop() },
    // Live sessions end as server_shutdown, audited, while agents and the database are still there.
    { name: 'remote sessions', run: () => sessions.supervisor.stop() },
    // After the sessions: a session that asked for a restart at its end has sent it by now.
    { name: 'room actions', run: () => roomActions.stop() },
    // Other nodes' calls are no longer answered once this node's sessions and actions are done.
    ...(clusterLink ? [{ name: 'cluster agent link', run: () => clusterLink.close() }] : []),
    // Streams and agent connections never end by themselves: end them before the server waits for its connections.
    { name: 'live event streams', run: () => liveEvents.events.close() },
    { name: 'agent connections', run: () => fleet.gateway.shutdown() },
    { name: 'http server', run: () => app.close() },
    // Refused sign-ins still being counted are written as their summary entries.
    { name: 'sign-in refusal summaries', run: () => identity.auth.flushRefusalSummaries() },
    // The gateway's timers stop and what it holds (last-seen times) is written.
    { name: 'agent gateway', run: () => fleet.gateway.close() },
    // The pass under way marks what it sent; what is left is sent by the next start (or another node).
    { name: 'notifications', run: () => notifications.dispatcher.stop() },
    // The node leaves the cluster's list at once, and gives up the sweep's lease.
    { name: 'cluster membership', run: () => cluster.stop() },
    { name: 'bus', run: () => infra.bus.close() },
    { name: 'database', run: () => database.close() },
  ];
  let closing: Promise<void> | undefined;

  return {
    app,
    config,
    database,
    services: {
      audit,
      auth: identity.auth,
      authz,
      settings,
      oidcSettings: identity.oidcSettings,
      bootstrap: identity.bootstrap,
      roomAccess: fleet.roomAccess,
      enrollment: fleet.enrollment,
      sites: fleet.sites,
      rooms: fleet.rooms,
    },
    bus: infra.bus,
    routes,
    gateway: fleet.gateway,
    agentLink,
    sessions: sessions.supervisor,
    notifications: { dispatcher: notifications.dispatcher },
    shutdownOrder: shutdown.map((s) => s.name),
    close() {
      closing ??= shutDown(shutdown, (step, err) => app.log.error({ err, step }, 'shutdown step failed'));
      return closing;
    },
  };
}
