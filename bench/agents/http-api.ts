// The benchmarks' small HTTP client for Roomwarden's API: JSON in and out, the sign-in
// cookie and CSRF token of an Administrator.
export interface ApiAnswer {
  status: number;
  json: Record<string, unknown>;
  setCookie: string[];
}

export async function api(base: string, method: string, p: string, body: unknown, headers: Record<string, string>): Promise<ApiAnswer> {
  const res = await fetch(`${base}/api/v1/${p}`, { method, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {}, setCookie: res.headers.getSetCookie() };
}

/** Signs in and returns the headers of a signed-in Administrator (cookie and CSRF token). */
export async function signIn(base: string, email: string, password: string): Promise<Record<string, string>> {
  const login = await api(base, 'POST', 'auth/login', { email, password }, {});
  if (login.status !== 200) throw new Error(`login on ${base}: ${login.status} ${JSON.stringify(login.json)}`);
  return { cookie: login.setCookie.map((c) => c.split(';')[0]).join('; '), 'x-csrf-token': String(login.json.csrfToken) };
}

export async function enrollmentToken(base: string, headers: Record<string, string>, maxUses: number): Promise<string> {
  const e = await api(base, 'POST', 'enrollment-tokens', { maxUses, expiresInMinutes: 24 * 60 }, headers);
  if (e.status !== 201) throw new Error(`enrollment token: ${e.status} ${JSON.stringify(e.json)}`);
  return String(e.json.token);
}
