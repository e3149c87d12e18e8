// Sign-in with a password, server-side sessions behind an HttpOnly cookie, and the
// resolution of a cookie or an API token to a principal on every request.
import type { AuthSessionsRepository } from '../repositories/auth-sessions.repository.ts';
import type { ApiTokensRepository } from '../repositories/api-tokens.repository.ts';
import type { UserRecord, UsersRepository } from '../repositories/users.repository.ts';
import { AppError } from '../errors.ts';
import type { AuditService } from '../platform/audit.service.ts';
import type { Caller, CallerIdentity, Principal } from '../access/caller.ts';
import type { LoginThrottle } from './login-throttle.ts';
import { RefusalAudit } from './refusal-audit.ts';
import { verifyPassword } from './passwords.ts';
import { randomSecret, sha256Hex } from '../secrets/random-secrets.ts';

export interface SessionTimings {
  idleMinutes: number;
  maxHours: number;
}

export interface IssuedSession {
  user: UserRecord;
  cookieValue: string;
  csrfToken: string;
  expiresAt: Date;
}

export interface ResolvedPrincipal {
  principal: Principal;
  csrfToken?: string;
}

/** Decides whether password sign-in is open to a user (SSO can close it to all but break-glass). */
export type LocalLoginPolicy = (user: UserRecord) => Promise<boolean>;

export interface AuthServiceDeps {
  users: UsersRepository;
  sessions: AuthSessionsRepository;
  tokens: ApiTokensRepository;
  audit: AuditService;
  throttle: LoginThrottle;
  timings: SessionTimings;
  localLoginAllowed?: LocalLoginPolicy;
}

export class AuthService {
  readonly #refusals = new RefusalAudit<Caller>();
  private readonly localLoginAllowed: LocalLoginPolicy;
  constructor(private readonly deps: AuthServiceDeps) {
    this.localLoginAllowed = deps.localLoginAllowed ?? (async () => true);
  }

  async login(email: string, password: string, caller: Caller, userAgent: string | null): Promise<IssuedSession> {
    const account = email.trim().toLowerCase();
    await this.#writeRefusalSummaries();
    const wait = await this.deps.throttle.accountWait(account);
    if (wait > 0) await this.#refuse(caller, `a:${account}|${caller.sourceIp ?? ''}`, { email: account, reason: 'account_backoff', retryAfterSeconds: wait }, wait);
    const user = await this.deps.users.findByEmail(account);
    const ok = await verifyPassword(user?.passwordHash ?? null, password);
    if (!user || !ok || user.disabled) {
      await this.deps.throttle.fail(account, caller.sourceIp);
      const reason = !user ? 'unknown_user' : !ok ? 'bad_password' : 'disabled';
      const addressWait = await this.deps.throttle.addressWait(caller.sourceIp);
      if (addressWait > 0) await this.#refuse(caller, `ip:${caller.sourceIp ?? ''}`, { email: account, reason: 'address_limit', retryAfterSeconds: addressWait }, addressWait);
      await this.deps.audit.record(caller, { action: 'auth.login_failed', targetType: 'user', targetId: user?.id ?? null, details: { email: account, reason } });
      throw new AppError('INVALID_CREDENTIALS', 'The email or password is not correct');
    }
    if (!(await this.localLoginAllowed(user))) {
      await this.deps.audit.record(caller, { action: 'auth.login_failed', targetType: 'user', targetId: user.id, details: { email: account, reason: 'local_login_disabled' } });
      throw new AppError('LOCAL_LOGIN_DISABLED', 'Password sign-in is turned off; sign in with your organisation account');
    }
    await this.deps.throttle.succeed(account);
    return this.startSession(user, 'password', caller, userAgent);
  }

  /** A refused sign-in (429): audited when it opens a window of refusals, else counted for the summary. */
  async #refuse(caller: Caller, key: string, details: Record<string, unknown>, wait: number): Promise<never> {
    if (this.#refusals.refused(key, caller, details)) {
      await this.deps.audit.record(caller, { action: 'auth.login_rate_limited', targetType: 'user', targetId: null, details });
    }
    throw new AppError('RATE_LIMITED', `Too many failed sign-ins; try again in ${wait} s`, undefined, { retryAfterSeconds: wait });
  }

  /** Writes one `auth.login_rate_limited` summary per closed window of refusals (`drain`: every open one too). */
  async #writeRefusalSummaries(drain = false): Promise<void> {
    for (const s of drain ? this.#refusals.drain() : this.#refusals.due()) {
      const details = { ...s.details, summary: true, refusedAttempts: s.refusedAttempts, firstAt: s.firstAt.toISOString(), lastAt: s.lastAt.toISOString() };
      await this.deps.audit.record(s.caller, { action: 'auth.login_rate_limited', targetType: 'user', targetId: null, details });
    }
  }

  /** Writes the summaries of refusals still being counted (on shutdown, and for tests). */
  async flushRefusalSummaries(): Promise<void> {
    await this.#writeRefusalSummaries(true);
  }

  /** Opens a session for a user already authenticated (password or single sign-on). */
  async startSession(user: UserRecord, method: string, caller: Caller, userAgent: string | null, details: Record<string, unknown> = {}): Promise<IssuedSession> {
    const cookieValue = randomSecret(32);
    const csrfToken = randomSecret(24);
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.deps.timings.maxHours * 3_600_000);
    await this.deps.sessions.insert({
      id: sha256Hex(cookieValue),
      userId: user.id,
      csrfToken,
      authMethod: method,
      expiresAt,
      lastSeenAt: now,
      sourceIp: caller.sourceIp,
      userAgent: userAgent?.slice(0, 300) ?? null,
    });
    await this.deps.users.update(user.id, { lastLoginAt: now });
    const loginCtx: CallerIdentity = { sourceIp: caller.sourceIp, principal: { kind: 'user', userId: user.id, email: user.email, displayName: user.displayName, via: 'cookie' } };
    await this.deps.audit.record(loginCtx, { action: 'auth.login', targetType: 'user', targetId: user.id, details: { method, ...details } });
    return { user, cookieValue, csrfToken, expiresAt };
  }

  async logout(caller: Caller): Promise<void> {
    const p = caller.principal;
    if (p.kind !== 'user' || !p.authSessionId) return;
    await this.deps.sessions.revoke(p.authSessionId, new Date());
    await this.deps.audit.record(caller, { action: 'auth.logout', targetType: 'user', targetId: p.userId });
  }

  /** Cookie → principal. Expired, revoked, idle or disabled: anonymous. */
  async fromCookie(cookieValue: string): Promise<ResolvedPrincipal | undefined> {
    const id = sha256Hex(cookieValue);
    const now = new Date();
    const session = await this.deps.sessions.findLive(id, now);
    if (!session) return undefined;
    if (now.getTime() - session.lastSeenAt.getTime() > this.deps.timings.idleMinutes * 60_000) {
      await this.deps.sessions.revoke(id, now);
      return undefined;
    }
    const user = await this.deps.users.findById(session.userId);
    if (!user || user.disabled) return undefined;
    // Sliding idle window, written at most once a minute per session. The last write is
    // read from the row, not remembered by this node: whichever node a request reaches
    // sees the same idle time (several nodes touching within a minute write twice at most).
    if (now.getTime() - session.lastSeenAt.getTime() > 60_000) await this.deps.sessions.touch(id, now);
    return {
      principal: { kind: 'user', userId: user.id, email: user.email, displayName: user.displayName, via: 'cookie', authSessionId: id },
      csrfToken: session.csrfToken,
    };
  }

  /** Bearer API token → principal. */
  async fromBearer(token: string): Promise<ResolvedPrincipal | undefined> {
    const now = new Date();
    const row = await this.deps.tokens.findLiveByHash(sha256Hex(token), now);
    if (!row) return undefined;
    const user = await this.deps.users.findById(row.userId);
    if (!user || user.disabled) return undefined;
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) await this.deps.tokens.touch(row.id, now);
    return { principal: { kind: 'user', userId: user.id, email: user.email, displayName: user.displayName, via: 'bearer', apiTokenId: row.id } };
  }

  /** Ends every session of a user at once (disable, delete, deprovision). */
  async revokeAllFor(userId: string): Promise<number> {
    return this.deps.sessions.revokeAllForUser(userId, new Date());
  }
}
