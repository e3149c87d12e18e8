// The agent's data connection may arrive two ways on GET /api/v1/sessions/:id/agent: a
// WebSocket upgrade (handled by @fastify/websocket) or an HTTP Upgrade to a raw byte
// stream (`Upgrade: roomwarden-relay/1`, protocol RELAY_RAW_UPGRADE), which carries the
// desktop without WebSocket framing or the client's masking. Both are routed through
// Fastify (@fastify/websocket dispatches every `upgrade` of the server through the router),
// so the ticket is checked by the same preHandler before anything is switched; a raw
// upgrade is then answered 101 here and its socket handed to the relay.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { RELAY_RAW_UPGRADE, type RelayTransportKind } from '@roomwarden/protocol';
import { RawRelaySocket } from './relay-socket.ts';

/** Which data transport an upgrade request asks for; undefined when it is not an upgrade we speak. */
export function dataUpgradeKind(headers: IncomingHttpHeaders): RelayTransportKind | undefined {
  const connection = (headers.connection ?? '').toLowerCase().split(',').map((t) => t.trim());
  if (!connection.includes('upgrade')) return undefined;
  const upgrade = (headers.upgrade ?? '').trim().toLowerCase();
  if (upgrade === 'websocket') return 'websocket';
  if (upgrade === RELAY_RAW_UPGRADE) return 'raw';
  return undefined;
}

/**
 * Switches an admitted raw upgrade to a byte stream: 101, then the socket belongs to the
 * relay (no idle timeout: the session's own limits apply; Nagle off, as ws does).
 * The client sends nothing before the 101, so there are no early bytes to carry over.
 */
export function acceptRawUpgrade(req: IncomingMessage, res: ServerResponse): RawRelaySocket {
  const socket = req.socket as Socket;
  res.detachSocket(socket);
  socket.setTimeout(0);
  socket.setNoDelay(true);
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: ${RELAY_RAW_UPGRADE}\r\n\r\n`);
  return new RawRelaySocket(socket);
}
