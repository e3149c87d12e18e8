// The URLs of a session's two sides. The URL an agent's data connection takes to the relay on the node that holds the viewer,
// for a session and for each of its observers: the one-time agent ticket, and the data
// transports this node offers (RELAY_TRANSPORTS_PARAM: an older agent ignores them and
// uses the WebSocket).
import { RELAY_TRANSPORTS, RELAY_TRANSPORTS_PARAM } from '@roomwarden/protocol';

export function agentRelayUrl(publicUrl: string, sessionId: string, ticket: string): string {
  return `${publicUrl.replace(/^http/, 'ws')}/api/v1/sessions/${sessionId}/agent?ticket=${encodeURIComponent(ticket)}&${RELAY_TRANSPORTS_PARAM}=${RELAY_TRANSPORTS.join(',')}`;
}

/**
 * The URL the viewer (noVNC) opens: on one node relative to the server, as the portal's own
 * origin is that node; in a cluster absolute, naming this node (the one that holds the
 * session's relay), whatever node or load balancer the browser came through. The ticket
 * alone admits it there: a browser without this node's cookie is not refused.
 */
export function viewerRelayUrl(sessionId: string, ticket: string, absoluteBase: string | undefined): string {
  const path = `/api/v1/sessions/${sessionId}/viewer?ticket=${encodeURIComponent(ticket)}`;
  return absoluteBase ? `${absoluteBase.replace(/^http/, 'ws').replace(/\/$/, '')}${path}` : path;
}
