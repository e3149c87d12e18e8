// createApp: the one place where infrastructure (config, database, bus) is wired and
// each service is handed only the repositories it uses.
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyWebsocket from '@fastify/websocket';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Config } from './config.ts';
import { migrateToLatest, openDatabase, pingDatabase, type DatabaseHandle } from './db/database.ts';
import { LocalEventBus, type EventBus } from './bus/event-bus.ts';
import { installErrorHandling } from './http/error-handler.ts';
import { installRequestContext, type BearerResolver } from './http/request-context.ts';
import { defaultWebDir, servePortal } from './http/portal.ts';
import { AccessRepository } from './repositories/access.repository.ts';
import { ApiTokensRepository } from './repositories/api-tokens.repository.ts';
import { AuditRepository } from './repositories/audit.repository.ts';
import { AuthSessionsRepository } from './repositories/auth-sessions.repository.ts';
import { GroupsRepository } from './repositories/groups.repository.ts';
import { RolesWriter } from './repositories/role-assignments.repository.ts';
import { SettingsRepository } from './repositories/settings.repository.ts';
import { createTransactor } from './repositories/transactor.ts';
import { UsersRepository } from './repositories/users.repository.ts';
import { ApiTokenService } from './services/api-token.service.ts';
import { AuditService } from './services/audit.service.ts';
import { AuthService } from './services/auth.service.ts';
import { AuthorizationService } from './services/authorization.service.ts';
import { BootstrapService } from './services/bootstrap.service.ts';
import { LoginThrottle, type ThrottleLimits } from './services/login-throttle.ts';
import { MeService } from './services/me.service.ts';
import { SettingsService } from './services/settings.service.ts';
import { auditRoutes } from './routes/audit.routes.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { opsRoutes } from './routes/ops.routes.ts';
import { settingsRoutes } from './routes/settings.routes.ts';
import { tokenRoutes } from './routes/tokens.routes.ts';
import type { RoutePermission } from './http/route-permission.ts';
import { RolesRepository } from './repositories/roles.repository.ts';
import { RoomsRepository } from './repositories/rooms.repository.ts';
import { SitesRepository } from './repositories/sites.repository.ts';
import { AdministratorGuard } from './services/directory-guard.ts';
import { GroupsService } from './services/groups.service.ts';
import { RolesService } from './services/roles.service.ts';
import { RoomAccessService } from './services/room-access.service.ts';
import { RoomsService } from './services/rooms.service.ts';
import { SitesService } from './services/sites.service.ts';
import { UsersService } from './services/users.service.ts';
import { groupsRoutes } from './routes/groups.routes.ts';
import { rolesRoutes } from './routes/roles.routes.ts';
import { roomsRoutes } from './routes/rooms.routes.ts';
import { sitesRoutes } from './routes/sites.routes.ts';
import { usersRoutes } from './routes/users.routes.ts';
// agents, health, incidents, live events (issue 4)
import { AgentGateway } from './gateway/agent-gateway.ts';
import { registerGatewayMetrics } from './gateway/gateway-metrics.ts';
import type { AgentLink } from './gateway/agent-link.ts';
import { AgentRoomsRepository } from './repositories/agent-rooms.repository.ts';
import { DevicesRepository } from './repositories/devices.repository.ts';
import { EnrollmentRepository } from './repositories/enrollment.repository.ts';
import { IncidentsRepository } from './repositories/incidents.repository.ts';
import { SignalsRepository } from './repositories/signals.repository.ts';
import { DevicesService } from './services/devices.service.ts';
import { EnrollmentService, gatewayUrlResolver } from './services/enrollment.service.ts';
import { EventsService } from './services/events.service.ts';
import { HealthService } from './services/health.service.ts';
import { IncidentsService } from './services/incidents.service.ts';
import { SignalsService } from './services/signals.service.ts';
import { agentGatewayRoutes } from './routes/agent-gateway.routes.ts';
import { devicesRoutes } from './routes/devices.routes.ts';
import { enrollmentRoutes } from './routes/enrollment.routes.ts';
import { eventsRoutes } from './routes/events.routes.ts';
import { incidentsRoutes } from './routes/incidents.routes.ts';
// remote sessions (issue 5)
import { SessionsRepository } from './repositories/sessions.repository.ts';
import { SessionsService } from './services/sessions.service.ts';
import { SessionSupervisor } from './sessions/session-supervisor.ts';
import { registerSessionMetrics } from './sessions/session-metrics.ts';
import { sessionRoutes } from './routes/sessions.routes.ts';
import { sessionRelayRoutes } from './routes/session-relay.routes.ts';
// single sign-on and provisioning (issue 6)
import { IdentityRepository } from './repositories/identity.repository.ts';
import { OidcRepository } from './repositories/oidc.repository.ts';
import { ScimRepository } from './repositories/scim.repository.ts';
import { OidcSettingsService } from './services/oidc-settings.service.ts';
import { SecretBox, secretsKeyFor } from './secrets/index.ts';
import { OidcService } from './services/oidc.service.ts';
import { ScimGroupsService } from './services/scim-groups.service.ts';
import { ScimTokenService } from './services/scim-token.service.ts';
import { ScimUsersService } from './services/scim-users.service.ts';
import { oidcRoutes } from './routes/oidc.routes.ts';
import { SCIM_PREFIX, scimRoutes } from './routes/scim.routes.ts';
import { scimTokenRoutes } from './routes/scim-tokens.routes.ts';
// agent builds, install scripts, self-update (issue 15)
import { AgentReleasesService } from './releases/agent-releases.service.ts';
import { AgentVersionsRepository } from './releases/agent-versions.repository.ts';
import { agentDistDir, ReleaseFiles } from './releases/release-files.ts';
import { agentReleasesRoutes } from './routes/agent-releases.routes.ts';

export interface CreateAppOptions {
  /** Use an in-memory PGlite (tests). */
  memoryDatabase?: boolean;
  logger?: boolean | object;
  throttle?: ThrottleLimits;
  serveWeb?: boolean;
  /** Remote sessions reach agents through this link instead of this node's gateway (tests). */
  agentLink?: AgentLink;
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
  close(): Promise<void>;
}

export interface RegisteredRoute {
  method: string;
  url: string;
  permission: RoutePermission;
}

const BODY_LIMIT = 256 * 1024;

export async function createApp(config: Config, options: CreateAppOptions = {}): Promise<RoomwardenApp> {
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    bodyLimit: BODY_LIMIT,
    trustProxy: false,
    ...(config.tls ? { https: { cert: await import('node:fs').then((fs) => fs.readFileSync(config.tls!.cert)), key: await import('node:fs').then((fs) => fs.readFileSync(config.tls!.key)) } } : {}),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app, { notFound: !(options.serveWeb ?? true) });

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
  const db = database.db;
  const tx = createTransactor(db);
  const bus: EventBus = new LocalEventBus((err, event) => app.log.error({ err, event: event.type }, 'bus handler failed'));
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  const secretBox = new SecretBox(secretsKeyFor(config, options.memoryDatabase ?? false, app.log));

  // --- repositories
  const users = new UsersRepository(db);
  const groups = new GroupsRepository(db);
  const authSessions = new AuthSessionsRepository(db);
  const apiTokens = new ApiTokensRepository(db);
  const settingsRepo = new SettingsRepository(db);
  const auditRepo = new AuditRepository(db);
  const access = new AccessRepository(db);
  const rolesWriter = new RolesWriter(db);

  // --- services
  const audit = new AuditService(auditRepo, tx);
  const authz = new AuthorizationService(access);
  const identity = new IdentityRepository(db);
  const oidcSettings = new OidcSettingsService(settingsRepo, identity, users, tx, audit, bus, secretBox, { publicUrl: config.publicUrl, allowInsecureIssuer: config.oidcAllowInsecureIssuer }, (err) =>
    app.log.error({ err }, 'the stored OpenID Connect client secret does not open with this server\'s secrets key; enter it again in Settings > General'),
  );
  const auth = new AuthService(
    users,
    authSessions,
    apiTokens,
    audit,
    new LoginThrottle(options.throttle),
    {
      idleMinutes: config.timings.authSessionIdleMinutes,
      maxHours: config.timings.authSessionMaxHours,
    },
    oidcSettings.localLoginAllowed,
  );
  const settings = new SettingsService(settingsRepo, tx, audit, bus);
  const me = new MeService(users, groups, authz);
  const bootstrap = new BootstrapService(users, rolesWriter, tx, audit);
  // directory, sites, rooms, roles (issue 3)
  const rolesRepo = new RolesRepository(db);
  const sitesRepo = new SitesRepository(db);
  const roomsRepo = new RoomsRepository(db);
  const adminGuard = new AdministratorGuard(rolesRepo);
  const roomAccess = new RoomAccessService(roomsRepo, authz);
  const usersService = new UsersService(users, groups, tx, audit, adminGuard, bus);
  const groupsService = new GroupsService(groups, users, tx, audit, adminGuard, bus);
  const sitesService = new SitesService(sitesRepo, tx, audit);
  const roomsService = new RoomsService(roomsRepo, sitesRepo, roomAccess, tx, audit, bus);
  const rolesService = new RolesService(rolesRepo, { users, groups, sites: sitesRepo, rooms: roomsRepo }, tx, audit, adminGuard, bus);
  const apiTokenService = new ApiTokenService(apiTokens, audit);
  const bearerResolvers: BearerResolver[] = [];
  // single sign-on and SCIM provisioning (issue 6)
  const scimRepo = new ScimRepository(db);
  const oidc = new OidcService(oidcSettings, new OidcRepository(db), identity, users, auth, tx, audit, adminGuard, { clockSkewSeconds: config.oidcClockSkewSeconds });
  const scimTokens = new ScimTokenService(scimRepo, audit);
  bearerResolvers.push(scimTokens.resolve);
  const scimBase = `${config.publicUrl}${SCIM_PREFIX}`;
  const scimUsers = new ScimUsersService(identity, users, scimRepo, tx, audit, bus, adminGuard, scimBase);
  const scimGroups = new ScimGroupsService(identity, users, groups, scimRepo, tx, audit, bus, adminGuard, scimBase);
  // agents, health, incidents, live events (issue 4)
  const agentRooms = new AgentRoomsRepository(db);
  const devicesRepo = new DevicesRepository(db);
  const incidentsRepo = new IncidentsRepository(db);
  const signalsRepo = new SignalsRepository(db);
  const health = new HealthService(signalsRepo, incidentsRepo, agentRooms, tx, bus);
  const gateway = new AgentGateway(health, agentRooms, devicesRepo, config.timings, config.nodeId, app.log, bus);
  registerGatewayMetrics(metrics, gateway);
  const enrollment = new EnrollmentService(new EnrollmentRepository(db), devicesRepo, agentRooms, tx, audit, new LoginThrottle({ perAccount: Number.MAX_SAFE_INTEGER, perAddress: 30, windowMs: 15 * 60_000 }), {
    region: config.region,
    gatewayUrlFor: gatewayUrlResolver(config.publicUrl, config.region, config.regionUrls),
  });
  const devicesService = new DevicesService(devicesRepo, agentRooms, tx, audit, authz, roomAccess, gateway);
  const incidentsService = new IncidentsService(incidentsRepo, roomAccess, tx, audit, authz, bus);
  const signalsService = new SignalsService(signalsRepo, roomAccess);
  const events = new EventsService(bus, authz, {
    keepAliveMs: config.timings.sseKeepAliveMs,
    grantsRefreshMs: config.timings.sseGrantsRefreshMs,
    onError: (err) => app.log.error({ err }, 'live events: grants reload failed'),
  });
  // remote sessions (issue 5)
  const sessionLink: AgentLink = options.agentLink ?? gateway;
  const sessionsRepo = new SessionsRepository(db);
  const t = config.timings;
  const supervisor = new SessionSupervisor(
    {
      repo: sessionsRepo,
      tx,
      audit,
      authz,
      settings,
      agentLink: sessionLink,
      bus,
      cookieUser: async (cookie) => {
        const p = (await auth.fromCookie(cookie))?.principal;
        return p?.kind === 'user' ? p.userId : undefined;
      },
      log: app.log,
      nodeId: config.nodeId,
    },
    {
      minuteMs: t.sessionMinuteMs,
      ticketTtlMs: t.sessionTicketTtlMs,
      pairTimeoutMs: t.sessionPairTimeoutMs,
      pendingTimeoutMs: t.sessionPendingTimeoutMs,
      sweepMs: t.sessionSweepMs,
      recheckMs: t.sessionRecheckMs,
      agentCloseGraceMs: 1_000,
    },
  );
  registerSessionMetrics(metrics, supervisor);
  const sessionsService = new SessionsService(sessionsRepo, tx, audit, roomAccess, settings, sessionLink, supervisor, bus, {
    publicUrl: config.publicUrl,
    nodeId: config.nodeId,
    minuteMs: t.sessionMinuteMs,
  });

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
  installRequestContext(app, auth, authz, bearerResolvers);

  let ready = false;
  await app.register(opsRoutes({ ping: () => pingDatabase(db), metrics, ready: () => ready, metricsToken: config.metricsToken }));
  await app.register(
    async (api) => {
      api.get('/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async () => app.swagger());
      await api.register(
        authRoutes({
          auth,
          me,
          secureCookies: config.secureCookies,
          providers: () => oidcSettings.providers(),
        }),
      );
      await api.register(settingsRoutes(settings));
      await api.register(auditRoutes(audit));
      await api.register(tokenRoutes(apiTokenService));
      await api.register(usersRoutes(usersService));
      await api.register(groupsRoutes(groupsService));
      await api.register(sitesRoutes(sitesService));
      await api.register(roomsRoutes(roomsService));
      await api.register(rolesRoutes(rolesService));
      await api.register(enrollmentRoutes(enrollment));
      await api.register(agentGatewayRoutes(gateway, (header) => devicesService.authenticate(header)));
      await api.register(devicesRoutes(devicesService));
      await api.register(incidentsRoutes(incidentsService, signalsService));
      await api.register(eventsRoutes(events));
      await api.register(sessionRoutes(sessionsService));
      await api.register(sessionRelayRoutes(supervisor));
      await api.register(oidcRoutes({ oidc, settings: oidcSettings, secureCookies: config.secureCookies }));
      await api.register(scimTokenRoutes(scimTokens));
    },
    { prefix: '/api/v1' },
  );
  // --- agent builds, install scripts, self-update (issue 15)
  const agentReleases = new AgentReleasesService(new ReleaseFiles(agentDistDir()), settingsRepo, new AgentVersionsRepository(db), roomAccess, sessionLink, tx, audit, bus, config, app.log);
  await agentReleases.start();
  gateway.useAgentReleases(agentReleases);
  await app.register(agentReleasesRoutes(agentReleases), { prefix: '/api/v1' });
  app.addHook('onClose', async () => agentReleases.stop());

  await app.register(scimRoutes({ users: scimUsers, groups: scimGroups, baseUrl: scimBase }), { prefix: SCIM_PREFIX });
  if (options.serveWeb ?? true) await servePortal(app, config.webDir ?? defaultWebDir());

  await gateway.start();
  await supervisor.start({ singleNode: !config.natsUrl });
  // Live sessions end (audited) on shutdown, while the database is still open.
  app.addHook('preClose', async () => supervisor.stop());
  await app.ready();
  ready = true;

  return {
    app,
    config,
    database,
    services: { audit, auth, authz, settings, oidcSettings, bootstrap, roomAccess, enrollment, sites: sitesService, rooms: roomsService },
    bus,
    routes,
    gateway,
    agentLink: sessionLink,
    sessions: supervisor,
    async close() {
      ready = false;
      await app.close();
      await bus.close();
      await database.close();
    },
  };
}
