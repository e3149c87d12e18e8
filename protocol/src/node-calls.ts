// Between the nodes of a cluster: a node that does not hold a room's agent asks the node
// that does (what the agent announced; deliver this command to it), and each node tells the
// others what its agents say about sessions and room actions, so the node that holds a
// session's viewer hears it wherever the agent's control connection is. Plain JSON, parsed
// with these schemas when received (EventParseError: UNKNOWN_EVENT / INVALID_EVENT).
import { z } from 'zod';
import {
  actionResultSchema,
  actionRunSchema,
  agentUpdateSchema,
  displayNameSchema,
  ROOM_ACTIONS,
  sessionCloseSchema,
  sessionClosedSchema,
  sessionFailedSchema,
  sessionObserveSchema,
  sessionOpenedSchema,
  sessionOpenSchema,
  sessionViewersSchema,
} from './agent-messages.ts';
import { EventParseError, parseEventWith } from './live-events.ts';

/** What a node knows of a room's agent from its control connection (the server's AgentPresence). */
export const agentPresenceSchema = z
  .object({
    online: z.boolean(),
    vnc: z.boolean(),
    displays: z.array(displayNameSchema).max(16).optional(),
    inMeeting: z.boolean().optional(),
    nodeId: z.string().max(200).nullable(),
    agentVersion: z.string().max(100).nullable(),
    actions: z.array(z.enum(ROOM_ACTIONS)).optional(),
  })
  .strict();

/** The server → agent messages another node may ask for (the server's AgentCommand). */
export const agentCommandSchema = z.discriminatedUnion('type', [sessionOpenSchema, sessionCloseSchema, sessionObserveSchema, sessionViewersSchema, agentUpdateSchema, actionRunSchema]);

export const nodeCallSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('agent.presence'), roomId: z.uuid() }).strict(),
  z.object({ type: z.literal('agent.send'), roomId: z.uuid(), command: agentCommandSchema }).strict(),
]);
export type NodeCall = z.infer<typeof nodeCallSchema>;

export const nodeReplySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('agent.presence'), presence: agentPresenceSchema }).strict(),
  /** delivered: false when the node no longer holds the room's agent. */
  z.object({ type: z.literal('agent.sent'), delivered: z.boolean() }).strict(),
  z.object({ type: z.literal('error'), code: z.string().max(100), message: z.string().max(500) }).strict(),
]);
export type NodeReply = z.infer<typeof nodeReplySchema>;

const roomId = { roomId: z.uuid() };
/** What an agent said about a session (with its room), or that its control connection went away. */
export const agentSessionEventSchema = z.discriminatedUnion('type', [
  sessionOpenedSchema.extend(roomId),
  sessionFailedSchema.extend(roomId),
  sessionClosedSchema.extend(roomId),
  z.object({ type: z.literal('agent.disconnected'), ...roomId }).strict(),
]);

export const agentNewsSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('agent.session'), originNode: z.string().min(1).max(200), event: agentSessionEventSchema }).strict(),
  z.object({ type: z.literal('agent.action'), originNode: z.string().min(1).max(200), result: actionResultSchema.extend(roomId) }).strict(),
]);
/** One node's agents' news, for every other node. */
export type AgentNews = z.infer<typeof agentNewsSchema>;

function parseJsonWith<T>(schema: z.ZodType<T>, text: string, what: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new EventParseError('INVALID_EVENT', `${what} is not JSON`);
  }
  return parseEventWith(schema, value);
}

export const decodeNodeCall = (text: string): NodeCall => parseJsonWith(nodeCallSchema, text, 'node call');
export const decodeNodeReply = (text: string): NodeReply => parseJsonWith(nodeReplySchema, text, 'node reply');
export const decodeAgentNews = (text: string): AgentNews => parseJsonWith(agentNewsSchema, text, 'agent news');
