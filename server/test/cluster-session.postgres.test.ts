// Issue 12, a remote session across nodes (PostgreSQL only): node A and node C on one
// database; a simulated room's agent holds its control connection to C. A session started
// on A reaches the agent through C (ClusterAgentLink), the agent's data connection goes
// straight to A (the relay URL names A), the viewer on A sees the room's screen and types
// into it, the agent's answers come back to A through C, and ending it on A closes it in
// the room. The nodes talk over NodeHub here; NatsNodeChannel has its own test on NATS.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKeyEvent } from '@roomwarden/protocol';
import { connectWsViewer, startFleet, type Fleet } from '@roomwarden/sim';
import { NodeHub } from '../src/cluster/node-channel.ts';
import { waitFor } from './agents-helpers.ts';
import { signedIn } from './support/api-client.ts';
import { startClusterNode, type ClusterNode } from './support/cluster-nodes.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, freshPostgresDatabase } from './support/test-app.ts';
import { enableRemoteAccess, sessionOf, startSession, wsUrl } from './sessions-helpers.ts';

const BASE_URL = process.env.ROOMWARDEN_TEST_DATABASE_URL;
if (!BASE_URL) throw new Error('cluster-session.postgres.test.ts runs on PostgreSQL only (see vitest.config.ts)');
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

let db: { url: string; drop: () => Promise<void> };
let a: ClusterNode;
let c: ClusterNode;
let fleet: Fleet;
let roomId: string;

beforeAll(async () => {
  db = await freshPostgresDatabase(BASE_URL);
  const key = randomBytes(32);
  const hub = new NodeHub({ onRejected: (err) => { throw err; } });
  const nodes: Record<string, ClusterNode> = {};
  // Which node holds a room's agent: asked of each node's own gateway here (one process).
  const holderOf = async (room: string) => {
    for (const n of Object.values(nodes)) if ((await n.rw.gateway.presence(room)).online) return n.id;
    return null;
  };
  c = nodes['node-c'] = await startClusterNode(db.url, 'node-c', key, { cluster: { channel: hub.channel('node-c'), holderOf } });
  a = nodes['node-a'] = await startClusterNode(db.url, 'node-a', key, { cluster: { channel: hub.channel('node-a'), holderOf } });
  await c.rw.services.bootstrap.ensureAdministrator(ADMIN_EMAIL, ADMIN_PASSWORD);
  const adminC = await signedIn(c.rw.app, ADMIN_EMAIL, ADMIN_PASSWORD);
  await enableRemoteAccess(adminC);
  const token = await adminC.post('enrollment-tokens', { maxUses: 1 });
  fleet = await startFleet({ server: c.base, token: token.body.token, rooms: 1, vnc: true, logger: quiet });
  roomId = fleet.rooms[0]!.credentials.roomId;
  await waitFor(async () => (await c.rw.gateway.presence(roomId)).vnc, 15_000, 'agent online on C');
});
afterAll(async () => {
  await fleet?.stop();
  await a?.rw.close();
  await c?.rw.close();
  await db?.drop();
});

describe('a session across nodes', () => {
  it('started on A for a room whose agent is on C: the screen arrives on A, keys reach the room, ending on A closes it there', async () => {
    expect((await a.rw.gateway.presence(roomId)).online).toBe(false);
    expect(await a.rw.agentLink.presence(roomId)).toMatchObject({ online: true, vnc: true, nodeId: 'node-c' });

    const adminA = await signedIn(a.rw.app, ADMIN_EMAIL, ADMIN_PASSWORD);
    const started = await startSession(adminA, roomId, 'control');
    const viewer = await connectWsViewer(wsUrl(a.base, started.viewerUrl));
    await viewer.waitFor((e) => e.type === 'serverInit', 10_000, true);
    viewer.requestUpdate(false);
    const update = await viewer.waitFor((e) => e.type === 'framebufferUpdate', 10_000, true);
    expect(update.type === 'framebufferUpdate' && update.rects.length).toBeGreaterThan(0);
    // The relay is on A (the agent's data connection came straight to it); C only carried the command.
    expect(a.rw.sessions.isLive(started.id)).toBe(true);
    expect(c.rw.sessions.isLive(started.id)).toBe(false);
    await waitFor(async () => (await sessionOf(adminA, started.id)).state === 'active', 10_000, 'active (session.opened came back through C)');

    viewer.send(buildKeyEvent(true, 0x7a)); // z
    viewer.send(buildKeyEvent(false, 0x7a));
    viewer.requestUpdate(true);
    await waitFor(() => fleet.rooms[0]!.rfb!.inspect().typed.includes('z'), 10_000, 'typed z in the room');
    expect(fleet.rooms[0]!.rfb!.inspect().notice).toMatch(/^Remote session: .* \(control\)$/);

    expect((await adminA.delete(`sessions/${started.id}`)).body).toMatchObject({ state: 'ended', endReason: 'ended_by_user' });
    await viewer.waitForClose(5_000);
    await waitFor(() => fleet.rooms[0]!.rfb!.inspect().notice === null, 10_000, 'the ring gone from the room');
  });
});
