// Identity: sign-in (local, API tokens, OpenID Connect), the directory (users, groups,
// roles), SCIM provisioning, and the first Administrator.
import { AdministratorGuard } from '../access/administrator-guard.ts';
import type { AuthorizationService } from '../access/authorization.service.ts';
import { ApiTokenService } from '../auth/api-token.service.ts';
import { AuthService } from '../auth/auth.service.ts';
import { LoginThrottle, type ThrottleLimits } from '../auth/login-throttle.ts';
import { MeService, type RemoteAccessState } from '../auth/me.service.ts';
import { BootstrapService } from '../directory/bootstrap.service.ts';
import { GroupsService } from '../directory/groups.service.ts';
import { RolesService } from '../directory/roles.service.ts';
import { UsersService } from '../directory/users.service.ts';
import type { AuditService } from '../platform/audit.service.ts';
import { AdvisoryLocksRepository } from '../repositories/advisory-locks.repository.ts';
import { ApiTokensRepository } from '../repositories/api-tokens.repository.ts';
import { AuthSessionsRepository } from '../repositories/auth-sessions.repository.ts';
import { GroupsRepository } from '../repositories/groups.repository.ts';
import { IdentityRepository } from '../repositories/identity.repository.ts';
import { OidcRepository } from '../repositories/oidc.repository.ts';
import { RolesWriter } from '../repositories/role-assignments.repository.ts';
import { RolesRepository } from '../repositories/roles.repository.ts';
import type { RoomsRepository } from '../repositories/rooms.repository.ts';
import type { RoomGroupsRepository } from '../repositories/room-groups.repository.ts';
import { AssignmentsRepository } from '../repositories/assignments.repository.ts';
import { AssignmentsService } from '../directory/assignments.service.ts';
import { assignmentsRoutes } from '../routes/assignments.routes.ts';
import { ScimRepository } from '../repositories/scim.repository.ts';
import { SignInFailuresRepository } from '../repositories/sign-in-failures.repository.ts';
import type { SettingsRepository } from '../repositories/settings.repository.ts';
import type { SitesRepository } from '../repositories/sites.repository.ts';
import { UsersRepository } from '../repositories/users.repository.ts';
import { authRoutes } from '../routes/auth.routes.ts';
import { groupsRoutes } from '../routes/groups.routes.ts';
import { oidcRoutes } from '../routes/oidc.routes.ts';
import { rolesRoutes } from '../routes/roles.routes.ts';
import { SCIM_PREFIX, scimRoutes } from '../routes/scim.routes.ts';
import { scimTokenRoutes } from '../routes/scim-tokens.routes.ts';
import { tokenRoutes } from '../routes/tokens.routes.ts';
import { usersRoutes } from '../routes/users.routes.ts';
import { OidcSettingsService } from '../sso/oidc-settings.service.ts';
import { OidcService } from '../sso/oidc.service.ts';
import { ScimGroupsService } from '../sso/scim-groups.service.ts';
import { ScimTokenService } from '../sso/scim-token.service.ts';
import { ScimUsersService } from '../sso/scim-users.service.ts';
import type { BearerResolver } from '../http/request-context.ts';
import type { Infrastructure } from './infrastructure.ts';
import type { FeatureModule } from './module.ts';

export interface IdentityNeeds {
  audit: AuditService;
  authz: AuthorizationService;
  settingsRepo: SettingsRepository;
  /** Settings > General, for the remote access state that /me tells every user. */
  general: RemoteAccessState;
  /** Role assignments are scoped to sites, room groups and rooms: their repositories check those ids. */
  sites: SitesRepository;
  rooms: RoomsRepository;
  roomGroups: RoomGroupsRepository;
  throttle?: ThrottleLimits | undefined;
}

export function identityModule(infra: Infrastructure, needs: IdentityNeeds) {
  const { config, db, tx, bus, log, secretBox } = infra;
  const { audit, authz } = needs;
  const users = new UsersRepository(db);
  const groups = new GroupsRepository(db);
  const identity = new IdentityRepository(db);
  const rolesRepo = new RolesRepository(db);
  const scimRepo = new ScimRepository(db);
  const apiTokensRepo = new ApiTokensRepository(db);
  const adminGuard = new AdministratorGuard(rolesRepo);

  const oidcSettings = new OidcSettingsService({
    repo: needs.settingsRepo,
    identity,
    users,
    tx,
    audit,
    bus,
    secrets: secretBox,
    opts: { publicUrl: config.publicUrl, allowInsecureIssuer: config.oidcAllowInsecureIssuer },
    onUnreadableSecret: (err) => log.error({ err }, "the stored OpenID Connect client secret does not open with this server's secrets key; enter it again in Settings > General"),
  });
  const auth = new AuthService({
    users,
    sessions: new AuthSessionsRepository(db),
    tokens: apiTokensRepo,
    audit,
    throttle: new LoginThrottle(new SignInFailuresRepository(db), 'sign-in', needs.throttle),
    timings: { idleMinutes: config.timings.authSessionIdleMinutes, maxHours: config.timings.authSessionMaxHours },
    localLoginAllowed: oidcSettings.localLoginAllowed,
  });
  const apiTokens = new ApiTokenService(apiTokensRepo, audit);
  const me = new MeService(users, groups, authz, needs.general);
  const bootstrap = new BootstrapService(users, new RolesWriter(db), tx, audit, new AdvisoryLocksRepository());
  const usersService = new UsersService({ users, groups, tx, audit, guard: adminGuard, bus });
  const groupsService = new GroupsService({ groups, users, tx, audit, guard: adminGuard, bus });
  const assignmentsRepo = new AssignmentsRepository(db);
  const assignmentRefs = { users, groups, sites: needs.sites, rooms: needs.rooms, roomGroups: needs.roomGroups };
  const rolesService = new RolesService({ roles: rolesRepo, assignments: assignmentsRepo, refs: assignmentRefs, tx, audit, guard: adminGuard, bus });
  const assignmentsService = new AssignmentsService({ roles: rolesRepo, assignments: assignmentsRepo, refs: assignmentRefs, tx, audit, guard: adminGuard, bus });
  const oidc = new OidcService({ settings: oidcSettings, states: new OidcRepository(db), identity, users, auth, tx, audit, guard: adminGuard, opts: { clockSkewSeconds: config.oidcClockSkewSeconds } });
  const scimTokens = new ScimTokenService(scimRepo, audit);
  const scimBase = `${config.publicUrl}${SCIM_PREFIX}`;
  const scimUsers = new ScimUsersService({ identity, users, scim: scimRepo, tx, audit, bus, guard: adminGuard, baseUrl: scimBase });
  const scimGroups = new ScimGroupsService({ identity, users, groups, scim: scimRepo, tx, audit, bus, guard: adminGuard, baseUrl: scimBase });
  const bearerResolvers: BearerResolver[] = [scimTokens.resolve];

  const module: FeatureModule = {
    routes: [
      authRoutes({ auth, me, secureCookies: config.secureCookies, providers: () => oidcSettings.providers() }),
      tokenRoutes(apiTokens),
      usersRoutes(usersService),
      groupsRoutes(groupsService),
      rolesRoutes(rolesService),
      assignmentsRoutes(assignmentsService),
      oidcRoutes({ oidc, settings: oidcSettings, secureCookies: config.secureCookies }),
      scimTokenRoutes(scimTokens),
    ],
    prefixedRoutes: [{ prefix: SCIM_PREFIX, plugin: scimRoutes({ users: scimUsers, groups: scimGroups, baseUrl: scimBase }) }],
  };
  return { module, auth, oidcSettings, bootstrap, bearerResolvers };
}
