// The outbox survives kill -9 (issue 14 C): a node on a PGlite data directory writes a
// notification for a webhook whose receiver is down; the node is killed with SIGKILL; once
// the receiver is up and a node starts again on the same directory, the notification is
// delivered, once, still signed with the channel's secret.
// (The node runs on PGlite whichever database the rest of the suite uses: a data directory is what a kill -9 can hurt.)
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../src/notifications/webhook-signature.ts';
import { waitFor } from './agents-helpers.ts';
import { freePort } from './support/free-port.ts';
import { HttpReceiver } from './support/notification-receivers.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './support/test-app.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const children: ChildProcessWithoutNullStreams[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function startNode(dir: string, port: number, key: string): Promise<ChildProcessWithoutNullStreams> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/test/support/notifications-node.ts', dir, String(port), key], { cwd: ROOT });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      if (out.includes('ready\n')) resolve(child);
    });
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.on('exit', (code) => reject(new Error(`node exited (${code}) before it was ready: ${out} ${err}`)));
  });
}

/** A small client for a node in another process: a bearer token made after signing in. */
async function client(base: string) {
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }) });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const tokenRes = await fetch(`${base}/api/v1/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken }, body: JSON.stringify({ name: 'crash test' }) });
  const { token } = (await tokenRes.json()) as { token: string };
  return async (method: string, url: string, body?: unknown): Promise<any> => {
    const res = await fetch(`${base}/api/v1/${url}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, body: res.status === 204 ? undefined : await res.json() };
  };
}

describe('the outbox and kill -9', () => {
  it('a notification written before the node was killed is sent after the restart, once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-outbox-'));
    dirs.push(dir);
    const key = randomBytes(32).toString('base64');
    const port = await freePort();
    const receiverPort = await freePort();
    const base = `http://127.0.0.1:${port}`;

    const first = await startNode(dir, port, key);
    const api = await client(base);
    const hook = await api('POST', 'notification-channels', { type: 'webhook', name: 'NOC', events: ['incident.opened'], url: `http://127.0.0.1:${receiverPort}/hook` });
    expect(hook.status).toBe(201);
    const test = await api('POST', `notification-channels/${hook.body.id}/test`);
    expect(test.status).toBe(202);
    // The receiver is down: the first attempt fails and the item waits for its retry.
    await waitFor(async () => (await api('GET', `notification-deliveries?channelId=${hook.body.id}`)).body.items[0]?.attempts.length >= 1, 15_000, 'a failed attempt');
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));

    const receiver = new HttpReceiver();
    await receiver.start(receiverPort);
    try {
      await startNode(dir, port, key);
      const again = await client(base);
      const sent = await waitFor(async () => {
        const d = (await again('GET', `notification-deliveries?channelId=${hook.body.id}`)).body.items[0];
        return d?.state === 'sent' ? d : undefined;
      }, 20_000, 'delivered after the restart');
      expect(sent.id).toBe(test.body.id);
      expect(sent.attempts.at(-1)).toMatchObject({ outcome: 'sent', statusCode: 200 });
      expect(sent.attempts.slice(0, -1).every((x: { outcome: string }) => x.outcome === 'failed')).toBe(true);
      const got = receiver.requests.filter((r) => r.headers['webhook-id'] === test.body.id);
      expect(got).toHaveLength(1);
      expect(verifyWebhook(hook.body.secret, { id: test.body.id, timestamp: String(got[0]!.headers['webhook-timestamp']), signature: String(got[0]!.headers['webhook-signature']) }, got[0]!.body)).toBe(true);
      expect(JSON.parse(got[0]!.body)).toMatchObject({ type: 'notification.test', data: { channelName: 'NOC' } });
    } finally {
      await receiver.close();
    }
  }, 90_000);
});
