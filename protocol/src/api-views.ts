// The API's directory, room, role, health, incident, agent, remote-session and enrollment resources, as the
// server's view builders produce them and the portal reads them (DESIGN.md field names).
// Timestamps are ISO 8601 strings. Types only, except the views that live events carry (incidents and
// sessions): those are zod schemas, so that whoever receives an event can parse it.
import { z } from 'zod';
import type { ActionOutcome, AgentPlatform, AgentUpdateStatus, RoomAction } from './agent-messages.ts';
import { INCIDENT_SEVERITIES, type RoomStatus, type SignalState } from './health.ts';
import type { Level, Permissions, RoomArea } from './permissions.ts';
import type { RoomScopeSpec } from './room-scope.ts';

/** GET /rooms/summary: how many visible rooms are in each status. */
export type RoomSummary = Record<RoomStatus, number> & { total: number };

export interface SignalView {
  name: string;
  label: string;
  state: SignalState;
  value: string | null;
  detail: string | null;
  changedAt: string;
}

export const incidentViewSchema = z.object({
  id: z.string(),
  roomId: z.string(),
  roomName: z.string(),
  siteId: z.string().nullable(),
  ruleId: z.string(),
  signal: z.string().nullable(),
  title: z.string(),
  category: z.string(),
  severity: z.enum(INCIDENT_SEVERITIES),
  state: z.enum(['open', 'resolved']),
  detail: z.string().nullable(),
  openedAt: z.iso.datetime(),
  resolvedAt: z.iso.datetime().nullable(),
  acknowledged: z.boolean(),
  acknowledgedAt: z.iso.datetime().nullable(),
  acknowledgedBy: z.string().nullable(),
  // issue 14 B: how it was resolved and by whom; who recorded it by hand and why
  resolution: z.enum(['recovered', 'manual', 'retired']).nullable().optional(),
  resolvedBy: z.string().nullable().optional(),
  openedBy: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
});
export type IncidentView = z.infer<typeof incidentViewSchema>;

/** GET /rooms/:id/agent: the enrolled device and its live connection. */
export interface RoomAgentView {
  enrolled: boolean;
  deviceId: string | null;
  revoked: boolean;
  agentVersion: string | null;
  platform: AgentPlatform | null;
  hostname: string | null;
  osVersion: string | null;
  /** `displays`: the names the agent bridges, the default first (hello's capabilities.displays; [] when it announced none). actions: the room actions the live agent has a command for (absent: agent offline or older than issue 13). */
  capabilities: { vnc: boolean; displays: string[]; actions?: RoomAction[] };
  connected: boolean;
  connectedAt: string | null;
  lastHeartbeatAt: string | null;
  enrolledAt: string | null;
  nodeId: string | null;
  /** How the agent's last self-update went, as it reported it (null: none reported since it connected). */
  lastUpdate?: AgentUpdateStatus | null;
}

export const SESSION_MODES = ['control', 'view'] as const;
export type SessionMode = (typeof SESSION_MODES)[number];
export const SESSION_STATES = ['pending', 'active', 'ended'] as const;
export type SessionState = (typeof SESSION_STATES)[number];

/** Someone watching a live session (DESIGN Remote session 7): view-only, beside its controller. */
export const sessionObserverViewSchema = z.object({
  id: z.string(),
  userId: z.string(),
  userLabel: z.string(),
  joinedAt: z.iso.datetime(),
  leftAt: z.iso.datetime().nullable(),
  /** Why they left (observer_closed, observer_too_slow, session_ended, permission_withdrawn, …). */
  leaveReason: z.string().nullable(),
});
export type SessionObserverView = z.infer<typeof sessionObserverViewSchema>;

export const sessionViewSchema = z.object({
  id: z.string(),
  roomId: z.string(),
  roomName: z.string(),
  siteId: z.string().nullable(),
  userId: z.string(),
  userLabel: z.string(),
  mode: z.enum(SESSION_MODES),
  state: z.enum(SESSION_STATES),
  endReason: z.string().nullable(),
  endMessage: z.string().nullable(),
  startedAt: z.iso.datetime(),
  connectedAt: z.iso.datetime().nullable(),
  endedAt: z.iso.datetime().nullable(),
  durationSeconds: z.number().int().nonnegative(),
  bytesToViewer: z.number().int().nonnegative(),
  bytesFromViewer: z.number().int().nonnegative(),
  /** When the maximum length ends the session. */
  expiresAt: z.iso.datetime(),
  idleTimeoutMinutes: z.number(),
  maxMinutes: z.number(),
  /** The agent's display the session shows (null: the agent's default, or a session from before displays). */
  display: z.string().nullable(),
  /** The reason given to start it during a meeting (override), or null. */
  meetingOverrideReason: z.string().nullable(),
  /** Who watches (or watched) the session as an observer, in the order they joined. */
  observers: z.array(sessionObserverViewSchema).max(200).optional(),
});
export type SessionView = z.infer<typeof sessionViewSchema>;

/** POST /rooms/:id/sessions: the new session and the viewer's one-time ticket. */
export interface StartedSession extends SessionView {
  /** Relative WebSocket URL with the one-time viewer ticket: noVNC opens it as it is (made absolute by the portal). */
  viewerUrl: string;
  ticketExpiresAt: string;
}

/** POST /sessions/:id/observers: the observer and their viewer's one-time ticket. */
export interface JoinedObserver {
  observerId: string;
  sessionId: string;
  /** Relative WebSocket URL with the observer's one-time viewer ticket (as StartedSession's). */
  viewerUrl: string;
  ticketExpiresAt: string;
}

export type EnrollmentTokenState = 'active' | 'expired' | 'used' | 'revoked';

export interface EnrollmentTokenView {
  id: string;
  label: string;
  siteId: string | null;
  region: string | null;
  maxUses: number;
  uses: number;
  remaining: number;
  state: EnrollmentTokenState;
  expiresAt: string;
  createdAt: string;
  revokedAt: string | null;
}

// --- directory, sites, rooms, roles

export interface UserView {
  id: string;
  email: string;
  displayName: string;
  disabled: boolean;
  externalId: string | null;
  source: string;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface GroupView {
  id: string;
  displayName: string;
  description: string;
  externalId: string | null;
  memberCount?: number;
  createdAt: string;
  updatedAt: string;
}

export interface SiteView {
  id: string;
  name: string;
  roomCount?: number;
  createdAt: string;
}

export interface RoomView {
  id: string;
  name: string;
  siteId: string | null;
  siteName: string | null;
  /** The room groups this room is in. */
  roomGroupIds: string[];
  region: string;
  status: string;
  remoteAccessAllowed: boolean;
  lastSeenAt: string | null;
  createdAt: string;
  updatedAt: string;
  myPermissions: Record<RoomArea, Level>;
  // issue 14 B: retirement and the maintenance window
  /** Set once the room is retired: it left the lists, its history stays. */
  retiredAt: string | null;
  /** While in the future, new incidents of this room are not opened; null when none is running. */
  maintenanceUntil: string | null;
  maintenanceReason: string | null;
}

/** One assignment of a role: who holds it (groups, users), where (its room scope), and
 * whether its members are emailed about incidents in that scope. */
export interface AssignmentView {
  id: string;
  name: string;
  groupIds: string[];
  userIds: string[];
  scope: RoomScopeSpec;
  emailNotifications: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface RoleView {
  id: string;
  name: string;
  description: string;
  builtIn: boolean;
  builtInKind: string | null;
  permissions: Permissions;
  assignments: AssignmentView[];
  createdAt: string;
  updatedAt: string;
}

/** A named, free set of rooms (a room is in one site and any number of groups). `roomIds`
 * lists only the rooms the caller can view; `roomCount` counts those. */
export interface RoomGroupView {
  id: string;
  name: string;
  description: string;
  roomIds: string[];
  roomCount?: number;
  createdAt: string;
  updatedAt: string;
}

/** GET /rooms/:id/actions, POST /rooms/:id/actions: one room action and, once done, what its command did. */
export interface RoomActionView {
  id: string;
  roomId: string;
  action: RoomAction;
  /** Who asked (a user's label, or "session end" details through sessionId). */
  requestedBy: string;
  requestedAt: string;
  /** Set when the action was asked by a session's "restart the device when this session ends". */
  sessionId: string | null;
  state: 'pending' | 'done';
  outcome: ActionOutcome | null;
  exitCode: number | null;
  /** The first lines of the command's output (at most MAX_ACTION_OUTPUT_CHARS). */
  output: string;
  message: string | null;
  finishedAt: string | null;
}
