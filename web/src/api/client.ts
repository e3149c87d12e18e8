// The portal's one way to the API: same-origin cookies, the CSRF token on every
// state-changing request, errors parsed into ApiError, and a 401 sends the user to
// the sign-in page (keeping where they were).
import type { ErrorCode } from '@roomwarden/protocol';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'NETWORK_ERROR',
    message: string,
    readonly field?: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Seconds to wait, for RATE_LIMITED answers. */
  get retryAfterSeconds(): number | null {
    const d = this.details;
    if (d && typeof d === 'object' && 'retryAfterSeconds' in d && typeof d.retryAfterSeconds === 'number') return d.retryAfterSeconds;
    return null;
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called on any 401 from a request other than sign-in itself. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

export function apiUrl(path: string, query?: Query): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  }
  const s = qs.toString();
  return `/api/v1${path}${s ? `?${s}` : ''}`;
}

interface ErrorShape {
  error?: { code?: string; message?: string; field?: string; details?: unknown };
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: ErrorShape | null = null;
  try {
    body = (await res.json()) as ErrorShape;
  } catch (err) {
    return new ApiError(res.status, res.status === 401 ? 'NOT_AUTHENTICATED' : 'INTERNAL', `The server answered ${res.status} (${err instanceof Error ? err.message : 'no body'})`);
  }
  const e = body?.error;
  return new ApiError(res.status, (e?.code ?? 'INTERNAL') as ErrorCode, e?.message ?? `The server answered ${res.status}`, e?.field, e?.details);
}

export async function request<T>(method: string, path: string, opts: { query?: Query; body?: unknown; noAuthRedirect?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(apiUrl(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
  } catch (err) {
    throw new ApiError(0, 'NETWORK_ERROR', `Cannot reach the Roomwarden server (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!res.ok) {
    const error = await toApiError(res);
    if (res.status === 401 && !opts.noAuthRedirect) onUnauthorized?.();
    throw error;
  }
  // 204 and any other empty answer: no body.
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  del: <T = void>(path: string) => request<T>('DELETE', path),
};

/** A message for any thrown value, for error bars. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return err instanceof Error ? err.message : String(err);
}
