// The agent ⇄ server wire: enrollment over HTTP, then JSON text frames on the control
// WebSocket (/api/v1/agent/connect), each a discriminated union on `type`, parsed at
// both ends. Desktop bytes never travel here: they use the session data WebSocket.
import { z } from 'zod';
import { signalSchema } from './health.ts';
import { findUnstorableText, UNSTORABLE_TEXT_MESSAGE } from './storable-text.ts';

export const AGENT_PLATFORMS = ['linux', 'windows', 'sim'] as const;
export type AgentPlatform = (typeof AGENT_PLATFORMS)[number];

/** Largest control frame either side accepts; larger frames close the connection (1009). */
export const MAX_CONTROL_FRAME_BYTES = 64 * 1024;
/** Messages an agent may send per 10 s window before the server closes it (1008). */
export const MAX_AGENT_MESSAGES_PER_10S = 100;
/** The agent authenticates its control connection with this header: `Device <deviceId>:<secret>`. */
export const DEVICE_AUTH_SCHEME = 'Device';
export function deviceAuthHeader(deviceId: string, secret: string): string {
  return `${DEVICE_AUTH_SCHEME} ${deviceId}:${secret}`;
}
export function parseDeviceAuthHeader(value: string | undefined): { deviceId: string; secret: string } | undefined {
  if (!value?.startsWith(`${DEVICE_AUTH_SCHEME} `)) return undefined;
  const rest = value.slice(DEVICE_AUTH_SCHEME.length + 1).trim();
  const i = rest.indexOf(':');
  if (i <= 0 || i === rest.length - 1 || rest.length > 300) return undefined;
  return { deviceId: rest.slice(0, i), secret: rest.slice(i + 1) };
}

/** Close codes the server uses on the control connection (4000-4999 are ours). */
export const AGENT_CLOSE = {
  /** The device was revoked or deleted: do not reconnect. */
  DEVICE_REVOKED: 4001,
  /** Wrong or unknown credential: do not reconnect without re-enrolling. */
  BAD_CREDENTIAL: 4002,
  /** A message that failed to parse or is unknown. */
  PROTOCOL_ERROR: 4003,
  /** Too many messages. */
  RATE_LIMITED: 4004,
  /** Another connection for the same device replaced this one. */
  REPLACED: 4005,
  /** No hello in time. */
  HELLO_TIMEOUT: 4006,
} as const;

// ---- enrollment (HTTP, POST /api/v1/agent/enroll)
export const enrollRequestSchema = z
  .object({
    token: z.string().min(10).max(200),
    hostname: z.string().trim().min(1).max(200),
    platform: z.enum(AGENT_PLATFORMS),
    agentVersion: z.string().min(1).max(50),
    /** Stable identifier of the machine (for "already enrolled" detection). */
    machineId: z.string().min(1).max(200),
    /** Name for the room; defaults to the hostname. */
    roomName: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type EnrollRequest = z.infer<typeof enrollRequestSchema>;

export const enrollResponseSchema = z.object({
  deviceId: z.string(),
  deviceSecret: z.string(),
  roomId: z.string(),
  region: z.string(),
  /** ws:// or wss:// URL of /api/v1/agent/connect on a node of the room's region. */
  gatewayUrl: z.string(),
});
export type EnrollResponse = z.infer<typeof enrollResponseSchema>;

// ---- agent builds and self-update
/** The platforms the server serves agent executables for (GET /api/v1/agent/releases/:platform). */
export const AGENT_RELEASE_PLATFORMS = ['linux-x64', 'win-x64'] as const;
export type AgentReleasePlatform = (typeof AGENT_RELEASE_PLATFORMS)[number];

/** The server's build of the agent for one platform: what an older agent downloads and checks. */
export const agentReleaseSchema = z.object({
  version: z.string().min(1).max(50),
  platform: z.enum(AGENT_RELEASE_PLATFORMS),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().positive(),
  /** Path on the server the agent is connected to: /api/v1/agent/releases/<platform>. */
  path: z.string().startsWith('/').max(200),
});
export type AgentRelease = z.infer<typeof agentReleaseSchema>;

/** How the agent's last self-update went (sent in hello and as update.status). */
export const agentUpdateStatusSchema = z
  .object({
    state: z.enum(['updated', 'failed']),
    fromVersion: z.string().max(50),
    targetVersion: z.string().max(50),
    /** Why it failed: the download, the SHA-256, the swap. */
    message: z.string().max(500).optional(),
    at: z.iso.datetime(),
  })
  .strict();
export type AgentUpdateStatus = z.infer<typeof agentUpdateStatusSchema>;

// ---- remote sessions: displays, viewers, room actions (DESIGN "Remote session", 7 to 11)
/** A display's name as `--vnc NAME=HOST:PORT` gives it (plain `--vnc HOST:PORT` is "main"). */
export const displayNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/, 'a display name is 1 to 32 letters, digits, ".", "_" or "-"');
export const DEFAULT_DISPLAY_NAME = 'main';

/** Who is connected to a live session, as the room's on-screen notice names them. */
export const sessionViewerSchema = z.object({ name: z.string().min(1).max(200), control: z.boolean() }).strict();
export type SessionViewer = z.infer<typeof sessionViewerSchema>;

/** What an administrator may ask a room's agent to do (area roomActions). */
export const ROOM_ACTIONS = ['restart-device', 'restart-app'] as const;
export type RoomAction = (typeof ROOM_ACTIONS)[number];
export const ACTION_OUTCOMES = ['succeeded', 'failed', 'unavailable', 'timed_out'] as const;
export type ActionOutcome = (typeof ACTION_OUTCOMES)[number];
/** The first lines of an action's output the agent sends back (and the audit keeps). */
export const MAX_ACTION_OUTPUT_CHARS = 4000;

// ---- agent → server
export const helloSchema = z
  .object({
    type: z.literal('hello'),
    agentVersion: z.string().min(1).max(50),
    platform: z.enum(AGENT_PLATFORMS),
    hostname: z.string().max(200),
    osVersion: z.string().max(200).optional(),
    capabilities: z
      .object({
        vnc: z.boolean(),
        /** The displays the agent bridges, the default first (none: one unnamed display, when vnc). */
        displays: z.array(displayNameSchema).max(16).optional(),
        /** The room actions the agent has a command for. */
        actions: z.array(z.enum(ROOM_ACTIONS)).max(ROOM_ACTIONS.length).optional(),
        /** True when the agent can show the on-screen notice (the red ring) while a session is live. */
        notice: z.boolean().optional(),
      })
      .strict(),
    lastUpdate: agentUpdateStatusSchema.optional(),
  })
  .strict();

export const heartbeatSchema = z.object({ type: z.literal('heartbeat'), at: z.iso.datetime() }).strict();

export const healthReportSchema = z
  .object({
    type: z.literal('health.report'),
    /** full: every signal; otherwise only the signals that changed. */
    full: z.boolean(),
    measuredAt: z.iso.datetime(),
    /** True when the report was measured while offline and sent on reconnect. */
    buffered: z.boolean().optional(),
    /** On the first buffered report after a reconnect: how many older offline reports the agent had to drop (its buffer is bounded). */
    droppedReports: z.number().int().nonnegative().optional(),
    signals: z.array(signalSchema).max(64),
  })
  .strict();

export const sessionOpenedSchema = z.object({ type: z.literal('session.opened'), sessionId: z.uuid() }).strict();
export const sessionFailedSchema = z
  .object({
    type: z.literal('session.failed'),
    sessionId: z.uuid(),
    /** vnc_unreachable | vnc_auth_failed | vnc_protocol_error | relay_unreachable | busy */
    reason: z.string().min(1).max(50),
    message: z.string().max(500).optional(),
  })
  .strict();
export const sessionClosedSchema = z
  .object({
    type: z.literal('session.closed'),
    sessionId: z.uuid(),
    reason: z.string().min(1).max(50),
    bytesToViewer: z.number().int().nonnegative(),
    bytesFromViewer: z.number().int().nonnegative(),
  })
  .strict();

export const updateStatusSchema = z.object({ type: z.literal('update.status'), status: agentUpdateStatusSchema }).strict();

/** The end of an action.run: what the configured command did. */
export const actionResultSchema = z
  .object({
    type: z.literal('action.result'),
    actionId: z.uuid(),
    action: z.enum(ROOM_ACTIONS),
    outcome: z.enum(ACTION_OUTCOMES),
    /** The command's exit status; null when it did not run or was killed. */
    exitCode: z.number().int().nullable(),
    /** The first lines of its output (stdout and stderr), at most MAX_ACTION_OUTPUT_CHARS. */
    output: z.string().max(MAX_ACTION_OUTPUT_CHARS),
    message: z.string().max(500).optional(),
  })
  .strict();

export const agentMessageSchema = z.discriminatedUnion('type', [
  helloSchema,
  heartbeatSchema,
  healthReportSchema,
  sessionOpenedSchema,
  sessionFailedSchema,
  sessionClosedSchema,
  updateStatusSchema,
  actionResultSchema,
]);
export type AgentMessage = z.infer<typeof agentMessageSchema>;

// ---- server → agent
// welcome is not strict: an agent must understand a newer server's welcome, or it could
// never come online to be updated.
export const welcomeSchema = z.object({
  type: z.literal('welcome'),
  deviceId: z.string(),
  roomId: z.string(),
  roomName: z.string(),
  heartbeatIntervalSec: z.number().int().positive(),
  fullReportIntervalSec: z.number().int().positive(),
  serverTime: z.iso.datetime(),
  /** The server's agent build for this agent's platform, when it has one. */
  agentRelease: agentReleaseSchema.optional(),
  /** True when the agent should install agentRelease itself if it is newer (Settings: automatic updates). */
  autoUpdate: z.boolean().optional(),
  /** In a cluster: the control-connection URLs of the live nodes of the room's region (this one among them), to fail over to. */
  gateways: z.array(z.string().max(2000)).max(64).optional(),
});

/**
 * In a cluster: the region's live nodes changed (one joined or left) since welcome; the
 * agent fails over to these from now on. Without it, an agent that connected while its node
 * was alone would know no other node to go to when that node restarts.
 */
export const gatewaysSchema = z.object({ type: z.literal('gateways'), gateways: z.array(z.string().max(2000)).max(64) }).strict();

/** Install this build now (an administrator's "Update agent" in manual mode). */
export const agentUpdateSchema = z.object({ type: z.literal('agent.update'), release: agentReleaseSchema }).strict();

/**
 * The agent's data connection to the relay may be a WebSocket (every server) or, when the
 * server offers it, an HTTP Upgrade to a raw byte stream on the same URL: `GET <relayUrl>`
 * with `Connection: Upgrade` and `Upgrade: roomwarden-relay/1`, answered `101 Switching
 * Protocols`, then plain bytes both ways (no framing, no masking). The client sends nothing
 * before the 101. A refused ticket is the same 401/409 JSON error as for the WebSocket.
 */
export const RELAY_RAW_UPGRADE = 'roomwarden-relay/1';
export const RELAY_TRANSPORTS = ['raw', 'websocket'] as const;
export type RelayTransportKind = (typeof RELAY_TRANSPORTS)[number];
/**
 * How a server offers the raw path: the relayUrl of session.open carries
 * `transports=raw,websocket` in its query string (session.open is strict, so a field would
 * break older agents; an older server's URL has no such parameter: WebSocket only).
 */
export const RELAY_TRANSPORTS_PARAM = 'transports';

/** The data transports a relay URL offers, best first; `['websocket']` when it names none. */
export function relayTransportsOffered(relayUrl: string): RelayTransportKind[] {
  let listed: string | null;
  try {
    listed = new URL(relayUrl).searchParams.get(RELAY_TRANSPORTS_PARAM);
  } catch {
    return ['websocket'];
  }
  const offered = RELAY_TRANSPORTS.filter((t) => (listed ?? '').split(',').includes(t));
  return offered.length > 0 ? offered : ['websocket'];
}

export const sessionOpenSchema = z
  .object({
    type: z.literal('session.open'),
    sessionId: z.uuid(),
    mode: z.enum(['control', 'view']),
    /** Absolute ws(s) URL of /api/v1/sessions/:id/agent on the node holding the viewer, ticket (and the offered transports, RELAY_TRANSPORTS_PARAM) in the query string. */
    relayUrl: z.string().max(2000),
    ticket: z.string().max(200),
    /** Which of the agent's displays (capabilities.displays); absent: the default. */
    display: displayNameSchema.optional(),
    /** Who is connected when the session opens (the on-screen notice names them). */
    viewers: z.array(sessionViewerSchema).max(50).optional(),
  })
  .strict();

/** The viewers of a live session changed (an observer joined or left): the notice follows. */
export const sessionViewersSchema = z.object({ type: z.literal('session.viewers'), sessionId: z.uuid(), viewers: z.array(sessionViewerSchema).max(50) }).strict();

/**
 * Someone joined a live session as an observer: open one more data connection to the relay
 * for them, view-only, to the session's display (a shared RFB client, so the controller's
 * connection stays). The server closes that connection when the observer leaves.
 */
export const sessionObserveSchema = z
  .object({
    type: z.literal('session.observe'),
    sessionId: z.uuid(),
    observerId: z.uuid(),
    /** Absolute ws(s) URL of /api/v1/sessions/:id/agent, the observer's one-time agent ticket in the query string. */
    relayUrl: z.string().max(2000),
    ticket: z.string().max(200),
    display: displayNameSchema.optional(),
  })
  .strict();

/** Run the command the agent's configuration gives for this action, then answer action.result. */
export const actionRunSchema = z.object({ type: z.literal('action.run'), actionId: z.uuid(), action: z.enum(ROOM_ACTIONS) }).strict();

export const sessionCloseSchema = z.object({ type: z.literal('session.close'), sessionId: z.uuid(), reason: z.string().max(50) }).strict();

export const serverErrorSchema = z.object({ type: z.literal('error'), code: z.string(), message: z.string() }).strict();

export const serverMessageSchema = z.discriminatedUnion('type', [welcomeSchema, sessionOpenSchema, sessionCloseSchema, sessionViewersSchema, sessionObserveSchema, actionRunSchema, serverErrorSchema, agentUpdateSchema, gatewaysSchema]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;

export class WireError extends Error {
  constructor(
    /** UNSTORABLE_TEXT: a well-formed message carrying text no database can store (a NUL, an unpaired surrogate). */
    readonly code: 'MALFORMED_JSON' | 'UNKNOWN_MESSAGE' | 'INVALID_MESSAGE' | 'FRAME_TOO_LARGE' | 'UNSTORABLE_TEXT',
    message: string,
  ) {
    super(message);
  }
}

function parseWith<T>(schema: z.ZodType<T>, raw: string | Buffer): T {
  const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length;
  if (size > MAX_CONTROL_FRAME_BYTES) throw new WireError('FRAME_TOO_LARGE', 'frame too large');
  const text = typeof raw === 'string' ? raw : raw.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new WireError('MALFORMED_JSON', 'frame is not JSON');
  }
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    const unknownType = issue?.code === 'invalid_union' && issue.path.length === 1 && issue.path[0] === 'type';
    throw new WireError(unknownType ? 'UNKNOWN_MESSAGE' : 'INVALID_MESSAGE', `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  const unstorable = findUnstorableText(r.data);
  if (unstorable !== undefined) throw new WireError('UNSTORABLE_TEXT', `${JSON.stringify(unstorable)}: ${UNSTORABLE_TEXT_MESSAGE}`);
  return r.data;
}

/** Parses one agent frame; throws WireError on anything but a known, valid message. */
export function parseAgentMessage(raw: string | Buffer): AgentMessage {
  return parseWith(agentMessageSchema, raw);
}

/** Parses one server frame; throws WireError on anything but a known, valid message. */
export function parseServerMessage(raw: string | Buffer): ServerMessage {
  return parseWith(serverMessageSchema, raw);
}
