// A small client over app.inject that keeps the session cookie and the CSRF token, the
// way the portal does; or sends a bearer token, the way automation does.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: LightMyRequestResponse['headers'];
  raw: LightMyRequestResponse;
}

export class ApiClient {
  cookie: string | undefined;
  csrfToken: string | undefined;
  bearer: string | undefined;
  constructor(private readonly app: FastifyInstance, readonly sourceIp = '127.0.0.1') {}

  async request<T = any>(method: InjectOptions['method'], url: string, body?: unknown, extra: { headers?: Record<string, string>; rawBody?: string; csrf?: boolean } = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...(extra.headers ?? {}) };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    if (this.csrfToken && extra.csrf !== false && method !== 'GET') headers['x-csrf-token'] = this.csrfToken;
    let payload: string | undefined;
    if (extra.rawBody !== undefined) {
      payload = extra.rawBody;
      headers['content-type'] ??= 'application/json';
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
    const res = await this.app.inject({ method, url: url.startsWith('/') ? url : `/api/v1/${url}`, headers, remoteAddress: this.sourceIp, ...(payload !== undefined ? { payload } : {}) });
    const setCookie = res.cookies.find((c) => c.name === 'rw_session');
    if (setCookie) this.cookie = setCookie.value ? `rw_session=${setCookie.value}` : undefined;
    let parsed: unknown = res.body;
    if ((res.headers['content-type'] ?? '').toString().includes('application/json') && res.body) parsed = JSON.parse(res.body);
    return { status: res.statusCode, body: parsed as T, headers: res.headers, raw: res };
  }

  get<T = any>(url: string) {
    return this.request<T>('GET', url);
  }
  post<T = any>(url: string, body?: unknown) {
    return this.request<T>('POST', url, body ?? {});
  }
  put<T = any>(url: string, body?: unknown) {
    return this.request<T>('PUT', url, body ?? {});
  }
  patch<T = any>(url: string, body?: unknown) {
    return this.request<T>('PATCH', url, body ?? {});
  }
  delete<T = any>(url: string) {
    return this.request<T>('DELETE', url);
  }

  async login(email: string, password: string): Promise<ApiResponse> {
    const res = await this.request('POST', 'auth/login', { email, password });
    if (res.status === 200) this.csrfToken = res.body.csrfToken;
    return res;
  }
}

export async function signedIn(app: FastifyInstance, email: string, password: string, ip?: string): Promise<ApiClient> {
  const c = new ApiClient(app, ip);
  const res = await c.login(email, password);
  if (res.status !== 200) throw new Error(`sign-in as ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return c;
}
