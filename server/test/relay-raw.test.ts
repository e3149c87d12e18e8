// The agent's raw data path (an HTTP Upgrade to `roomwarden-relay/1`): the same relay,
// tickets and view-only filter as the data WebSocket, without WebSocket framing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildFramebufferUpdateRequest, buildKeyEvent, buildPointerEvent, buildProtocolVersion, relayTransportsOffered } from '@roomwarden/protocol';
import { waitFor } from './agents-helpers.ts';
import { rawPeer, rawUpgrade } from './relay-raw-helpers.ts';
import { signedIn } from './support/api-client.ts';
import { freePort } from './support/free-port.ts';
import { FakeAgentLink } from './support/fake-agent-link.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestApp } from './support/test-app.ts';
import { Peer, auditEntriesFor, enableRemoteAccess, roomAndUser, sessionOf, sessionTimings, sessionsApp, startSession, upgradeStatus, wsUrl, type SessionsApp } from './sessions-helpers.ts';

let s: SessionsApp;
beforeAll(async () => {
  s = await sessionsApp({ sessionMinuteMs: 1_000, sessionTicketTtlMs: 3_000, sessionPairTimeoutMs: 3_000, sessionPendingTimeoutMs: 20_000 });
  await enableRemoteAccess(s.admin);
});
afterAll(async () => s?.t.dispose());

const ended = (app: SessionsApp, id: string) => waitFor(async () => ((await sessionOf(app.admin, id)).state === 'ended' ? sessionOf(app.admin, id) : undefined), 10_000, 'session end');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const metric = async (app: SessionsApp, name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(String((await app.admin.get('/metrics')).body))?.[1] ?? 0);
const RAW_METRIC = 'roomwarden_relay_agent_connections_total\\{transport="raw"\\}';
const WS_METRIC = 'roomwarden_relay_agent_connections_total\\{transport="websocket"\\}';

describe('the raw agent data path', () => {
  it('is offered in the relay URL', async () => {
    const { room, client } = await roomAndUser(s, 'modify');
    const started = await startSession(client, room.id, 'control');
    const open = s.link.openFor(started.id);
    expect(relayTransportsOffered(open.relayUrl)).toEqual(['raw', 'websocket']);
    await client.delete(`sessions/${started.id}`);
  });

  it('pipes bytes both ways after the 101, counts them, and ends cleanly when the viewer closes', async () => {
    const { room, client } = await roomAndUser(s, 'modify');
    const started = await startSession(client, room.id, 'control');
    const rawBefore = await metric(s, RAW_METRIC);
    const agent = await rawPeer(s.link.openFor(started.id).relayUrl);
    const viewer = new Peer(wsUrl(s.base, started.viewerUrl));
    await viewer.opened;
    await waitFor(async () => (await sessionOf(client, started.id)).state === 'active', 8_000, 'active');

    const toViewer = [buildProtocolVersion(), Buffer.alloc(300_000, 7), Buffer.from([1, 2, 3])];
    const fromViewer = [buildProtocolVersion(), Buffer.from([1, 1]), buildPointerEvent(0, 5, 5)];
    toViewer.forEach((b) => agent.send(b));
    fromViewer.forEach((b) => viewer.send(b));
    const nTo = toViewer.reduce((n, b) => n + b.length, 0);
    const nFrom = fromViewer.reduce((n, b) => n + b.length, 0);
    await waitFor(() => viewer.received === nTo && agent.received === nFrom, 8_000, 'bytes');
    expect(viewer.bytes().equals(Buffer.concat(toViewer))).toBe(true);
    expect(agent.bytes().equals(Buffer.concat(fromViewer))).toBe(true);
    expect(await sessionOf(client, started.id)).toMatchObject({ state: 'active', bytesToViewer: nTo, bytesFromViewer: nFrom });
    expect(await metric(s, RAW_METRIC)).toBe(rawBefore + 1);

    viewer.ws.close();
    expect(await agent.closed).toEqual({ cleanEnd: true });
    expect(await ended(s, started.id)).toMatchObject({ endReason: 'viewer_closed', bytesToViewer: nTo, bytesFromViewer: nFrom });
    const [end] = await auditEntriesFor(s.admin, 'session.end', started.id);
    expect(end!.details).toMatchObject({ reason: 'viewer_closed', bytesToViewer: nTo, bytesFromViewer: nFrom });
  });

  it("the agent's end reason comes over the control connection after its raw stream ends", async () => {
    const { room, client } = await roomAndUser(s, 'modify');
    const started = await startSession(client, room.id, 'control');
    const agent = await rawPeer(s.link.openFor(started.id).relayUrl);
    const viewer = new Peer(wsUrl(s.base, started.viewerUrl));
    await viewer.opened;
    agent.send(buildProtocolVersion());
    await waitFor(() => viewer.received === 12, 8_000, 'bytes');
    agent.socket.end();
    await sleep(100);
    s.link.emit({ type: 'session.closed', roomId: room.id, sessionId: started.id, reason: 'vnc_closed', bytesToViewer: 12, bytesFromViewer: 0 });
    expect((await ended(s, started.id)).endReason).toBe('vnc_closed');
    await viewer.closed;
  });

  it('a raw stream that ends without a reported reason ends the session as agent_closed', async () => {
    const { room, client } = await roomAndUser(s, 'modify');
    const started = await startSession(client, room.id, 'control');
    const agent = await rawPeer(s.link.openFor(started.id).relayUrl);
    const viewer = new Peer(wsUrl(s.base, started.viewerUrl));
    await viewer.opened;
    agent.socket.destroy();
    expect((await ended(s, started.id)).endReason).toBe('agent_closed');
  });

  it('the ticket works once and only for its session; a refusal is the JSON error before any switch', async () => {
    const { room, client } = await roomAndUser(s, 'modify');
    const one = await startSession(client, room.id, 'control');
    const two = await startSession(client, room.id, 'view');
    const openOne = s.link.openFor(one.id);
    // the wrong session: 401, and the ticket is used up by the attempt
    const wrong = await rawUpgrade(wsUrl(s.base, `/api/v1/sessions/${two.id}/agent?ticket=${encodeURIComponent(openOne.ticket)}`));
    expect([wrong.status, 'body' in wrong && wrong.body.error?.code]).toEqual([401, 'TICKET_INVALID']);
    expect((await rawUpgrade(openOne.relayUrl)).status).toBe(401);
    // once: the second use is refused
    const agent = await rawPeer(s.link.openFor(two.id).relayUrl);
    const again = await rawUpgrade(s.link.openFor(two.id).relayUrl);
    expect([again.status, 'body' in again && again.body.error?.code]).toEqual([401, 'TICKET_INVALID']);
    agent.socket.destroy();
  });

  it("an ended session's agent ticket is refused before any switch (the end revokes it)", async () => {
    const { room, client } = await roomAndUser(s, 'modify');
    const started = await startSession(client, room.id, 'control');
    expect((await client.delete(`sessions/${started.id}`)).status).toBe(200);
    const r = await rawUpgrade(s.link.openFor(started.id).relayUrl);
    expect([r.status, 'body' in r && r.body.error?.code]).toEqual([401, 'TICKET_INVALID']);
  });

  it('refuses an upgrade it does not speak before spending the ticket (so an agent can fall back to the WebSocket), and raw on the viewer side', async () => {
    const { room, client } = await roomAndUser(s, 'modify');
    const started = await startSession(client, room.id, 'control');
    const relayUrl = s.link.openFor(started.id).relayUrl;
    const odd = await rawUpgrade(relayUrl, { upgrade: 'something-else/2' });
    expect([odd.status, 'body' in odd && odd.body.error?.code]).toEqual([400, 'VALIDATION_FAILED']);
    const viewerRaw = await rawUpgrade(wsUrl(s.base, started.viewerUrl));
    expect(viewerRaw.status).toBe(400);
    // both tickets are still good: the WebSocket agent and the viewer get in
    const wsBefore = await metric(s, WS_METRIC);
    const agent = new Peer(relayUrl);
    await agent.opened;
    const viewer = new Peer(wsUrl(s.base, started.viewerUrl));
    await viewer.opened;
    await waitFor(async () => (await sessionOf(client, started.id)).state === 'active', 8_000, 'active');
    expect(await metric(s, WS_METRIC)).toBe(wsBefore + 1);
    viewer.ws.close();
    await agent.closed;
  });

  it('a view-only session drops keys and pointer on the way to a raw agent', async () => {
    const { room, client } = await roomAndUser(s, 'view');
    const started = await startSession(client, room.id, 'view');
    const agent = await rawPeer(s.link.openFor(started.id).relayUrl);
    const viewer = new Peer(wsUrl(s.base, started.viewerUrl));
    await viewer.opened;
    const handshake = Buffer.concat([buildProtocolVersion(), Buffer.from([1]), Buffer.from([1])]);
    const fbur = buildFramebufferUpdateRequest({ incremental: true, x: 0, y: 0, width: 640, height: 480 });
    viewer.send(handshake);
    viewer.send(Buffer.concat([fbur, buildKeyEvent(true, 0x61), buildPointerEvent(1, 10, 10), fbur]));
    const expected = Buffer.concat([handshake, fbur, fbur]);
    await waitFor(() => agent.received === expected.length, 8_000, 'filtered bytes');
    await sleep(100);
    expect(agent.bytes().equals(expected)).toBe(true);
    viewer.ws.close();
    await agent.closed;
  });
});

describe('over TLS', () => {
  let dir: string;
  let tls: SessionsApp;
  let cert: Buffer;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rw-raw-tls-'));
    const [certFile, keyFile] = [path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')];
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' });
    cert = readFileSync(certFile);
    const link = new FakeAgentLink();
    const port = await freePort();
    const base = `https://127.0.0.1:${port}`;
    const t = await createTestApp({ publicUrl: base, tls: { cert: certFile, key: keyFile }, timings: sessionTimings({ sessionMinuteMs: 1_000 }) }, { agentLink: link });
    await t.app.listen({ port, host: '127.0.0.1' });
    tls = { t, admin: await signedIn(t.app, ADMIN_EMAIL, ADMIN_PASSWORD), link, base };
    await enableRemoteAccess(tls.admin);
  });
  afterAll(async () => {
    await tls?.t.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the raw upgrade works on the same TLS port, and refuses a spent ticket with 401', async () => {
    const { room, client } = await roomAndUser(tls, 'modify');
    const started = await startSession(client, room.id, 'control');
    const relayUrl = tls.link.openFor(started.id).relayUrl;
    expect(relayUrl.startsWith('wss://')).toBe(true);
    const agent = await rawPeer(relayUrl, { ca: cert });
    const viewer = new WebSocket(wsUrl(tls.base, started.viewerUrl), { ca: cert });
    let received = 0;
    viewer.on('message', (d: Buffer) => (received += d.length));
    await new Promise((resolve, reject) => viewer.once('open', resolve).once('error', reject));
    agent.send(Buffer.alloc(100_000, 3));
    viewer.send(buildProtocolVersion(), { binary: true });
    await waitFor(() => received === 100_000 && agent.received === 12, 8_000, 'bytes');
    expect((await rawUpgrade(relayUrl, { ca: cert })).status).toBe(401);
    viewer.close();
    expect(await agent.closed).toEqual({ cleanEnd: true });
    expect(await ended(tls, started.id)).toMatchObject({ endReason: 'viewer_closed', bytesToViewer: 100_000, bytesFromViewer: 12 });
    expect(await upgradeStatus(relayUrl)).toBe(0); // the WebSocket without the CA: TLS refused (the server really is TLS)
  });
});
