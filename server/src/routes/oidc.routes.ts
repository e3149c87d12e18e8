// OpenID Connect: the provider's settings (secret write-only), and the browser sign-in
// round trip. Browser errors go back to the portal's sign-in page as /signin?error=CODE.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { SESSION_COOKIE } from '../http/request-context.ts';
import type { OidcService } from '../sso/oidc.service.ts';
import { oidcSettingsInput, type OidcSettingsService, type OidcSettingsView } from '../sso/oidc-settings.service.ts';
import { acceptingReadBack } from './schemas.ts';

const oidcWrite = acceptingReadBack<OidcSettingsView>()(oidcSettingsInput, ['clientSecretSet', 'clientSecretUnreadable', 'redirectUri', 'updatedAt']);

const BINDING_COOKIE = 'rw_oidc';
const BINDING_PATH = '/api/v1/auth/oidc';

export interface OidcRoutesDeps {
  oidc: OidcService;
  settings: OidcSettingsService;
  secureCookies: boolean;
}

export function oidcRoutes(deps: OidcRoutesDeps) {
  return async (fastify: FastifyInstance): Promise<void> => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const toLoginPage = (reply: FastifyReply, err: unknown): FastifyReply => {
      if (!(err instanceof AppError)) throw err;
      return reply.redirect(`/signin?error=${encodeURIComponent(err.code)}`, 302);
    };

    app.get(
      '/settings/oidc',
      { config: { permission: { area: 'settings', level: 'view' } }, schema: { tags: ['settings'], summary: 'Single sign-on (OpenID Connect) settings; the client secret is never returned' } },
      async () => deps.settings.get(),
    );
    app.put(
      '/settings/oidc',
      {
        config: { permission: { area: 'settings', level: 'modify' } },
        schema: { tags: ['settings'], summary: 'Change single sign-on settings (omit clientSecret to keep it, "" to clear it)', body: oidcWrite },
      },
      async (request) => deps.settings.update(request.caller, request.body),
    );

    app.get(
      '/auth/oidc/login',
      {
        config: { permission: 'public' },
        schema: { tags: ['auth'], summary: 'Start single sign-on: redirects to the identity provider', querystring: z.object({ next: z.string().optional() }) },
      },
      async (request, reply) => {
        try {
          const started = await deps.oidc.startLogin(request.query.next);
          void reply.setCookie(BINDING_COOKIE, started.browserBinding, { httpOnly: true, sameSite: 'lax', secure: deps.secureCookies, path: BINDING_PATH, maxAge: started.maxAgeSeconds });
          return reply.redirect(started.redirectTo, 302);
        } catch (err) {
          return toLoginPage(reply, err);
        }
      },
    );
    app.get(
      '/auth/oidc/callback',
      { config: { permission: 'public' }, schema: { tags: ['auth'], summary: 'Single sign-on callback: signs in and redirects to the portal' } },
      async (request, reply) => {
        void reply.clearCookie(BINDING_COOKIE, { path: BINDING_PATH });
        try {
          const q = request.url.indexOf('?');
          const { session, returnTo } = await deps.oidc.callback(request.caller, {
            search: q >= 0 ? request.url.slice(q + 1) : '',
            browserBinding: request.cookies[BINDING_COOKIE],
            userAgent: request.headers['user-agent'] ?? null,
          });
          void reply.setCookie(SESSION_COOKIE, session.cookieValue, { httpOnly: true, sameSite: 'lax', secure: deps.secureCookies, path: '/', expires: session.expiresAt });
          return reply.redirect(returnTo, 302);
        } catch (err) {
          return toLoginPage(reply, err);
        }
      },
    );
  };
}
