// The HTTP server does not wait for ever (issue 11): a body that never finishes, headers that
// never end and idle keep-alive connections are closed; event streams and WebSockets are
// not cut by those timeouts; one user holds a bounded number of event streams.
// Timeouts are shortened through Config.timings so that nothing here waits minutes.
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enroll, listeningApp, TestAgent, type ListeningApp } from './agents-helpers.ts';
import { DEFAULT_LIVE_EVENT_STREAMS_PER_USER } from '../src/config.ts';
import { signedIn, type ApiClient } from './support/api-client.ts';
import { makeUser } from './support/factories.ts';

let la: ListeningApp;
let port: number;
const SHORT = { httpHeadersTimeoutMs: 300, httpRequestTimeoutMs: 600, httpKeepAliveTimeoutMs: 300, httpIdleTimeoutMs: 800 };

beforeAll(async () => {
  // Keep-alives far apart: an event stream is quiet for longer than every timeout above.
  la = await listeningApp({ ...SHORT, sseKeepAliveMs: 60_000 });
  port = Number(new URL(la.base).port);
});
afterAll(async () => la.t.dispose());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Writes `text` and never finishes; answers what came back and how long until the server closed the socket. */
function stalled(text: string): Promise<{ answer: string; afterMs: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('close', () => resolve({ answer, afterMs: Date.now() - started }));
    socket.on('error', reject);
    setTimeout(() => {
      socket.destroy();
      reject(new Error('the server never closed the connection'));
    }, 10_000).unref();
  });
}

interface Stream {
  status: number;
  body: string;
  received: Promise<string>;
  close(): void;
  closed: Promise<void>;
}

function openStream(client: ApiClient): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${la.base}/api/v1/events`, { headers: { cookie: client.cookie ?? '' } }, (res) => {
      let body = '';
      let onData: (() => void) | undefined;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        onData?.();
      });
      const closed = new Promise<void>((done) => res.on('close', () => done()));
      const received = new Promise<string>((done, fail) => {
        onData = () => {
          if (body.includes('event: ')) done(body);
        };
        res.on('close', () => fail(new Error('the stream was closed')));
      });
      received.catch(() => undefined); // awaited only by the tests that expect an event
      const stream: Stream = {
        status: res.statusCode ?? 0,
        get body() {
          return body;
        },
        received,
        close: () => req.destroy(),
        closed,
      };
      if (res.statusCode !== 200) res.on('end', () => resolve(stream));
      else resolve(stream);
    });
    req.on('error', reject);
  });
}

describe('timeouts close what never finishes', () => {
  it('a body that never finishes is answered 408 REQUEST_TIMEOUT and closed', async () => {
    const { answer, afterMs } = await stalled('POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"email":');
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(JSON.parse(answer.split('\r\n\r\n')[1] ?? '')).toEqual({ error: { code: 'REQUEST_TIMEOUT', message: expect.any(String) } });
    expect(afterMs).toBeLessThan(5_000);
  });

  it('headers that never end are cut', async () => {
    const { answer, afterMs } = await stalled('GET /api/v1/me HTTP/1.1\r\nHost: x\r\nX-Slow: a');
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(afterMs).toBeLessThan(5_000);
  });

  it('an idle keep-alive connection is closed', async () => {
    const { answer, afterMs } = await stalled('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    expect(answer).toContain('Keep-Alive: timeout=');
    expect(afterMs).toBeLessThan(5_000);
  });

  it('an event stream quiet for longer than every timeout stays open and still delivers', async () => {
    const stream = await openStream(la.admin);
    expect(stream.status).toBe(200);
    await sleep(2 * SHORT.httpIdleTimeoutMs + SHORT.httpRequestTimeoutMs);
    expect((await la.admin.put('settings/general', { sessionIdleTimeoutMinutes: 21 })).status).toBe(200);
    expect(await stream.received).toContain('event: settings.changed');
    stream.close();
  });

  it('an agent WebSocket quiet for longer than every timeout stays open', async () => {
    const agent = new TestAgent(la.wsUrl, await enroll(la));
    await agent.start(false, { heartbeat: false });
    await sleep(2 * SHORT.httpIdleTimeoutMs + SHORT.httpRequestTimeoutMs);
    expect(agent.ws.readyState).toBe(agent.ws.OPEN);
    agent.heartbeat();
    await agent.close();
  });
});

describe('event streams per user are bounded', () => {
  it(`the ${DEFAULT_LIVE_EVENT_STREAMS_PER_USER + 1}th stream of one user is 429 RATE_LIMITED; another user is not affected; closing one frees a place`, async () => {
    const user = await makeUser(la.admin);
    const client = await signedIn(la.t.app, user.email, user.password);
    const streams = await Promise.all(Array.from({ length: DEFAULT_LIVE_EVENT_STREAMS_PER_USER }, () => openStream(client)));
    expect(streams.map((s) => s.status)).toEqual(streams.map(() => 200));
    const refused = await openStream(client);
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.body)).toEqual({ error: { code: 'RATE_LIMITED', message: expect.stringContaining('at most 10') } });
    const other = await openStream(la.admin);
    expect(other.status).toBe(200);
    other.close();
    streams[0]!.close();
    await streams[0]!.closed;
    await sleep(100);
    const again = await openStream(client);
    expect(again.status).toBe(200);
    for (const s of [...streams, again]) s.close();
  });
});
