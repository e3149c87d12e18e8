// The seam between the agent gateway (which holds agents' control connections) and the
// services that need to reach an agent (remote sessions). The gateway implements it; on
// several nodes the bus carries the call to the node that holds the room's connection.
import type { AgentRelease } from '@roomwarden/protocol';

export interface AgentPresence {
  online: boolean;
  /** The agent announced a local VNC server it can bridge to. */
  vnc: boolean;
  nodeId: string | null;
  agentVersion: string | null;
}

/** Messages the server sends to an agent (the zod schemas in protocol are the source of truth). */
export type AgentCommand =
  | { type: 'session.open'; sessionId: string; mode: 'control' | 'view'; relayUrl: string; ticket: string }
  | { type: 'session.close'; sessionId: string; reason: string }
  | { type: 'agent.update'; release: AgentRelease };

/** What an agent tells the server about a session. */
export type AgentSessionEvent =
  | { type: 'session.opened'; roomId: string; sessionId: string }
  | { type: 'session.failed'; roomId: string; sessionId: string; reason: string; message?: string }
  | { type: 'session.closed'; roomId: string; sessionId: string; reason: string; bytesToViewer: number; bytesFromViewer: number }
  | { type: 'agent.disconnected'; roomId: string };

export interface AgentLink {
  presence(roomId: string): Promise<AgentPresence>;
  /** Delivers a command to the room's agent; false when no agent is connected. */
  send(roomId: string, command: AgentCommand): Promise<boolean>;
  onSessionEvent(handler: (event: AgentSessionEvent) => void): () => void;
}
