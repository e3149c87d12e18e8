// Live remote sessions follow assignments (issue 14): taking a member out of ONE assignment
// ends their sessions on that assignment's rooms only (a room another assignment still
// covers keeps its session); a room taken out of a room group, a room group deleted, an
// assignment's scope changed or an assignment deleted re-check too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from './agents-helpers.ts';
import { signedIn } from './support/api-client.ts';
import { addAssignment, makeRole, makeRoom, makeRoomGroup, makeUser } from './support/factories.ts';
import { enableRemoteAccess, sessionOf, sessionsApp, startSession, type SessionsApp } from './sessions-helpers.ts';

let s: SessionsApp;
beforeAll(async () => {
  s = await sessionsApp();
  await enableRemoteAccess(s.admin);
});
afterAll(async () => s?.t.dispose());

async function onlineRoom() {
  const room = await makeRoom(s.admin, { remoteAccessAllowed: true });
  s.link.setOnline(room.id);
  return room;
}

/** A user, a role giving Remote access: View, and the user's client. */
async function viewer() {
  const user = await makeUser(s.admin);
  const role = await makeRole(s.admin, { permissions: { rooms: 'view', remoteAccess: 'view' } });
  return { user, role, client: await signedIn(s.t.app, user.email, user.password) };
}

const ended = async (id: string) => waitFor(async () => ((await sessionOf(s.admin, id)).state === 'ended' ? sessionOf(s.admin, id) : null), 8_000, `session ${id} ended`);

describe('the session re-check follows assignments', () => {
  it("a member removed from one assignment loses that assignment's rooms only", async () => {
    const [roomA, roomB] = [await onlineRoom(), await onlineRoom()];
    const group = await makeRoomGroup(s.admin, { roomIds: [roomB.id] });
    const { user, role, client } = await viewer();
    // Assignment 1: rooms A and B by id; assignment 2: room B through the room group.
    const first = await addAssignment(s.admin, role.id, { name: 'A and B', userIds: [user.id], scope: { roomIds: [roomA.id, roomB.id] } });
    await addAssignment(s.admin, role.id, { name: 'the group', userIds: [user.id], scope: { roomGroupIds: [group.id] } });
    const onA = await startSession(client, roomA.id, 'view');
    const onB = await startSession(client, roomB.id, 'view');

    expect((await s.admin.patch(`roles/${role.id}/assignments/${first}`, { userIds: [] })).status).toBe(200);
    expect(await ended(onA.id)).toMatchObject({ endReason: 'permission_withdrawn' });
    // One re-check decides every live session at once: B was decided in the same pass, and stays.
    expect(await sessionOf(s.admin, onB.id)).toMatchObject({ state: expect.stringMatching(/^(pending|active)$/) });
    expect((await client.get(`rooms/${roomA.id}`)).status).toBe(404);
    expect((await client.get(`rooms/${roomB.id}`)).status).toBe(200);
    await s.admin.delete(`sessions/${onB.id}`);
  });

  it('a room taken out of a room group ends the sessions the group gave', async () => {
    const room = await onlineRoom();
    const group = await makeRoomGroup(s.admin, { roomIds: [room.id] });
    const { user, role, client } = await viewer();
    await addAssignment(s.admin, role.id, { userIds: [user.id], scope: { roomGroupIds: [group.id] } });
    const session = await startSession(client, room.id, 'view');
    expect((await s.admin.delete(`room-groups/${group.id}/rooms/${room.id}`)).status).toBe(204);
    expect(await ended(session.id)).toMatchObject({ endReason: 'permission_withdrawn' });
  });

  it('a room group deleted ends them too', async () => {
    const room = await onlineRoom();
    const group = await makeRoomGroup(s.admin, { roomIds: [room.id] });
    const { user, role, client } = await viewer();
    await addAssignment(s.admin, role.id, { userIds: [user.id], scope: { roomGroupIds: [group.id] } });
    const session = await startSession(client, room.id, 'view');
    expect((await s.admin.delete(`room-groups/${group.id}`)).status).toBe(204);
    expect(await ended(session.id)).toMatchObject({ endReason: 'permission_withdrawn' });
    // The assignment no longer names the deleted group.
    expect((await s.admin.get(`roles/${role.id}`)).body.assignments.map((a: { scope: { roomGroupIds: string[] } }) => a.scope.roomGroupIds)).toContainEqual([]);
  });

  it("an assignment's scope changed, or the assignment removed, ends the sessions it gave", async () => {
    const [roomA, roomB] = [await onlineRoom(), await onlineRoom()];
    const { user, role, client } = await viewer();
    const assignment = await addAssignment(s.admin, role.id, { userIds: [user.id], scope: { roomIds: [roomA.id, roomB.id] } });
    const onA = await startSession(client, roomA.id, 'view');
    const onB = await startSession(client, roomB.id, 'view');
    expect((await s.admin.patch(`roles/${role.id}/assignments/${assignment}`, { scope: { roomIds: [roomB.id] } })).status).toBe(200);
    expect(await ended(onA.id)).toMatchObject({ endReason: 'permission_withdrawn' });
    expect((await sessionOf(s.admin, onB.id)).state).not.toBe('ended');
    expect((await s.admin.delete(`roles/${role.id}/assignments/${assignment}`)).status).toBe(204);
    expect(await ended(onB.id)).toMatchObject({ endReason: 'permission_withdrawn' });
  });
});
