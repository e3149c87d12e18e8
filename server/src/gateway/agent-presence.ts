// What the gateway's in-memory state of a room says of its agent: the presence the
// remote-session side asks for (AgentLink.presence), and the live view the API shows.
import type { AgentPresence } from './agent-link.ts';
import { meetingOf, type LiveAgent, type RoomEntry } from './agent-state.ts';

const OFFLINE: AgentPresence = { online: false, vnc: false, nodeId: null, agentVersion: null };

/** Online once the agent said hello on a connection this node holds. */
export function presenceOf(entry: RoomEntry | undefined, nodeId: string): AgentPresence {
  const conn = entry?.conn;
  if (!entry || !conn?.helloAt) return { ...OFFLINE };
  return {
    online: true,
    vnc: conn.info?.vnc ?? false,
    displays: conn.info?.displays ?? [],
    // The signal as the health engine holds it now (its readings are written to the database in batches).
    inMeeting: meetingOf(entry.health.signals?.get('inMeeting')),
    nodeId,
    agentVersion: conn.info?.agentVersion ?? null,
    actions: conn.info?.actions ?? [],
  };
}

/** The room's live agent connection as the API shows it; undefined when this node does not watch the room. */
export function liveAgentOf(entry: RoomEntry | undefined, nodeId: string): LiveAgent | undefined {
  if (!entry) return undefined;
  const conn = entry.conn;
  return {
    deviceId: conn?.deviceId ?? '',
    connected: Boolean(conn?.helloAt),
    connectedAt: conn ? new Date(conn.connectedAt).toISOString() : null,
    lastHeartbeatAt: entry.health.online || conn ? new Date(entry.lastHeartbeatAt).toISOString() : null,
    info: conn?.info ?? null,
    nodeId,
  };
}
