// A test double of the agent gateway's AgentLink: the test decides which rooms have an
// agent online (with or without VNC), sees the commands the server sends, and plays the
// agent's session events. Desktop bytes still go over real WebSockets to the relay.
import type { RoomAction } from '@roomwarden/protocol';
import type { AgentActionResult, AgentCommand, AgentLink, AgentPresence, AgentSessionEvent } from '../../src/gateway/agent-link.ts';

type OpenCommand = Extract<AgentCommand, { type: 'session.open' }>;

export class FakeAgentLink implements AgentLink {
  readonly sent: Array<{ roomId: string; command: AgentCommand }> = [];
  readonly #presence = new Map<string, AgentPresence>();
  readonly #handlers = new Set<(event: AgentSessionEvent) => void>();
  readonly #actionHandlers = new Set<(result: AgentActionResult) => void>();
  /** When false, send() answers false as if the agent dropped between the check and the send. */
  deliver = true;

  /** `nodeId`: the node whose gateway this plays (cluster tests run several). */
  constructor(readonly nodeId = 'test-node') {}

  setOnline(roomId: string, vnc = true, actions: readonly RoomAction[] = [], more: Pick<AgentPresence, 'displays' | 'inMeeting'> = {}): void {
    this.#presence.set(roomId, { online: true, vnc, nodeId: this.nodeId, agentVersion: '1.0.0', actions, ...more });
  }

  setOffline(roomId: string): void {
    this.#presence.delete(roomId);
  }

  async presence(roomId: string): Promise<AgentPresence> {
    return this.#presence.get(roomId) ?? { online: false, vnc: false, nodeId: null, agentVersion: null };
  }

  async send(roomId: string, command: AgentCommand): Promise<boolean> {
    if (!this.deliver || !this.#presence.get(roomId)?.online) return false;
    this.sent.push({ roomId, command });
    return true;
  }

  onSessionEvent(handler: (event: AgentSessionEvent) => void): () => void {
    this.#handlers.add(handler);
    return () => this.#handlers.delete(handler);
  }

  emit(event: AgentSessionEvent): void {
    for (const h of this.#handlers) h(event);
  }

  onActionResult(handler: (result: AgentActionResult) => void): () => void {
    this.#actionHandlers.add(handler);
    return () => this.#actionHandlers.delete(handler);
  }

  /** Plays the agent's action.result. */
  emitActionResult(result: AgentActionResult): void {
    for (const h of this.#actionHandlers) h(result);
  }

  /** The action.run commands sent to a room. */
  actionRunsFor(roomId: string): Array<Extract<AgentCommand, { type: 'action.run' }>> {
    return this.sent.flatMap((s) => (s.roomId === roomId && s.command.type === 'action.run' ? [s.command] : []));
  }

  /** The session.open the server sent for a session. */
  openFor(sessionId: string): OpenCommand {
    const found = this.sent.find((s) => s.command.type === 'session.open' && s.command.sessionId === sessionId);
    if (!found) throw new Error(`no session.open sent for ${sessionId}`);
    return found.command as OpenCommand;
  }

  /** The session.observe the server sent for an observer. */
  observeFor(observerId: string): Extract<AgentCommand, { type: 'session.observe' }> {
    const found = this.sent.find((s) => s.command.type === 'session.observe' && s.command.observerId === observerId);
    if (!found) throw new Error(`no session.observe sent for ${observerId}`);
    return found.command as Extract<AgentCommand, { type: 'session.observe' }>;
  }

  /** Every session.viewers the server sent for a session, in order. */
  viewersFor(sessionId: string): Array<Extract<AgentCommand, { type: 'session.viewers' }>> {
    return this.sent.flatMap((s) => (s.command.type === 'session.viewers' && s.command.sessionId === sessionId ? [s.command] : []));
  }

  closesFor(sessionId: string): Array<Extract<AgentCommand, { type: 'session.close' }>> {
    return this.sent.flatMap((s) => (s.command.type === 'session.close' && s.command.sessionId === sessionId ? [s.command] : []));
  }
}
