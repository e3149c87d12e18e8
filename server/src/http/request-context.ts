// Resolves who is calling (session cookie or bearer token), enforces CSRF for cookie
// sessions on state-changing requests, and applies the route's declared permission
// through the authorisation service.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bearerTokenOf } from './bearer.ts';
import { AppError } from '../errors.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { AuthorizationService } from '../access/authorization.service.ts';
import { anonymousCaller, type Caller, type Principal } from '../access/caller.ts';
import { safeEqual } from '../secrets/random-secrets.ts';
import { describePermission } from './route-permission.ts';

export const SESSION_COOKIE = 'rw_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Extra bearer schemes (SCIM tokens) register a resolver; the first that answers wins. */
export type BearerResolver = (token: string) => Promise<Principal | undefined>;

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, with their grants loaded once for this request (set before the handler runs). */
    caller: Caller;
    /** Who the cookie or bearer token says is calling (before grants are loaded). */
    principal: Principal;
    csrfToken?: string;
  }
}

export function installRequestContext(app: FastifyInstance, auth: AuthService, authz: AuthorizationService, extraBearers: BearerResolver[]): void {
  app.decorateRequest('caller', null as unknown as Caller);
  app.decorateRequest('principal', null as never);

  app.addHook('onRequest', async (request) => {
    request.principal = { kind: 'anonymous' };
    request.caller = anonymousCaller(request.ip ?? null);
    const permission = request.routeOptions.config?.permission;
    if (permission === 'public' || permission === 'agent' || permission === undefined) return;
    const token = bearerTokenOf(request.headers.authorization);
    if (token !== undefined) {
      const resolved = token.startsWith('rwt_') ? (await auth.fromBearer(token))?.principal : await firstOf(extraBearers, token);
      if (!resolved) throw new AppError('NOT_AUTHENTICATED', 'The bearer token is not valid, expired or revoked');
      request.principal = resolved;
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie) return;
    const resolved = await auth.fromCookie(cookie);
    if (!resolved) return;
    request.principal = resolved.principal;
    if (resolved.csrfToken) request.csrfToken = resolved.csrfToken;
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !resolved.csrfToken || !safeEqual(sent, resolved.csrfToken)) {
        throw new AppError('CSRF_TOKEN_INVALID', 'Missing or wrong X-CSRF-Token header');
      }
    }
  });

  app.addHook('preHandler', async (request: FastifyRequest) => {
    if (request.is404) return;
    const permission = request.routeOptions.config?.permission;
    if (permission === undefined) throw new AppError('INTERNAL', 'Route without a declared permission');
    if (permission === 'public' || permission === 'agent') return;
    const p = request.principal;
    if (permission === 'scim') {
      if (p.kind !== 'scim') throw new AppError('NOT_AUTHENTICATED', 'A SCIM bearer token is required');
      request.caller = await authz.callerFor(p, request.caller.sourceIp);
      return;
    }
    if (p.kind === 'anonymous') throw new AppError('NOT_AUTHENTICATED', 'Sign in first');
    if (p.kind === 'scim') throw new AppError('FORBIDDEN', `A SCIM token cannot call this route (${describePermission(permission)})`);
    request.caller = await authz.callerFor(p, request.caller.sourceIp);
    if (permission !== 'authenticated') authz.requireArea(request.caller, permission.area, permission.level);
  });
}

async function firstOf(resolvers: BearerResolver[], token: string): Promise<Principal | undefined> {
  for (const r of resolvers) {
    const p = await r(token);
    if (p) return p;
  }
  return undefined;
}
