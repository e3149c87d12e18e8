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

export interface CreateAppOptions {
  /** Use an in-memory PGlite (tests). */
  memoryDatabase?: boolean;
  logger?: boolean | object;
  throttle?: ThrottleLimits;
  serveWeb?: boolean;
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
    bootstrap: BootstrapService;
  };
  bus: EventBus;
  close(): Promise<void>;
}

const BODY_LIMIT = 256 * 1024;

export async function createApp(config: Config, options: CreateAppOptions = {}): Promise<RoomwardenApp> {
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    bodyLimit: BODY_LIMIT,
    trustProxy: false,
    disableRequestLogging: false,
    ...(config.tls ? { https: { cert: await import('node:fs').then((fs) => fs.readFileSync(config.tls!.cert)), key: await import('node:fs').then((fs) => fs.readFileSync(config.tls!.key)) } } : {}),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);

  // Every route must declare its permission; the docs and static plugin routes are public.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs') || route.url === '/*' || route.config?.permission) return;
    if (route.method === 'HEAD' && route.url !== '/') return;
    if (!route.config?.permission) {
      if (route.url === '/' || route.url.startsWith('/assets')) {
        route.config = { ...(route.config ?? {}), permission: 'public' };
        return;
      }
      throw new Error(`Route ${String(route.method)} ${route.url} does not declare its permission`);
    }
  });

  // --- infrastructure
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, memory: options.memoryDatabase ?? false });
  await migrateToLatest(database.db);
  const db = database.db;
  const tx = createTransactor(db);
  const bus: EventBus = new LocalEventBus((err, event) => app.log.error({ err, event: event.type }, 'bus handler failed'));
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });

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
  const auth = new AuthService(users, authSessions, apiTokens, audit, new LoginThrottle(options.throttle), {
    idleMinutes: config.timings.authSessionIdleMinutes,
    maxHours: config.timings.authSessionMaxHours,
  });
  const settings = new SettingsService(settingsRepo, tx, audit, bus);
  const me = new MeService(users, groups, authz);
  const bootstrap = new BootstrapService(users, rolesWriter, tx, audit);
  const apiTokenService = new ApiTokenService(apiTokens, audit);
  const bearerResolvers: BearerResolver[] = [];

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
  await app.register(opsRoutes({ ping: () => pingDatabase(db), metrics, ready: () => ready }));
  await app.register(
    async (api) => {
      api.get('/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async () => app.swagger());
      await api.register(
        authRoutes({
          auth,
          me,
          secureCookies: config.secureCookies,
          providers: async () => ({ localLoginEnabled: true, oidc: { enabled: false, displayName: '' } }),
        }),
      );
      await api.register(settingsRoutes(settings));
      await api.register(auditRoutes(audit));
      await api.register(tokenRoutes(apiTokenService));
    },
    { prefix: '/api/v1' },
  );
  if (options.serveWeb ?? true) await servePortal(app, config.webDir ?? defaultWebDir());

  await app.ready();
  ready = true;

  return {
    app,
    config,
    database,
    services: { audit, auth, authz, settings, bootstrap },
    bus,
    async close() {
      ready = false;
      await app.close();
      await bus.close();
      await database.close();
    },
  };
}
