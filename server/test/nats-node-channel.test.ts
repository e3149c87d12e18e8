// The node channel over the real NATS of this machine (127.0.0.1:4222, or NATS_TEST_URL):
// three nodes, each with its own connection and a fake gateway; a subject prefix of its own
// per run so that parallel suites do not hear each other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ClusterAgentLink } from '../src/cluster/cluster-agent-link.ts';
import { NatsNodeChannel } from '../src/cluster/nats-node-channel.ts';
import type { AgentSessionEvent } from '../src/gateway/agent-link.ts';
import { FakeAgentLink } from './support/fake-agent-link.ts';

const NATS = process.env.NATS_TEST_URL ?? 'nats://127.0.0.1:4222';
const ROOM = '2c0f5e7a-5a0e-4c1b-9a7e-3b8f1c2d4e50';
const SESSION = '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d';
const prefix = `rwtest-${process.pid}-${Date.now().toString(36)}`;

let conns: NatsConnection[] = [];
const rejected: Array<[unknown, string]> = [];
let nodes: Array<{ id: string; gateway: FakeAgentLink; link: ClusterAgentLink; channel: NatsNodeChannel }>;
const holders: Record<string, string> = {};

beforeAll(async () => {
  conns = await Promise.all(['a', 'b', 'c'].map(() => connect({ servers: NATS })));
  nodes = ['a', 'b', 'c'].map((id, i) => {
    const gateway = new FakeAgentLink(id);
    const channel = new NatsNodeChannel(conns[i]!, { nodeId: id, prefix, timeoutMs: 500, onRejected: (err, what) => rejected.push([err, what]) });
    const link = new ClusterAgentLink({ local: gateway, channel, nodeId: id, holderOf: async (roomId) => holders[roomId] ?? null, log: { warn: () => undefined } });
    return { id, gateway, link, channel };
  });
  await Promise.all(conns.map((c) => c.flush()));
});
afterAll(async () => {
  for (const n of nodes ?? []) n.link.close();
  await Promise.all(conns.map((c) => c.drain()));
});

describe('NatsNodeChannel', () => {
  it("a session opens on node a for a room whose agent is on node c; the agent's answer reaches a", async () => {
    nodes[2]!.gateway.setOnline(ROOM, true, ['restart-device'], { displays: ['main', 'front'], inMeeting: false });
    holders[ROOM] = 'c';
    expect(await nodes[0]!.link.presence(ROOM)).toMatchObject({ online: true, nodeId: 'c', displays: ['main', 'front'] });
    const heard: AgentSessionEvent[] = [];
    nodes[0]!.link.onSessionEvent((e) => heard.push(e));
    expect(await nodes[0]!.link.send(ROOM, { type: 'session.open', sessionId: SESSION, mode: 'view', relayUrl: 'ws://a.example/x', ticket: 't', viewers: [] })).toBe(true);
    expect(nodes[2]!.gateway.sent.map((s) => s.command.type)).toEqual(['session.open']);
    nodes[2]!.gateway.emit({ type: 'session.opened', sessionId: SESSION, roomId: ROOM });
    await expect.poll(() => heard).toEqual([{ type: 'session.opened', sessionId: SESSION, roomId: ROOM }]);
  });

  it('a node that is gone (no responder) makes the agent offline, not an error', async () => {
    holders[ROOM] = 'gone-node';
    expect((await nodes[0]!.link.presence(ROOM)).online).toBe(false);
    expect(await nodes[0]!.link.send(ROOM, { type: 'session.close', sessionId: SESSION, reason: 'ended' })).toBe(false);
  });

  it('a call that does not parse is answered with an error and reported; bad news is dropped and reported', async () => {
    const answer = await conns[0]!.request(`${prefix}.node.b.call`, JSON.stringify({ type: 'agent.reboot', roomId: ROOM }), { timeout: 1000 });
    expect(JSON.parse(answer.string())).toMatchObject({ type: 'error', code: 'INVALID_CALL' });
    conns[0]!.publish(`${prefix}.agent-news`, 'not json');
    await expect.poll(() => rejected.filter(([, what]) => what === 'agent news').length).toBe(3);
    expect(rejected.find(([, what]) => what === 'node call')?.[0]).toMatchObject({ name: 'EventParseError', code: 'UNKNOWN_EVENT' });
  });
});
