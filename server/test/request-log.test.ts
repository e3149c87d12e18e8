// Request logs (issue 11): at debug by default, one line per request; one info line per
// request with ROOMWARDEN_LOG_REQUESTS=true; one-time tickets never in a log line.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestApp, type TestApp } from './support/test-app.ts';
import { signedIn } from './support/api-client.ts';

interface Line {
  level: number;
  msg: string;
  url?: string;
  req?: { url?: string };
  [key: string]: unknown;
}

const DEBUG = 20;
const INFO = 30;

function capture(): { lines: Line[]; stream: Writable } {
  const lines: Line[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Line);
      done();
    },
  });
  return { lines, stream };
}

let t: TestApp | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

async function someRequests(app: TestApp): Promise<string> {
  const admin = await signedIn(app.app, ADMIN_EMAIL, ADMIN_PASSWORD);
  await admin.get('rooms');
  await admin.get('settings/general');
  const ticket = `tk_${randomUUID()}`;
  await app.app.inject({ method: 'GET', url: `/api/v1/sessions/${randomUUID()}/viewer?ticket=${ticket}` });
  await app.app.inject({ method: 'GET', url: `/api/v1/sessions/${randomUUID()}/agent?ticket=${ticket}&x=1` });
  return ticket;
}

const requestLines = (lines: Line[]) => lines.filter((l) => l.msg === 'request' || l.msg === 'incoming request' || l.msg === 'request completed');

describe('request logs', () => {
  it('are at debug by default: an info log has no line per request', async () => {
    const { lines, stream } = capture();
    t = await createTestApp({ logLevel: 'info' }, { logger: { level: 'info', stream } });
    await someRequests(t);
    expect(requestLines(lines)).toEqual([]);
  });

  it('at debug: exactly one line per request, with method, URL, status and time; tickets redacted', async () => {
    const { lines, stream } = capture();
    t = await createTestApp({}, { logger: { level: 'debug', stream } });
    const ticket = await someRequests(t);
    const mine = requestLines(lines);
    expect(mine.every((l) => l.msg === 'request' && l.level === DEBUG)).toBe(true);
    expect(mine.map((l) => l.url)).toEqual(['/api/v1/auth/login', '/api/v1/rooms', '/api/v1/settings/general', expect.stringMatching(/\/viewer\?ticket=\[redacted\]$/), expect.stringMatching(/\/agent\?ticket=\[redacted\]&x=1$/)]);
    expect(mine[1]).toMatchObject({ method: 'GET', statusCode: 200, ms: expect.any(Number) });
    expect(JSON.stringify(lines)).not.toContain(ticket);
  });

  it('ROOMWARDEN_LOG_REQUESTS=true: one info line per request, tickets still redacted', async () => {
    const { lines, stream } = capture();
    t = await createTestApp({ logRequests: true }, { logger: { level: 'info', stream } });
    const ticket = await someRequests(t);
    const mine = requestLines(lines);
    expect(mine).toHaveLength(5);
    expect(mine.every((l) => l.level === INFO)).toBe(true);
    expect(JSON.stringify(lines)).not.toContain(ticket);
  });
});
