// temporary measurement script (deleted after use)
import { performance } from 'node:perf_hooks';
import { connectWsViewer, startFleet } from '@roomwarden/sim';
import { waitFor } from './agents-helpers.ts';
import { enableRemoteAccess, sessionsApp, startSession, wsUrl } from './sessions-helpers.ts';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const g = await sessionsApp(18532, {}, { realGateway: true });
await enableRemoteAccess(g.admin);
const token = await g.admin.post('enrollment-tokens', { maxUses: 5 });
const fleet = await startFleet({ server: g.base, token: token.body.token, rooms: 1, vnc: true, logger: quiet });
const roomId = fleet.rooms[0]!.credentials.roomId;
await waitFor(async () => (await g.t.agentLink.presence(roomId)).vnc, 15_000, 'vnc');
const times: number[] = [];
for (let i = 0; i < 40; i++) {
  const t0 = performance.now();
  const st = await startSession(g.admin, roomId, i % 2 ? 'view' : 'control');
  const viewer = await connectWsViewer(wsUrl(g.base, st.viewerUrl));
  await viewer.waitFor((e) => e.type === 'serverInit', 10_000, true);
  viewer.requestUpdate(false);
  await viewer.waitFor((e) => e.type === 'framebufferUpdate', 10_000, true);
  times.push(performance.now() - t0);
  viewer.close();
  await viewer.waitForClose();
  await new Promise((r) => setTimeout(r, 50));
}
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(0);
console.log(`POST → first FramebufferUpdate (sim room, real agent, relay), n=${times.length}: p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms`);
await fleet.stop();
await g.t.dispose();
process.exit(0);
