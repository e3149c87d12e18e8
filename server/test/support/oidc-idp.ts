// An in-process OpenID Connect provider (oidc-provider) on 127.0.0.1 for the sign-in
// tests, with a programmatic interaction: whoever `signInAs` names is signed in at the
// provider. And a browser-like driver: manual redirects and a cookie jar.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type ClaimsParameterMember, type KoaContextWithOIDC } from 'oidc-provider';
import type { FastifyInstance } from 'fastify';

export const IDP_CLIENT = { id: 'roomwarden-test', secret: 'idp-test-client-secret-123456' };

export interface IdpAccount {
  sub: string;
  email: string;
  name?: string;
  oid?: string;
  groups?: string[];
  /** Entra group overage: no groups claim, a pointer to where they could be fetched. */
  overage?: boolean;
  email_verified?: boolean;
}

export interface TestIdp {
  issuer: string;
  accounts: Map<string, IdpAccount>;
  signInAs(sub: string): void;
  close(): Promise<void>;
}

export async function startTestIdp(redirectUri: string): Promise<TestIdp> {
  const accounts = new Map<string, IdpAccount>();
  let current: string | undefined;
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: IDP_CLIENT.id,
        client_secret: IDP_CLIENT.secret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    features: { devInteractions: { enabled: false } },
    conformIdTokenClaims: false,
    claims: { openid: ['sub', 'oid', 'groups'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: ['oidc-test-cookie-key'] },
    ttl: { Interaction: 600, Grant: 600, Session: 600, AccessToken: 600, IdToken: 3600 },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx: KoaContextWithOIDC, id: string) => {
      const a = accounts.get(id);
      if (!a) return undefined;
      return {
        accountId: id,
        claims: async (_use: string, _scope: string, _claims: { [key: string]: ClaimsParameterMember | null }, _rejected: string[]) => {
          const { overage, groups, ...rest } = a;
          return overage
            ? { ...rest, _claim_names: { groups: 'src1' }, _claim_sources: { src1: { endpoint: `${issuer}/graph/getMemberObjects` } } }
            : { ...rest, ...(groups ? { groups } : {}) };
        },
      };
    },
    // First-party client: consent is implied.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  const callback = provider.callback();
  server.on('request', (req, res) => {
    if (req.url?.startsWith('/interaction/')) {
      void (async () => {
        try {
          await provider.interactionDetails(req, res);
          if (!current) throw new Error('signInAs() was not called');
          await provider.interactionFinished(req, res, { login: { accountId: current } }, { mergeWithLastSubmission: false });
        } catch (err) {
          res.statusCode = 500;
          res.end(String(err));
        }
      })();
      return;
    }
    void callback(req, res);
  });

  return {
    issuer,
    accounts,
    signInAs: (sub) => {
      current = sub;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A browser: follows the provider's redirects by hand, with its own cookie jar per host. */
export class Browser {
  readonly idpCookies = new Map<string, string>();
  appCookies = new Map<string, string>();

  constructor(private readonly app: FastifyInstance) {}

  /** Starts sign-in at Roomwarden and walks through the provider back to the callback URL (not yet called). */
  async authorize(startPath = '/api/v1/auth/oidc/login'): Promise<{ callbackUrl: string }> {
    const start = await this.appGet(startPath);
    if (start.status !== 302) throw new Error(`login did not redirect: ${start.status} ${start.body}`);
    let next = start.location;
    for (let hop = 0; hop < 10; hop++) {
      if (next.includes('/api/v1/auth/oidc/callback')) return { callbackUrl: next };
      const res = await fetch(next, { redirect: 'manual', headers: { cookie: [...this.idpCookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const eq = pair!.indexOf('=');
        this.idpCookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
      }
      const location = res.headers.get('location');
      if (!location) throw new Error(`provider stopped at ${next}: ${res.status} ${await res.text()}`);
      next = new URL(location, next).href;
    }
    throw new Error('too many redirects');
  }

  /** Calls Roomwarden's callback (path and query of the given URL) with this browser's cookies. */
  async callback(callbackUrl: string): Promise<{ status: number; location: string }> {
    const u = new URL(callbackUrl);
    return this.appGet(`${u.pathname}${u.search}`);
  }

  async signIn(startPath?: string): Promise<{ status: number; location: string }> {
    return this.callback((await this.authorize(startPath)).callbackUrl);
  }

  async appGet(url: string): Promise<{ status: number; location: string; body: string }> {
    const res = await this.app.inject({ method: 'GET', url, headers: { cookie: [...this.appCookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const c of res.cookies) {
      if (c.value && !(c.expires && c.expires.getTime() < Date.now()) && c.maxAge !== 0) this.appCookies.set(c.name, c.value);
      else this.appCookies.delete(c.name);
    }
    return { status: res.statusCode, location: String(res.headers.location ?? ''), body: res.body };
  }

  get sessionCookie(): string | undefined {
    const v = this.appCookies.get('rw_session');
    return v ? `rw_session=${v}` : undefined;
  }
}
