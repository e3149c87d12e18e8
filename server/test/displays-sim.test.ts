// Which screen, end to end with no test doubles (DESIGN "Remote session" 10): a simulated
// room whose agent bridges two displays (two RFB servers, "Front of room" and
// "Whiteboard"); the room agent view lists both, and a session shows the one it names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectWsViewer, startFleet, type Fleet } from '@roomwarden/sim';
import { waitFor } from './agents-helpers.ts';
import { enableRemoteAccess, sessionOf, sessionsApp, wsUrl, type SessionsApp } from './sessions-helpers.ts';

let g: SessionsApp;
let fleet: Fleet;
let roomId: string;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

beforeAll(async () => {
  g = await sessionsApp({}, { realGateway: true });
  await enableRemoteAccess(g.admin);
  const token = await g.admin.post('enrollment-tokens', { maxUses: 5 });
  fleet = await startFleet({ server: g.base, token: token.body.token, rooms: 1, vnc: true, twoDisplaysEvery: 1, logger: quiet });
  roomId = fleet.rooms[0]!.credentials.roomId;
  await waitFor(async () => (await g.t.agentLink.presence(roomId)).vnc, 15_000, 'agent online with VNC');
  const patched = await g.admin.patch(`rooms/${roomId}`, { remoteAccessAllowed: true });
  expect(patched.status).toBe(200);
});
afterAll(async () => {
  await fleet?.stop();
  await g?.t.dispose();
});

async function desktopNameOf(display: string | undefined): Promise<string> {
  const res = await g.admin.post(`rooms/${roomId}/sessions`, { mode: 'view', ...(display ? { display } : {}) });
  expect(res.status).toBe(201);
  const viewer = await connectWsViewer(wsUrl(g.base, res.body.viewerUrl));
  const init = await viewer.waitFor((e) => e.type === 'serverInit', 10_000, true);
  expect(await sessionOf(g.admin, res.body.id)).toMatchObject({ display: display ?? 'front' });
  expect((await g.admin.delete(`sessions/${res.body.id}`)).status).toBe(200);
  await viewer.waitForClose(5_000);
  return init.type === 'serverInit' ? init.init.name : '';
}

describe('a simulated room with two displays', () => {
  it('lists both on the room agent view, the default first', async () => {
    const agent = await g.admin.get(`rooms/${roomId}/agent`);
    expect(agent.body.capabilities).toMatchObject({ vnc: true, displays: ['front', 'whiteboard'] });
  });

  it("shows the display the start names, and the first by default: each its own screen", async () => {
    expect(await desktopNameOf('whiteboard')).toMatch(/· Whiteboard$/);
    expect(await desktopNameOf('front')).toMatch(/· Front of room$/);
    expect(await desktopNameOf(undefined)).toMatch(/· Front of room$/);
  });
});
