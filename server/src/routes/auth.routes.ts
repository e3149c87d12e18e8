import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuthService } from '../auth/auth.service.ts';
import type { MeService } from '../auth/me.service.ts';
import { SESSION_COOKIE } from '../http/request-context.ts';
import { userView } from '../directory/views.ts';

export interface ProvidersInfo {
  localLoginEnabled: boolean;
  oidc: { enabled: boolean; displayName: string };
}

export interface AuthRoutesDeps {
  auth: AuthService;
  me: MeService;
  providers: () => Promise<ProvidersInfo>;
  secureCookies: boolean;
}

export function authRoutes(deps: AuthRoutesDeps) {
  return async (fastify: FastifyInstance): Promise<void> => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.post(
      '/auth/login',
      {
        config: { permission: 'public' },
        schema: {
          tags: ['auth'],
          summary: 'Sign in with email and password; sets the session cookie',
          body: z.object({ email: z.string().trim().min(3).max(254), password: z.string().min(1).max(1024) }).strict(),
          
        },
      },
      async (request, reply) => {
        const s = await deps.auth.login(request.body.email, request.body.password, request.caller, request.headers['user-agent'] ?? null);
        void reply.setCookie(SESSION_COOKIE, s.cookieValue, { httpOnly: true, sameSite: 'lax', secure: deps.secureCookies, path: '/', expires: s.expiresAt });
        return { user: userView(s.user), csrfToken: s.csrfToken };
      },
    );
    app.post(
      '/auth/logout',
      { config: { permission: 'authenticated' }, schema: { tags: ['auth'], summary: 'Sign out: revokes the session' } },
      async (request, reply) => {
        await deps.auth.logout(request.caller);
        void reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    );
    app.get(
      '/auth/providers',
      { config: { permission: 'public' }, schema: { tags: ['auth'], summary: 'How users can sign in (for the sign-in page)' } },
      async () => deps.providers(),
    );
    app.get(
      '/me',
      { config: { permission: 'authenticated' }, schema: { tags: ['auth'], summary: 'The caller: user, groups, effective permissions, CSRF token' } },
      async (request) => ({ ...(await deps.me.describe(request.caller)), csrfToken: request.csrfToken ?? null }),
    );
  };
}
