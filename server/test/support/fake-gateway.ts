// A gateway for cluster tests: holds rooms' agents by hand, records the commands sent to
// them, and emits what an agent would say.
import type { AgentActionResult, AgentCommand, AgentLink, AgentPresence, AgentSessionEvent } from '../../src/gateway/agent-link.ts';

export class FakeGateway implements AgentLink {
  readonly held = new Map<string, AgentPresence>();
  readonly sent: Array<{ roomId: string; command: AgentCommand }> = [];
  readonly #session = new Set<(e: AgentSessionEvent) => void>();
  readonly #action = new Set<(r: AgentActionResult) => void>();
  constructor(readonly nodeId: string) {}
  hold(roomId: string): void {
    this.held.set(roomId, { online: true, vnc: true, displays: ['main', 'front'], inMeeting: false, nodeId: this.nodeId, agentVersion: '1.4.0', actions: ['restart-device'] });
  }
  async presence(roomId: string): Promise<AgentPresence> {
    return this.held.get(roomId) ?? { online: false, vnc: false, nodeId: null, agentVersion: null };
  }
  async send(roomId: string, command: AgentCommand): Promise<boolean> {
    if (!this.held.has(roomId)) return false;
    this.sent.push({ roomId, command });
    return true;
  }
  onSessionEvent(h: (e: AgentSessionEvent) => void): () => void {
    this.#session.add(h);
    return () => this.#session.delete(h);
  }
  onActionResult(h: (r: AgentActionResult) => void): () => void {
    this.#action.add(h);
    return () => this.#action.delete(h);
  }
  emit(e: AgentSessionEvent): void {
    for (const h of this.#session) h(e);
  }
  emitAction(r: AgentActionResult): void {
    for (const h of this.#action) h(r);
  }
}
