// Issue 12, remote sessions across nodes: what ends a live session is done on one node and
// the session is held by another. A technician (no Administrator: a role of their own that
// grants Remote access: Modify on the rooms, through a group) holds a session on node A for a
// room whose agent is on node C (once also a second, on C itself); on node B, their group
// membership or the role's assignment is removed, they are disabled, or the room is retired
// or deleted. Each time the session ends soon, with its own end reason and exactly one
// `session.end`, and its node closes the viewer's WebSocket. Real node processes on
// PostgreSQL and a NATS of this test's own.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noPermissions, type SessionEndReason } from '@roomwarden/protocol';
import { connectWsViewer, startFleet, type Fleet, type RfbViewer } from '@roomwarden/sim';
import { HttpClient, query, startThreeNodes, waitFor, type Node, type ThreeNodes } from './cluster-support.ts';

let cluster: ThreeNodes | undefined;
let db: { url: string; drop: () => Promise<void> };
let a: Node;
let b: Node;
let c: Node;
let admin: HttpClient;
let onB: HttpClient;
let fleet: Fleet | undefined;
/** The fleet's rooms, all held by node C: one that stays, one to retire, one to delete. */
let rooms: { kept: string; retired: string; deleted: string };
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
/** Soon: the issue asks for a second; the margin is for a loaded machine, not a speed assertion. */
const SOON_MS = 8_000;

beforeAll(async () => {
  cluster = await startThreeNodes();
  ({ db, a, b, c } = cluster);
  admin = await HttpClient.signIn(a.url);
  onB = admin.on(b.url);
  const settings = await admin.post('settings/general', { remoteAccessEnabled: true, remoteAccessContactEmail: 'noc@cluster.test', sessionIdleTimeoutMinutes: 240, sessionMaxMinutes: 720 }, 'PUT');
  expect(settings.status).toBe(200);
  const token = await admin.on(c.url).post('enrollment-tokens', { maxUses: 3, label: 'session ends across nodes' });
  fleet = await startFleet({ server: c.url, token: token.body.token, rooms: 3, vnc: true, twoDisplaysEvery: 0, logger: quiet });
  const [kept, retired, deleted] = fleet.rooms.map((r) => r.credentials.roomId);
  rooms = { kept: kept!, retired: retired!, deleted: deleted! };
  await waitFor('the agents held by node C', async () => {
    const held = await query<{ agent_node_id: string | null }>(db.url, 'select agent_node_id from rooms where id = any($1)', [Object.values(rooms)]);
    return held.length === 3 && held.every((r) => r.agent_node_id === 'node-c');
  });
}, 150_000);

afterAll(async () => {
  await fleet?.stop();
  await cluster?.stop();
}, 60_000);

interface Technician {
  id: string;
  groupId: string;
  roleId: string;
  assignmentId: string;
  /** Signed in on node A. */
  client: HttpClient;
}

function ok<T>(res: { status: number; body: T }, what: string): T {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A new user, member of a new group, which one assignment of a new role gives Remote access: Modify (and Rooms: View) on `roomIds`. */
async function technician(roomIds: string[]): Promise<Technician> {
  const tag = randomBytes(4).toString('hex');
  const email = `tech-${tag}@cluster.test`;
  const password = `cluster-tech-password-${tag}`;
  const user = ok(await admin.post('users', { email, displayName: `Technician ${tag}`, password }), 'create user');
  const group = ok(await admin.post('groups', { displayName: `Technicians ${tag}` }), 'create group');
  ok(await admin.post(`groups/${group.id}/members`, { userId: user.id }), 'add member');
  const role = ok(
    await admin.post('roles', {
      name: `Remote technician ${tag}`,
      permissions: { ...noPermissions(), rooms: 'view', remoteAccess: 'modify' },
      assignments: [{ groupIds: [group.id], userIds: [], scope: { allRooms: false, siteIds: [], roomGroupIds: [], roomIds }, emailNotifications: false }],
    }),
    'create role',
  );
  return { id: user.id, groupId: group.id, roleId: role.id, assignmentId: role.assignments[0].id, client: await HttpClient.signIn(a.url, { email, password }) };
}

/** The technician starts a control session on `node` (A by default); answers it once its viewer sees the room's screen and both sides paired. */
async function liveSession(tech: Technician, roomId: string, node: Node = a): Promise<{ id: string; viewer: RfbViewer }> {
  const started = await tech.client.on(node.url).post(`rooms/${roomId}/sessions`, { mode: 'control' });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  const id = started.body.id as string;
  const viewer = await connectWsViewer(started.body.viewerUrl);
  await viewer.waitFor((e) => e.type === 'serverInit', 15_000, true);
  await waitFor('the session active', async () => (await admin.get(`sessions/${id}`)).body.state === 'active');
  expect((await query<{ node_id: string }>(db.url, 'select node_id from remote_sessions where id = $1', [id]))[0]?.node_id).toBe(node.id);
  return { id, viewer };
}

type LiveSession = Awaited<ReturnType<typeof liveSession>>;

/** After `change` on node B: each session ends soon with `reason`, once, and its node closes its viewer. Answers the milliseconds until the last had ended. */
async function endAfter(sessions: LiveSession[], reason: SessionEndReason, change: () => Promise<{ status: number; body: unknown }>, expectedStatus: number): Promise<number> {
  const t0 = Date.now();
  const res = await change();
  expect(res.status, JSON.stringify(res.body)).toBe(expectedStatus);
  const ended = await Promise.all(
    sessions.map((session) =>
      waitFor(
        `session ${session.id} ended`,
        async () => {
          const s = (await admin.get(`sessions/${session.id}`)).body;
          return s.state === 'ended' ? s : undefined;
        },
        SOON_MS,
      ),
    ),
  );
  const took = Date.now() - t0;
  for (const session of sessions) await session.viewer.waitForClose(SOON_MS);
  expect(ended.map((s) => s.endReason)).toEqual(sessions.map(() => reason));
  const ends = await query<{ target_id: string; n: number }>(db.url, "select target_id, count(*)::int as n from audit_log where action = 'session.end' and target_id = any($1) group by target_id order by target_id", [sessions.map((s) => s.id)]);
  expect(ends).toEqual(sessions.map((s) => ({ target_id: s.id, n: 1 })).sort((x, y) => x.target_id.localeCompare(y.target_id)));
  return took;
}

describe('a live session on node A ended by a change made on node B (agent on node C)', () => {
  const took: Record<string, number> = {};

  afterAll(() => {
    // The observed times (change answered on B → session ended on A, read through the API), for the record.
    console.info(`session ends across nodes, ms: ${JSON.stringify(took)}`);
  });

  it('the technician leaves the group that gave them Remote access: permission_withdrawn', async () => {
    const tech = await technician([rooms.kept]);
    const session = await liveSession(tech, rooms.kept);
    took.groupMembershipRemoved = await endAfter([session], 'permission_withdrawn', () => onB.delete(`groups/${tech.groupId}/members/${tech.id}`), 204);
  });

  it("the role's assignment that gave them Remote access is removed: permission_withdrawn", async () => {
    const tech = await technician([rooms.kept]);
    const session = await liveSession(tech, rooms.kept);
    took.assignmentRemoved = await endAfter([session], 'permission_withdrawn', () => onB.delete(`roles/${tech.roleId}/assignments/${tech.assignmentId}`), 204);
  });

  it('the technician is disabled: user_disabled, for their session on A and the one on C (where the agent is) alike', async () => {
    const tech = await technician([rooms.kept, rooms.deleted]);
    const sessions = [await liveSession(tech, rooms.kept), await liveSession(tech, rooms.deleted, c)];
    took.userDisabled = await endAfter(sessions, 'user_disabled', () => onB.post(`users/${tech.id}`, { disabled: true }, 'PATCH'), 200);
  });

  it('the room is retired: room_removed', async () => {
    const tech = await technician([rooms.retired]);
    const session = await liveSession(tech, rooms.retired);
    took.roomRetired = await endAfter([session], 'room_removed', () => onB.post(`rooms/${rooms.retired}/retire`, {}), 200);
  });

  it('the room is deleted: room_removed', async () => {
    const tech = await technician([rooms.deleted]);
    const session = await liveSession(tech, rooms.deleted);
    took.roomDeleted = await endAfter([session], 'room_removed', () => onB.delete(`rooms/${rooms.deleted}`), 204);
  });
});
