// The URL an agent's data connection takes to the relay on the node that holds the viewer,
// for a session and for each of its observers: the one-time agent ticket, and the data
// transports this node offers (RELAY_TRANSPORTS_PARAM: an older agent ignores them and
// uses the WebSocket).
import { RELAY_TRANSPORTS, RELAY_TRANSPORTS_PARAM } from '@roomwarden/protocol';

export function agentRelayUrl(publicUrl: string, sessionId: string, ticket: string): string {
  return `${publicUrl.replace(/^http/, 'ws')}/api/v1/sessions/${sessionId}/agent?ticket=${encodeURIComponent(ticket)}&${RELAY_TRANSPORTS_PARAM}=${RELAY_TRANSPORTS.join(',')}`;
}
