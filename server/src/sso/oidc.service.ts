// OpenID Connect sign-in: authorization code flow with PKCE, state and nonce (kept
// server-side, one-time, bound to the browser by a cookie), issuer discovery, users
// created just in time, and group memberships brought up to date from the groups claim.
import type { AdministratorGuard } from '../access/administrator-guard.ts';
import * as client from 'openid-client';
import type { Executor } from '../db/database.ts';
import type { IdentityRepository } from '../repositories/identity.repository.ts';
import type { UserRecord, UsersRepository } from '../repositories/users.repository.ts';
import type { OidcRepository } from '../repositories/oidc.repository.ts';
import type { Transactor } from '../repositories/transactor.ts';
import { AppError } from '../errors.ts';
import type { ErrorCode } from '@roomwarden/protocol';
import type { AuditService } from '../platform/audit.service.ts';
import type { AuthService, IssuedSession } from '../auth/auth.service.ts';
import { systemCaller, type Caller } from '../access/caller.ts';
import type { OidcSettings, OidcSettingsService } from './oidc-settings.service.ts';
import { randomSecret, safeEqual, sha256Hex } from '../secrets/random-secrets.ts';

const STATE_TTL_MS = 10 * 60_000;
const MAX_GROUPS = 2000;
const MAX_PENDING_LOGINS = 10_000;

export interface SignedIn {
  session: IssuedSession;
  /** A path on this site to send the browser to. */
  returnTo: string;
}

export interface StartedLogin {
  redirectTo: string;
  /** Goes into an HttpOnly cookie; the callback must bring it back. */
  browserBinding: string;
  maxAgeSeconds: number;
}

export interface OidcCallbackInput {
  /** The query string the provider sent back, as received (with or without the leading ?). */
  search: string;
  browserBinding: string | undefined;
  userAgent: string | null;
}

export interface OidcServiceOptions {
  /** Tests only: seconds added to the local clock when checking ID token times. */
  clockSkewSeconds?: number;
}

type Claims = Record<string, unknown>;

export interface OidcServiceDeps {
  settings: OidcSettingsService;
  states: OidcRepository;
  identity: IdentityRepository;
  users: UsersRepository;
  auth: AuthService;
  tx: Transactor;
  audit: AuditService;
  guard: AdministratorGuard;
  opts?: OidcServiceOptions;
}

export class OidcService {
  #configs = new Map<string, Promise<client.Configuration>>();

  private readonly opts: OidcServiceOptions;
  constructor(private readonly deps: OidcServiceDeps) {
    this.opts = deps.opts ?? ({});
  }

  /** `next`: where the portal wants to land after sign-in; only a path on this site is kept. */
  async startLogin(next?: string): Promise<StartedLogin> {
    const s = await this.deps.settings.load();
    if (!s.enabled) throw new AppError('OIDC_NOT_CONFIGURED', 'Single sign-on is not turned on');
    const config = await this.configuration(s);
    const state = client.randomState();
    const nonce = client.randomNonce();
    const codeVerifier = client.randomPKCECodeVerifier();
    const browserBinding = randomSecret(24);
    await this.deps.states.deleteExpired(new Date());
    // Sign-ins are started anonymously: bound the table a flood of starts could fill.
    if ((await this.deps.states.countLive(new Date())) >= MAX_PENDING_LOGINS) {
      throw new AppError('RATE_LIMITED', 'Too many sign-ins in progress; try again in a few minutes', undefined, { retryAfterSeconds: 60 });
    }
    await this.deps.states.insertState({
      state,
      nonce,
      codeVerifier,
      browserHash: sha256Hex(browserBinding),
      returnTo: safeReturnPath(next),
      expiresAt: new Date(Date.now() + STATE_TTL_MS),
    });
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.deps.settings.redirectUri,
      scope: s.scopes,
      state,
      nonce,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { redirectTo: url.href, browserBinding, maxAgeSeconds: STATE_TTL_MS / 1000 };
  }

  async callback(caller: Caller, input: OidcCallbackInput): Promise<SignedIn> {
    const params = new URLSearchParams(input.search.replace(/^\?/, ''));
    const stateParam = params.get('state') ?? '';
    const row = stateParam ? await this.deps.states.takeState(stateParam.slice(0, 200)) : undefined;
    const bound = row && input.browserBinding !== undefined && safeEqual(sha256Hex(input.browserBinding), row.browserHash);
    if (!row || !bound || row.expiresAt.getTime() < Date.now()) {
      const reason = !row ? 'unknown_state' : !bound ? 'state_not_bound_to_browser' : 'state_expired';
      return this.fail(caller, 'OIDC_STATE_MISMATCH', reason, 'The sign-in response does not match a sign-in started from this browser; start again');
    }
    if (params.has('error')) {
      return this.fail(caller, 'OIDC_LOGIN_FAILED', 'provider_error', 'The identity provider refused the sign-in', { providerError: params.get('error')?.slice(0, 100), description: params.get('error_description')?.slice(0, 300) });
    }
    const s = await this.deps.settings.load();
    if (!s.enabled) return this.fail(caller, 'OIDC_NOT_CONFIGURED', 'not_enabled', 'Single sign-on is not turned on');

    let claims: Claims;
    try {
      const config = await this.configuration(s);
      const currentUrl = new URL(this.deps.settings.redirectUri);
      currentUrl.search = params.toString();
      const tokens = await client.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: row.codeVerifier,
        expectedState: row.state,
        expectedNonce: row.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (!idClaims) throw new Error('no ID token');
      claims = idClaims as Claims;
    } catch (err) {
      const { message, claim } = describeFailure(err);
      const code = err instanceof client.ResponseBodyError ? err.error : err instanceof Error && 'code' in err ? String((err as { code: unknown }).code) : undefined;
      return this.fail(caller, 'OIDC_LOGIN_FAILED', 'token_validation_failed', 'The sign-in could not be completed with the identity provider', {
        error: message,
        ...(code ? { errorCode: code } : {}),
        ...(claim ? { claim } : {}),
      });
    }
    return { session: await this.signIn(caller, s, claims, input.userAgent), returnTo: row.returnTo };
  }

  private async signIn(caller: Caller, s: OidcSettings, claims: Claims, userAgent: string | null): Promise<IssuedSession> {
    const subject = stringClaim(claims, 'oid') ?? stringClaim(claims, 'sub');
    const email = (stringClaim(claims, 'email') ?? stringClaim(claims, 'preferred_username') ?? stringClaim(claims, 'upn'))?.trim().toLowerCase();
    if (!subject) return this.fail(caller, 'OIDC_LOGIN_FAILED', 'no_subject', 'The identity provider sent no subject');
    if (!email || !/^[^@\s]+@[^@\s]+$/.test(email) || email.length > 254) {
      return this.fail(caller, 'OIDC_LOGIN_FAILED', 'no_email', 'The identity provider sent no email address', { subject });
    }
    const domain = email.split('@')[1] ?? '';
    if (s.allowedEmailDomains.length > 0 && !s.allowedEmailDomains.includes(domain)) {
      return this.fail(caller, 'OIDC_DOMAIN_NOT_ALLOWED', 'domain_not_allowed', `Accounts from ${domain} may not sign in here`, { email });
    }

    const groupsValue = readPath(claims, s.groupsClaim);
    const claimNames = claims._claim_names;
    const overage = groupsValue === undefined && typeof claimNames === 'object' && claimNames !== null && s.groupsClaim in claimNames;
    const groupIds = Array.isArray(groupsValue) ? groupsValue.filter((g): g is string => typeof g === 'string' && g.length > 0 && g.length <= 300).slice(0, MAX_GROUPS) : groupsValue === undefined ? [] : null;
    if (groupIds === null) return this.fail(caller, 'OIDC_LOGIN_FAILED', 'bad_groups_claim', `The ${s.groupsClaim} claim is not a list`, { email });

    const displayName = (stringClaim(claims, 'name') ?? [stringClaim(claims, 'given_name'), stringClaim(claims, 'family_name')].filter(Boolean).join(' ')) || email;
    // Two first sign-ins of the same person at once: the loser of the unique-index race retries and finds the user.
    const resolve = () =>
      this.deps.tx.run(async (ex) => {
        let user = await this.deps.users.findByExternalId(subject, ex);
        let created = false;
        let linked = false;
        if (!user) {
          const byEmail = await this.deps.users.findByEmail(email, ex);
          if (byEmail) {
            if (claims.email_verified === false) return { refused: 'email_not_verified' as const };
            user = byEmail.externalId ? byEmail : ((await this.deps.users.update(byEmail.id, { externalId: subject }, ex)) ?? byEmail);
            linked = true;
          } else {
            user = await this.deps.users.insert({ id: crypto.randomUUID(), email, displayName: displayName.slice(0, 200), passwordHash: null, source: 'oidc', externalId: subject, updatedAt: new Date() }, ex);
            created = true;
            await this.deps.audit.record(systemCaller('oidc'), { action: 'user.create', targetType: 'user', targetId: user.id, details: { email, source: 'oidc', externalId: subject } }, ex);
          }
        }
        if (user.disabled) return { refused: 'disabled' as const, user };
        const sync = overage ? { added: [], removed: [], keptForLastAdministrator: [], unmatched: 0 } : await this.syncGroups(user, groupIds, ex);
        return { user, created, linked, sync };
      });
    const result = await resolve().catch((err: unknown) => {
      if ((err as { code?: unknown }).code === '23505') return resolve();
      throw err;
    });
    if (result.refused !== undefined) {
      const code: ErrorCode = result.refused === 'disabled' ? 'ACCOUNT_DISABLED' : 'OIDC_LOGIN_FAILED';
      return this.fail(caller, code, result.refused, result.refused === 'disabled' ? 'This account is disabled' : 'The identity provider has not verified this email address', { email }, result.user?.id);
    }
    return this.deps.auth.startSession(result.user, 'oidc', caller, userAgent, {
      subject,
      created: result.created,
      linked: result.linked,
      groupsOverage: overage,
      // Absent is taken as "no groups" (fail closed): a provider that stops sending the claim removes access.
      groupsClaimPresent: groupsValue !== undefined,
      groupsAdded: result.sync.added,
      groupsRemoved: result.sync.removed,
      ...(result.sync.keptForLastAdministrator.length ? { groupsKeptForLastAdministrator: result.sync.keptForLastAdministrator } : {}),
      unmatchedGroups: result.sync.unmatched,
    });
  }

  /** Adds the groups named in the claim; removes memberships of provider-managed groups no longer named. */
  private async syncGroups(user: UserRecord, externalIds: string[], ex: Executor) {
    const wanted = await this.deps.identity.groupsByExternalIds([...new Set(externalIds)], ex);
    const current = await this.deps.identity.managedGroupsOf(user.id, ex);
    const currentIds = new Set(current.map((g) => g.id));
    const wantedIds = new Set(wanted.map((g) => g.id));
    const added = wanted.filter((g) => !currentIds.has(g.id)).map((g) => g.id);
    const removed = current.filter((g) => !wantedIds.has(g.id)).map((g) => g.id);
    await this.deps.identity.addUserToGroups(user.id, added, ex);
    await this.deps.identity.removeUserFromGroups(user.id, removed, ex);
    // The provider may not take away the last Administrator (no path may): the sign-in
    // goes on, those memberships stay, and the audit entry says so.
    if (removed.length > 0 && (await this.deps.guard.noAdministratorLeft(ex))) {
      await this.deps.identity.addUserToGroups(user.id, removed, ex);
      return { added, removed: [], keptForLastAdministrator: removed, unmatched: new Set(externalIds).size - wanted.length };
    }
    return { added, removed, keptForLastAdministrator: [] as string[], unmatched: new Set(externalIds).size - wanted.length };
  }

  private async fail(caller: Caller, code: ErrorCode, reason: string, message: string, details: Record<string, unknown> = {}, userId?: string): Promise<never> {
    await this.deps.audit.record(caller, { action: 'auth.login_failed', targetType: 'user', targetId: userId ?? null, details: { method: 'oidc', reason, ...details } });
    throw new AppError(code, message);
  }

  private configuration(s: OidcSettings): Promise<client.Configuration> {
    const key = JSON.stringify([s.issuer, s.clientId, s.clientSecret, this.deps.settings.allowInsecureIssuer, this.opts.clockSkewSeconds ?? 0]);
    let config = this.#configs.get(key);
    if (!config) {
      const metadata: Partial<client.ClientMetadata> = { ...(this.opts.clockSkewSeconds ? { [client.clockSkew]: this.opts.clockSkewSeconds } : {}) };
      const secret = this.deps.settings.openClientSecret(s.clientSecret);
      const auth = secret ? client.ClientSecretBasic(secret) : client.None();
      config = client.discovery(new URL(s.issuer), s.clientId, metadata, auth, this.deps.settings.allowInsecureIssuer ? { execute: [client.allowInsecureRequests], timeout: 10 } : { timeout: 10 });
      this.#configs.clear();
      this.#configs.set(key, config);
      void config.catch(() => this.#configs.delete(key));
    }
    return config.catch((err: unknown) => {
      throw new AppError('OIDC_LOGIN_FAILED', `The identity provider could not be reached (${err instanceof Error ? err.message.slice(0, 200) : 'discovery failed'})`);
    });
  }
}

function stringClaim(claims: Claims, name: string): string | undefined {
  const v = claims[name];
  return typeof v === 'string' && v.length > 0 && v.length <= 500 ? v : undefined;
}

/** A claim by name, or by a dotted path for nested claims (Keycloak's realm_access.roles). */
function readPath(claims: Claims, path: string): unknown {
  if (path in claims) return claims[path];
  let cur: unknown = claims;
  for (const part of path.split('.')) {
    if (typeof cur !== 'object' || cur === null || !(part in cur)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** openid-client wraps oauth4webapi's errors: the useful message and the failing claim sit in the cause chain. */
function describeFailure(err: unknown): { message: string; claim: string | undefined } {
  const messages: string[] = [];
  let claim: string | undefined;
  let cur: unknown = err;
  for (let depth = 0; depth < 4 && typeof cur === 'object' && cur !== null; depth++) {
    const e = cur as { message?: unknown; claim?: unknown; cause?: unknown };
    if (typeof e.message === 'string') messages.push(e.message);
    if (typeof e.claim === 'string') claim ??= e.claim;
    cur = e.cause;
  }
  return { message: (messages.join(': ') || 'unknown').slice(0, 400), claim };
}

/** A same-site path ("/rooms/…"), never another origin ("//evil", "/\\evil", "https:…"). */
export function safeReturnPath(next: string | undefined): string {
  if (!next || next.length > 500 || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || /[\u0000-\u001f\\]/.test(next)) return '/';
  return next;
}
