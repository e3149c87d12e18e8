// Failing over between the nodes of a cluster: two real gateways (ws servers); the first
// welcomes the agent with both nodes' URLs, then dies. The agent goes to the other after a
// random delay within the failover spread (a manual clock makes it exact), not to the dead
// one, and without the backoff of a failed connection. GatewayChoice spreads agents.
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { parseAgentMessage, type ServerMessage } from '@roomwarden/protocol';
import { AgentConnection } from './agent-connection.ts';
import { ManualClock } from './clock.ts';
import { GatewayChoice } from './gateway-choice.ts';
import { SimulatedProbe } from './probes/simulated-probe.ts';

const DEVICE = { deviceId: '2f0c8c38-0a5e-4a47-9d43-6f1f7d1f0002', deviceSecret: 'rwd_test_secret' };

interface Node {
  wss: WebSocketServer;
  url: string;
  sockets: WebSocket[];
  hellos: number;
}

const nodes: Node[] = [];
let agent: AgentConnection | undefined;
afterEach(async () => {
  agent?.stop();
  for (const n of nodes.splice(0)) {
    for (const s of n.sockets) s.terminate();
    await new Promise<void>((r) => n.wss.close(() => r()));
  }
});

async function startNode(gateways: () => string[]): Promise<Node> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((r) => wss.on('listening', () => r()));
  const node: Node = { wss, url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/api/v1/agent/connect`, sockets: [], hellos: 0 };
  wss.on('connection', (ws) => {
    node.sockets.push(ws);
    ws.on('message', (data) => {
      if (parseAgentMessage(data as Buffer).type !== 'hello') return;
      node.hellos++;
      const welcome: ServerMessage = { type: 'welcome', deviceId: DEVICE.deviceId, roomId: 'room-1', roomName: 'Oslo – Fjord 3', heartbeatIntervalSec: 30, fullReportIntervalSec: 300, serverTime: new Date().toISOString(), gateways: gateways() };
      ws.send(JSON.stringify(welcome));
    });
  });
  nodes.push(node);
  return node;
}

async function until(fn: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 5_000;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('failover to another node', () => {
  it('after losing its node, connects to a live one listed in welcome, after a delay within the spread', async () => {
    const urls: string[] = [];
    const a = await startNode(() => urls);
    const b = await startNode(() => urls);
    urls.push(a.url, b.url);
    const clock = new ManualClock();
    const offline: number[] = [];
    agent = new AgentConnection({ gatewayUrl: a.url, ...DEVICE, probe: new SimulatedProbe({ seed: 1, failureRatePerMinute: 0, now: () => clock.now() }), hostname: 'room-pc-02', clock, random: () => 0.25, failoverSpreadMs: 20_000 });
    agent.on('offline', (i) => offline.push(i.retryInMs ?? -1));
    agent.start();
    await until(() => agent!.state === 'online' && a.hellos === 1, 'online on a');

    // Node a dies: its connections drop and it accepts no more.
    for (const s of a.sockets) s.terminate();
    await new Promise<void>((r) => a.wss.close(() => r()));
    await until(() => offline.length === 1, 'offline');
    expect(offline[0]).toBe(5_000); // 0.25 of the 20 s spread
    clock.advance(4_999);
    await new Promise((r) => setTimeout(r, 30));
    expect(b.hellos).toBe(0);
    clock.advance(1);
    await until(() => b.hellos === 1 && agent!.state === 'online', 'online on b');
  });

  it('welcomed by a node alone, then told of the nodes that joined (gateways): fails over to one of them', async () => {
    const a = await startNode(() => [a.url]);
    const b = await startNode(() => [a.url, b.url]);
    const clock = new ManualClock();
    const offline: number[] = [];
    agent = new AgentConnection({ gatewayUrl: a.url, ...DEVICE, probe: new SimulatedProbe({ seed: 1, failureRatePerMinute: 0, now: () => clock.now() }), hostname: 'room-pc-03', clock, random: () => 0.5, failoverSpreadMs: 1_000 });
    agent.on('offline', (i) => offline.push(i.retryInMs ?? -1));
    agent.start();
    await until(() => agent!.state === 'online' && a.hellos === 1, 'online on a');
    const news: ServerMessage = { type: 'gateways', gateways: [a.url, b.url] };
    a.sockets[0]!.send(JSON.stringify(news));
    await new Promise((r) => setTimeout(r, 30));

    for (const s of a.sockets) s.terminate();
    await new Promise<void>((r) => a.wss.close(() => r()));
    await until(() => offline.length === 1, 'offline');
    expect(offline[0]).toBe(500); // a failover within the spread, not the backoff of a lone node
    clock.advance(500);
    await until(() => b.hellos === 1 && agent!.state === 'online', 'online on b');
  });

  it('GatewayChoice: a dead node is not chosen again at once, agents spread over the others, failed attempts go round', () => {
    const urls = ['ws://n1/a', 'ws://n2/a', 'ws://n3/a', 'ws://n4/a'];
    const counts = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const c = new GatewayChoice('ws://n1/a', () => (i + 0.5) / 300);
      c.learned(urls);
      const next = c.next(true);
      counts.set(next, (counts.get(next) ?? 0) + 1);
    }
    expect(counts.get('ws://n1/a')).toBeUndefined();
    expect([...counts.values()]).toEqual([100, 100, 100]);

    const c = new GatewayChoice('ws://n1/a');
    expect(c.hasAlternatives).toBe(false);
    expect(c.next(true)).toBe('ws://n1/a');
    c.learned(['ws://n2/a', 'not a url']);
    expect(c.hasAlternatives).toBe(true);
    expect([c.next(false), c.next(false), c.next(false)]).toEqual(['ws://n2/a', 'ws://n1/a', 'ws://n2/a']);
  });
});
