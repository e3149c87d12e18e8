// The AgentLink of a node in a cluster: a room's agent may hold its control connection to
// any node. What this node's gateway holds is answered here; anything else is asked of the
// node that holds the agent (which node that is, the database says: `holderOf`). What this
// node's agents say about sessions and room actions is told to every node, so the node that
// holds a session's viewer hears it; a remote session's data connection goes straight from
// the agent to the node named in its relay URL, so only these small messages cross nodes.
import type { AgentNews, NodeCall, NodeReply } from '@roomwarden/protocol';
import type { AgentActionResult, AgentLink, AgentPresence, AgentSessionEvent } from '../gateway/agent-link.ts';
import { NodeUnreachableError, type NodeChannel } from './node-channel.ts';

type NodePresence = Extract<NodeReply, { type: 'agent.presence' }>['presence'];

export interface ClusterAgentLinkDeps {
  /** This node's gateway. */
  local: AgentLink;
  channel: NodeChannel;
  nodeId: string;
  /** The node whose gateway holds the room's agent now; null when none does. */
  holderOf: (roomId: string) => Promise<string | null>;
  log: { warn(obj: object, msg: string): void };
}

/** The presence as the protocol carries it (its lists copied; absent fields left out). */
function presenceOnTheWire(p: AgentPresence): NodePresence {
  return {
    online: p.online,
    vnc: p.vnc,
    nodeId: p.nodeId,
    agentVersion: p.agentVersion,
    ...(p.displays ? { displays: [...p.displays] } : {}),
    ...(p.inMeeting !== undefined ? { inMeeting: p.inMeeting } : {}),
    ...(p.actions ? { actions: [...p.actions] } : {}),
  };
}

const OFFLINE: AgentPresence = { online: false, vnc: false, nodeId: null, agentVersion: null };

export class ClusterAgentLink implements AgentLink {
  readonly #sessionHandlers = new Set<(e: AgentSessionEvent) => void>();
  readonly #actionHandlers = new Set<(r: AgentActionResult) => void>();
  readonly #stops: Array<() => void> = [];

  constructor(private readonly deps: ClusterAgentLinkDeps) {
    const { local, channel, nodeId } = deps;
    this.#stops.push(
      channel.serve((call) => this.#answer(call)),
      local.onSessionEvent((event) => {
        this.#emitSession(event);
        channel.publish({ type: 'agent.session', originNode: nodeId, event });
      }),
      local.onActionResult((result) => {
        this.#emitAction(result);
        channel.publish({ type: 'agent.action', originNode: nodeId, result });
      }),
      channel.onNews((news) => this.#onNews(news)),
    );
  }

  async presence(roomId: string): Promise<AgentPresence> {
    const here = await this.deps.local.presence(roomId);
    if (here.online) return here;
    const holder = await this.#remoteHolder(roomId);
    if (!holder) return here;
    const reply = await this.#ask(holder, { type: 'agent.presence', roomId });
    return reply?.type === 'agent.presence' ? reply.presence : OFFLINE;
  }

  async send(roomId: string, command: Parameters<AgentLink['send']>[1]): Promise<boolean> {
    if (await this.deps.local.send(roomId, command)) return true;
    const holder = await this.#remoteHolder(roomId);
    if (!holder) return false;
    const reply = await this.#ask(holder, { type: 'agent.send', roomId, command });
    return reply?.type === 'agent.sent' && reply.delivered;
  }

  onSessionEvent(handler: (event: AgentSessionEvent) => void): () => void {
    this.#sessionHandlers.add(handler);
    return () => this.#sessionHandlers.delete(handler);
  }

  onActionResult(handler: (result: AgentActionResult) => void): () => void {
    this.#actionHandlers.add(handler);
    return () => this.#actionHandlers.delete(handler);
  }

  close(): void {
    for (const stop of this.#stops.splice(0)) stop();
  }

  async #remoteHolder(roomId: string): Promise<string | null> {
    const holder = await this.deps.holderOf(roomId);
    return holder && holder !== this.deps.nodeId ? holder : null;
  }

  /** A call to the holder; undefined (and a warning) when it does not answer: the agent counts as offline. */
  async #ask(nodeId: string, call: NodeCall): Promise<NodeReply | undefined> {
    try {
      const reply = await this.deps.channel.call(nodeId, call);
      if (reply.type === 'error') this.deps.log.warn({ nodeId, call: call.type, code: reply.code }, reply.message);
      return reply;
    } catch (err) {
      if (!(err instanceof NodeUnreachableError)) throw err;
      this.deps.log.warn({ err, nodeId, call: call.type, roomId: call.roomId }, 'the node holding the agent did not answer');
      return undefined;
    }
  }

  async #answer(call: NodeCall): Promise<NodeReply> {
    switch (call.type) {
      case 'agent.presence':
        return { type: 'agent.presence', presence: presenceOnTheWire(await this.deps.local.presence(call.roomId)) };
      case 'agent.send':
        return { type: 'agent.sent', delivered: await this.deps.local.send(call.roomId, call.command) };
    }
  }

  #onNews(news: AgentNews): void {
    if (news.originNode === this.deps.nodeId) return;
    if (news.type === 'agent.session') this.#emitSession(news.event);
    else this.#emitAction(news.result);
  }

  #emitSession(event: AgentSessionEvent): void {
    for (const h of [...this.#sessionHandlers]) h(event);
  }

  #emitAction(result: AgentActionResult): void {
    for (const h of [...this.#actionHandlers]) h(result);
  }
}
