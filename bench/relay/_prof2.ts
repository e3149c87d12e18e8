import { WebSocketServer } from 'ws';
import { createVncSessionHandler } from '@roomwarden/agent';
import { startRfbServer, connectWsViewer } from '@roomwarden/sim';
import { SessionRelay } from '../../server/src/sessions/session-relay.ts';
const vnc = await startRfbServer({ port: 18470, password: 'pw', roomName: 'x', width: 1280, height: 720 });
const relay = new SessionRelay({ paired() {}, viewerActivity() {}, sideClosed() {}, protocolError(_i, s, r) { console.log('perr', s, r); } });
const wss = new WebSocketServer({ port: 18471, host: '127.0.0.1' });
const ID = '3f0c1d2e-4b5a-4c6d-8e7f-001122334455';
wss.on('connection', (ws, req) => relay.attach(ID, 'control', req.url!.includes('agent') ? 'agent' : 'viewer', ws));
const h = createVncSessionHandler({ host: '127.0.0.1', port: vnc.port, password: 'pw' }, { opened() {}, failed(_i, r, m) { console.log('failed', r, m); }, closed() {} });
await h.open({ sessionId: ID, mode: 'control', relayUrl: 'ws://127.0.0.1:18471/agent', ticket: 't' });
await new Promise((r) => setTimeout(r, 200));
const v = await connectWsViewer('ws://127.0.0.1:18471/viewer', { keepPixels: false });
await v.waitFor((e) => e.type === 'serverInit', 5000, true);
for (let round = 0; round < 3; round++) {
  v.requestUpdate(false); await v.waitFor((e) => e.type === 'framebufferUpdate');
  const t0 = performance.now(); const b0 = v.bytesReceived; let n = 0;
  while (performance.now() - t0 < 2000) { v.requestUpdate(false); await v.waitFor((e) => e.type === 'framebufferUpdate'); n++; }
  const s = (performance.now() - t0) / 1000;
  console.log('relay in-process', ((v.bytesReceived - b0) / 1e6 / s).toFixed(1), 'MB/s', (n / s).toFixed(1), 'fps');
}
process.exit(0);
