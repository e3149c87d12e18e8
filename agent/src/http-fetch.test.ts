import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentFetch } from './http-fetch.ts';

describe('agentFetch (node:http instead of undici)', () => {
  let server: http.Server;
  let base = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (req.url === '/empty') {
          res.writeHead(204).end();
          return;
        }
        res.writeHead(201, { 'content-type': 'application/json', 'x-echo': req.headers['x-echo'] ?? '' }).end(JSON.stringify({ method: req.method, body }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('sends the method, headers and body, and answers a Response', async () => {
    const res = await agentFetch(`${base}/x`, { method: 'POST', headers: { 'x-echo': 'hi', 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(res.status).toBe(201);
    expect(res.ok).toBe(true);
    expect(res.headers.get('x-echo')).toBe('hi');
    expect(await res.json()).toEqual({ method: 'POST', body: '{"a":1}' });
  });

  it('has no body for a 204', async () => {
    const res = await agentFetch(`${base}/empty`);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  });

  it('fails as fetch does, with the socket error as the cause', async () => {
    const err = (await agentFetch('http://127.0.0.1:1/').catch((e: unknown) => e)) as TypeError & { cause?: { code?: string } };
    expect(err).toBeInstanceOf(TypeError);
    expect(err.cause?.code).toBe('ECONNREFUSED');
  });
});
