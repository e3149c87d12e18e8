// A real OpenID Connect provider (oidc-provider) for the browser tests, on a port of the
// e2e range: its own login page (email + password of a test account) and consent page,
// which a browser completes like any identity provider's. Accounts carry a `groups`
// claim (in the ID token, as Entra ID sends object ids).
import http from 'node:http';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import { freePort } from './server.ts';

export interface IdpUser {
  sub: string;
  email: string;
  password: string;
  name: string;
  groups: string[];
}

export interface IdpClient {
  id: string;
  secret: string;
  redirectUri: string;
}

export interface BrowserIdp {
  issuer: string;
  port: number;
  /** Sign-ins completed on the login page, by email, newest last. */
  signIns: string[];
  close: () => Promise<void>;
}

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font-family:sans-serif;background:#eef1f6;margin:0}main{max-width:380px;margin:80px auto;background:#fff;padding:32px;border-radius:8px;box-shadow:0 2px 8px #0002}
h1{font-size:22px;margin:0 0 8px}label{display:block;margin:14px 0 4px}input{width:100%;box-sizing:border-box;padding:8px;font-size:15px}
button{margin-top:18px;padding:9px 18px;font-size:15px;background:#2b5797;color:#fff;border:0;border-radius:4px}.err{color:#b00020}.who{color:#555}</style>
</head><body><main><div class="who">Contoso test identity provider</div>${body}</main></body></html>`;
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 16_384) throw new Error('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function send(res: http.ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

/** Starts the provider; `users` are the accounts its login page accepts. */
export async function startBrowserIdp(client: IdpClient, users: IdpUser[]): Promise<BrowserIdp> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const byEmail = new Map(users.map((u) => [u.email.toLowerCase(), u]));
  const bySub = new Map(users.map((u) => [u.sub, u]));
  const signIns: string[] = [];

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: client.id,
        client_secret: client.secret,
        redirect_uris: [client.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    features: { devInteractions: { enabled: false } },
    // Groups in the ID token, as Entra ID sends them.
    conformIdTokenClaims: false,
    claims: { openid: ['sub', 'groups'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: ['e2e-idp-cookie-key-0123456789'] },
    ttl: { Interaction: 600, Grant: 600, Session: 600, AccessToken: 600, IdToken: 3600 },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx: KoaContextWithOIDC, id: string) => {
      const u = bySub.get(id);
      if (!u) return undefined;
      return { accountId: id, claims: () => ({ sub: u.sub, email: u.email, email_verified: true, name: u.name, groups: u.groups }) };
    },
  });

  const loginForm = (uid: string, error?: string, email = '') =>
    page(
      'Sign in',
      `<h1>Sign in</h1>${error ? `<p class="err" role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" value="${escape(email)}" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form>`,
    );

  const consentForm = (uid: string, clientId: string, scopes: string[]) =>
    page(
      'Allow access',
      `<h1>Allow access</h1><p><strong>${escape(clientId)}</strong> asks to read: ${escape(scopes.join(', ') || 'your identity')}.</p>
<form method="post" action="/interaction/${escape(uid)}/confirm"><button type="submit">Allow</button></form>`,
    );

  const interaction = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const m = /^\/interaction\/([^/?]+)(\/login|\/confirm)?/.exec(req.url ?? '');
    const details = await provider.interactionDetails(req, res);
    const uid = details.uid;
    if (!m || m[1] !== uid) return send(res, 400, page('Error', '<p class="err">This sign-in link does not belong to this browser.</p>'));
    const action = m[2];
    if (req.method === 'GET' && !action) {
      if (details.prompt.name === 'login') return send(res, 200, loginForm(uid));
      const missing = (details.prompt.details.missingOIDCScope as string[] | undefined) ?? [];
      return send(res, 200, consentForm(uid, String(details.params.client_id), missing));
    }
    if (req.method === 'POST' && action === '/login' && details.prompt.name === 'login') {
      const form = await readForm(req);
      const email = (form.get('email') ?? '').trim().toLowerCase();
      const user = byEmail.get(email);
      if (!user || user.password !== form.get('password')) return send(res, 200, loginForm(uid, 'Wrong email or password.', email));
      signIns.push(user.email);
      await provider.interactionFinished(req, res, { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
      return;
    }
    if (req.method === 'POST' && action === '/confirm' && details.prompt.name === 'consent') {
      const accountId = details.session?.accountId;
      if (!accountId) throw new Error('consent without a signed-in account');
      const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId, clientId: String(details.params.client_id) });
      if (!grant) throw new Error('the grant to extend was not found');
      const d = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
      if (d.missingOIDCScope) grant.addOIDCScope(d.missingOIDCScope.join(' '));
      if (d.missingOIDCClaims) grant.addOIDCClaims(d.missingOIDCClaims);
      for (const [indicator, scopes] of Object.entries(d.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      return;
    }
    send(res, 400, page('Error', '<p class="err">Unexpected step.</p>'));
  };

  const callback = provider.callback();
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/interaction/')) {
      interaction(req, res).catch((err: unknown) => {
        if (!res.headersSent) send(res, 500, page('Error', `<p class="err">${escape(err instanceof Error ? err.message : String(err))}</p>`));
        else res.end();
      });
      return;
    }
    void callback(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });

  return {
    issuer,
    port,
    signIns,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
