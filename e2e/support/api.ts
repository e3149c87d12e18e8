// A small API client for test setup (what the portal test does not exercise itself):
// signs in like the portal (cookie + CSRF token) and calls /api/v1.
export class E2eApi {
  private cookie = '';
  private csrf = '';

  constructor(private readonly baseUrl: string) {}

  static async signIn(baseUrl: string, email: string, password: string): Promise<E2eApi> {
    const api = new E2eApi(baseUrl);
    const res = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    if (!res.ok) throw new Error(`sign-in as ${email} failed: ${res.status} ${await res.text()}`);
    api.cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    api.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
    return api;
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { cookie: this.cookie, 'x-csrf-token': this.csrf };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.baseUrl}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
