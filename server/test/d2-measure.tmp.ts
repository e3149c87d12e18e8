// temporary measurement script (deleted after use)
import { performance } from 'node:perf_hooks';
import { Peer, enableRemoteAccess, roomAndUser, sessionsApp, startSession, wsUrl } from './sessions-helpers.ts';

const s = await sessionsApp(18530);
await enableRemoteAccess(s.admin);
const { room, client } = await roomAndUser(s, 'modify');
// (a) POST → first byte at the viewer (fake agent answers at once)
const times: number[] = [];
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  const st = await startSession(client, room.id, 'control');
  const agent = new Peer(s.link.openFor(st.id).relayUrl);
  await agent.opened;
  agent.send(Buffer.from('RFB 003.008\n'));
  const viewer = new Peer(wsUrl(s.base, st.viewerUrl));
  await new Promise<void>((r) => viewer.ws.once('message', () => r()));
  times.push(performance.now() - t0);
  viewer.ws.close();
  await agent.closed;
}
times.sort((a, b) => a - b);

// (b) throughput agent→viewer, 256 MiB in 64 KiB frames
{
  const st = await startSession(client, room.id, 'control');
  const agent = new Peer(s.link.openFor(st.id).relayUrl);
  await agent.opened;
  const viewer = new Peer(wsUrl(s.base, st.viewerUrl));
  await viewer.opened;
  viewer.ws.removeAllListeners('message');
  viewer.ws.on('message', (d: Buffer) => (viewer.received += d.length));
  const chunk = Buffer.alloc(64 * 1024, 1);
  const total = 256 * 1024 * 1024;
  const t0 = performance.now();
  let sent = 0;
  while (sent < total) {
    agent.send(chunk);
    sent += chunk.length;
    if (agent.ws.bufferedAmount > 8 * 1024 * 1024) await new Promise((r) => setImmediate(r));
  }
  while (viewer.received < total) await new Promise((r) => setTimeout(r, 5));
  const secs = (performance.now() - t0) / 1000;
  console.log(`throughput: ${(total / 1024 / 1024 / secs).toFixed(0)} MiB/s (${(total * 8 / 1e6 / secs).toFixed(0)} Mbit/s)`);
  viewer.chunks.length = 0;
  // (c) backpressure figures
  viewer.ws.pause();
  const stats = () => s.t.sessions.relayStats(st.id)!;
  const before = stats().bytesToViewer;
  for (let i = 0; i < 1024 && !stats().agentPaused; i++) {
    agent.send(chunk);
    if (i % 8 === 7) await new Promise((r) => setTimeout(r, 5));
  }
  const atPause = stats();
  for (let i = 0; i < 256; i++) agent.send(chunk);
  await new Promise((r) => setTimeout(r, 500));
  const later = stats();
  const rss = process.memoryUsage().rss;
  console.log(`paused after ${((atPause.bytesToViewer - before) / 1048576).toFixed(1)} MiB relayed to a non-reading viewer; viewer bufferedAmount at pause ${atPause.viewerBufferedAmount}, 16 MiB later: relayed +${later.bytesToViewer - atPause.bytesToViewer} B, viewer bufferedAmount ${later.viewerBufferedAmount}, agentPaused ${later.agentPaused}, rss ${(rss / 1048576).toFixed(0)} MiB`);
  viewer.ws.close();
}
await s.t.dispose();
process.exit(0);
