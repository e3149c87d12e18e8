// fetch() for the agent, over node:http / node:https rather than undici. Why: under wine
// (where the Windows executable is tested) undici's connections fail ("connect UNKNOWN":
// it enables TCP keep-alive before connecting, which wine's sockets refuse), while
// node:http works; on Windows and Linux both work. It answers a standard Response.
import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export interface AgentFetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export type AgentFetch = (url: string, init?: AgentFetchInit) => Promise<Response>;

export const agentFetch: AgentFetch = (url, init = {}) =>
  new Promise<Response>((resolve, reject) => {
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : undefined;
    if (!client) {
      reject(new TypeError(`unsupported URL scheme ${target.protocol}`));
      return;
    }
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
    const req = client.request(target, { method: init.method ?? 'GET', headers, ...(init.signal ? { signal: init.signal } : {}) }, (res) => {
      const status = res.statusCode ?? 0;
      const responseHeaders = new Headers();
      for (const [name, value] of Object.entries(res.headers)) {
        if (Array.isArray(value)) value.forEach((v) => responseHeaders.append(name, v));
        else if (value !== undefined) responseHeaders.set(name, value);
      }
      const body = NULL_BODY_STATUSES.has(status) || init.method === 'HEAD' ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
      if (body === null) res.resume();
      resolve(new Response(body, { status, statusText: res.statusMessage ?? '', headers: responseHeaders }));
    });
    // The same shape as fetch's failures: a TypeError whose cause carries the socket's code.
    req.on('error', (err) => reject(Object.assign(new TypeError('fetch failed'), { cause: err })));
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
