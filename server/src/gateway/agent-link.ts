// The seam between the agent gateway (which holds agents' control connections) and the
// services that need to reach an agent (remote sessions). The gateway implements it; on
// several nodes the bus carries the call to the node that holds the room's connection.
import type { AgentMessage, RoomAction, ServerMessage } from '@roomwarden/protocol';

export interface AgentPresence {
  online: boolean;
  /** The agent announced a local VNC server it can bridge to. */
  vnc: boolean;
  /** The displays it bridges, the default first (hello's capabilities.displays; absent or empty: one, its default). */
  displays?: readonly string[];
  /** Whether the room is in a meeting, from its latest `inMeeting` signal (inMeetingOf); undefined when unknown. */
  inMeeting?: boolean | undefined;
  nodeId: string | null;
  agentVersion: string | null;
  /** The room actions the agent announced a command for (none when offline). */
  actions?: readonly RoomAction[];
}

/** Messages the server sends to an agent: the protocol's own (its zod schemas). */
export type AgentCommand = Extract<ServerMessage, { type: 'session.open' | 'session.close' | 'session.observe' | 'session.viewers' | 'agent.update' | 'action.run' }>;

/** What an agent tells the server about a session (its protocol message, with the agent's room),
 * or that the agent's control connection went away. */
export type AgentSessionEvent =
  | (Extract<AgentMessage, { type: 'session.opened' | 'session.failed' | 'session.closed' }> & { roomId: string })
  | { type: 'agent.disconnected'; roomId: string };

/** What an agent answered to action.run, with the agent's room. */
export type AgentActionResult = Extract<AgentMessage, { type: 'action.result' }> & { roomId: string };

export interface AgentLink {
  presence(roomId: string): Promise<AgentPresence>;
  /** Delivers a command to the room's agent; false when no agent is connected. */
  send(roomId: string, command: AgentCommand): Promise<boolean>;
  onSessionEvent(handler: (event: AgentSessionEvent) => void): () => void;
  /** Every action.result an agent sends (room actions); returns the unsubscribe. */
  onActionResult(handler: (result: AgentActionResult) => void): () => void;
}
