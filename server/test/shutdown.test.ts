// Stopping a node: one ordered list (createApp's shutdown steps). With the real gateway, a
// live session's agent is told the session ended as server_shutdown before the gateway
// closes its control connection, which would be impossible in any other order.
import { describe, expect, it } from 'vitest';
import { TestAgent, waitFor } from './agents-helpers.ts';
import { enableRemoteAccess, sessionsApp, startSession } from './sessions-helpers.ts';
import { ApiClient } from './support/api-client.ts';

describe('shutdown', () => {
  it('ends live sessions (server_shutdown) before it closes agent connections, the server, the gateway and the database', async () => {
    const s = await sessionsApp({}, { realGateway: true });
    let disposed = false;
    try {
      expect(s.t.shutdownOrder).toEqual(['not ready', 'agent releases', 'remote sessions', 'room actions', 'live event streams', 'agent connections', 'http server', 'sign-in refusal summaries', 'agent gateway', 'notifications', 'cluster membership', 'bus', 'database']);
      await enableRemoteAccess(s.admin);
      const token = (await s.admin.post('enrollment-tokens', { maxUses: 1 })).body.token as string;
      const enrolled = (await new ApiClient(s.t.app).post('agent/enroll', { token, hostname: 'console-1', platform: 'sim', agentVersion: '1.0.0', machineId: 'm-shutdown' })).body;
      const agent = new TestAgent(`${s.base.replace(/^http/, 'ws')}/api/v1/agent/connect`, enrolled);
      await agent.start(true);
      await waitFor(async () => (await s.t.agentLink.presence(enrolled.roomId)).vnc, 8_000, 'agent online with VNC');
      const started = await startSession(s.admin, enrolled.roomId, 'control');
      expect((await agent.next('session.open')).sessionId).toBe(started.id);

      // What the agent sees, in the order it sees it.
      const seen: string[] = [];
      agent.ws.on('message', (data) => {
        const m = JSON.parse(String(data)) as { type: string; reason?: string };
        seen.push(`${m.type}${m.reason ? `:${m.reason}` : ''}`);
      });
      void agent.closed.then((c) => seen.push(`closed:${c.code}`));
      await s.t.dispose();
      disposed = true;
      await agent.closed;
      expect(seen).toEqual(['session.close:server_shutdown', 'closed:1001']);
    } finally {
      if (!disposed) await s.t.dispose();
    }
  });
});
