// Three nodes in one process (NodeHub), each with a fake gateway: a room's agent held by one
// node is reached from the others (presence, commands), agents' news reaches every node once,
// a holder that does not answer counts as offline, and what crosses is parsed on arrival.
import { describe, expect, it } from 'vitest';
import type { AgentActionResult, AgentCommand, AgentSessionEvent } from '../gateway/agent-link.ts';
import { FakeAgentLink } from '../../test/support/fake-agent-link.ts';
import { ClusterAgentLink } from './cluster-agent-link.ts';
import { NodeHub, type NodeChannel } from './node-channel.ts';

const ROOM = '0b7a4c0e-8f0e-4a55-9d43-5d1c3a3d6b10';
const SESSION = '6f1c2f4e-2d4b-4a86-8c77-0f7f0e2a9b11';

function cluster(opts: { holders?: Record<string, string>; channel?: (id: string, hub: NodeHub) => NodeChannel; onRejected?: (err: unknown) => void } = {}) {
  const hub = new NodeHub({ timeoutMs: 200, onRejected: opts.onRejected ?? ((err) => { throw err; }) });
  const holders = opts.holders ?? {};
  const warnings: string[] = [];
  const nodes = ['a', 'b', 'c'].map((id) => {
    const gateway = new FakeAgentLink(id);
    const link = new ClusterAgentLink({
      local: gateway,
      channel: opts.channel ? opts.channel(id, hub) : hub.channel(id),
      nodeId: id,
      holderOf: async (roomId) => holders[roomId] ?? null,
      log: { warn: (_o, msg) => warnings.push(`${id}: ${msg}`) },
    });
    return { id, gateway, link };
  });
  return { nodes, warnings, holders };
}

const tick = () => new Promise((r) => setTimeout(r, 10));

describe('ClusterAgentLink', () => {
  it("reaches a room's agent through the node that holds it: presence and commands", async () => {
    const { nodes } = cluster({ holders: { [ROOM]: 'c' } });
    const [a, , c] = nodes;
    c!.gateway.setOnline(ROOM, true, ['restart-device'], { displays: ['main', 'front'], inMeeting: false });
    expect(await a!.link.presence(ROOM)).toEqual({ online: true, vnc: true, displays: ['main', 'front'], inMeeting: false, nodeId: 'c', agentVersion: '1.0.0', actions: ['restart-device'] });
    const open: AgentCommand = { type: 'session.open', sessionId: SESSION, mode: 'control', relayUrl: 'wss://a.example/api/v1/sessions/x/agent?ticket=t', ticket: 't', viewers: [{ name: 'Ada', control: true }] };
    expect(await a!.link.send(ROOM, open)).toBe(true);
    expect(c!.gateway.sent).toEqual([{ roomId: ROOM, command: open }]);
    expect(nodes[1]!.gateway.sent).toEqual([]);
  });

  it('answers from its own gateway first, and offline when nobody holds the room', async () => {
    const { nodes } = cluster();
    const [a] = nodes;
    a!.gateway.setOnline(ROOM, true, ['restart-device'], { displays: ['main', 'front'], inMeeting: false });
    expect((await a!.link.presence(ROOM)).nodeId).toBe('a');
    expect((await nodes[1]!.link.presence(ROOM)).online).toBe(false);
    expect(await nodes[1]!.link.send(ROOM, { type: 'session.close', sessionId: SESSION, reason: 'ended' })).toBe(false);
  });

  it('a holder that moved on answers not delivered; one that does not answer counts as offline, with a warning', async () => {
    const { nodes, warnings, holders } = cluster({ holders: { [ROOM]: 'c' } });
    expect(await nodes[0]!.link.send(ROOM, { type: 'session.close', sessionId: SESSION, reason: 'ended' })).toBe(false);
    nodes[2]!.link.close(); // node c stops serving: calls to it time out
    holders[ROOM] = 'c';
    expect((await nodes[0]!.link.presence(ROOM)).online).toBe(false);
    expect(warnings).toEqual(['a: the node holding the agent did not answer']);
  });

  it("tells every node what an agent said, once each, and never its own node twice", async () => {
    const { nodes } = cluster();
    const seen = nodes.map(() => [] as AgentSessionEvent[]);
    const actions = nodes.map(() => [] as AgentActionResult[]);
    nodes.forEach((n, i) => {
      n.link.onSessionEvent((e) => seen[i]!.push(e));
      n.link.onActionResult((r) => actions[i]!.push(r));
    });
    nodes[2]!.gateway.emit({ type: 'session.failed', sessionId: SESSION, roomId: ROOM, reason: 'vnc_unreachable', message: 'no VNC server on 127.0.0.1:5900' } as AgentSessionEvent);
    nodes[2]!.gateway.emit({ type: 'agent.disconnected', roomId: ROOM });
    nodes[1]!.gateway.emitActionResult({ type: 'action.result', actionId: SESSION, roomId: ROOM, action: 'restart-app', outcome: 'succeeded', exitCode: 0, output: 'ok' } as AgentActionResult);
    await tick();
    for (const s of seen) expect(s.map((e) => e.type)).toEqual(['session.failed', 'agent.disconnected']);
    for (const a of actions) expect(a).toHaveLength(1);
  });

  it('drops news that does not parse, with a typed error, and goes on', async () => {
    const rejected: unknown[] = [];
    const { nodes } = cluster({ onRejected: (err) => rejected.push(err) });
    const seen: AgentSessionEvent[] = [];
    nodes[0]!.link.onSessionEvent((e) => seen.push(e));
    nodes[2]!.gateway.emit({ type: 'session.opened', sessionId: 'not-a-uuid', roomId: ROOM } as AgentSessionEvent);
    nodes[2]!.gateway.emit({ type: 'session.opened', sessionId: SESSION, roomId: ROOM });
    await tick();
    expect(seen).toEqual([{ type: 'session.opened', sessionId: SESSION, roomId: ROOM }]);
    expect(rejected).toHaveLength(2); // at a and at b
    expect(rejected[0]).toMatchObject({ name: 'EventParseError', code: 'INVALID_EVENT' });
  });

  it('refuses what does not parse: a call with a bad room id never reaches the holder', async () => {
    const { nodes } = cluster({ holders: { bad: 'c' } });
    nodes[2]!.gateway.setOnline('bad');
    await expect(nodes[0]!.link.send('bad', { type: 'session.close', sessionId: SESSION, reason: 'ended' })).rejects.toMatchObject({ name: 'EventParseError', code: 'INVALID_EVENT' });
    expect(nodes[2]!.gateway.sent).toEqual([]);
  });
});
