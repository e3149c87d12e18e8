// The API's directory, room, role, health, incident, agent, remote-session and enrollment resources, as the
// server's view builders produce them and the portal reads them (DESIGN.md field names).
// Types only: timestamps are ISO 8601 strings.
import type { AgentPlatform, AgentUpdateStatus } from './agent-messages.ts';
import type { IncidentSeverity, RoomStatus, SignalState } from './health.ts';
import type { Level, Permissions, RoomArea } from './permissions.ts';

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

export interface IncidentView {
  id: string;
  roomId: string;
  roomName: string;
  siteId: string | null;
  ruleId: string;
  signal: string | null;
  title: string;
  category: string;
  severity: IncidentSeverity;
  state: 'open' | 'resolved';
  detail: string | null;
  openedAt: string;
  resolvedAt: string | null;
  acknowledged: boolean;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}

/** GET /rooms/:id/agent: the enrolled device and its live connection. */
export interface RoomAgentView {
  enrolled: boolean;
  deviceId: string | null;
  revoked: boolean;
  agentVersion: string | null;
  platform: AgentPlatform | null;
  hostname: string | null;
  osVersion: string | null;
  capabilities: { vnc: boolean };
  connected: boolean;
  connectedAt: string | null;
  lastHeartbeatAt: string | null;
  enrolledAt: string | null;
  nodeId: string | null;
  /** How the agent's last self-update went, as it reported it (null: none reported since it connected). */
  lastUpdate?: AgentUpdateStatus | null;
}

export type SessionMode = 'control' | 'view';
export type SessionState = 'pending' | 'active' | 'ended';

export interface SessionView {
  id: string;
  roomId: string;
  roomName: string;
  siteId: string | null;
  userId: string;
  userLabel: string;
  mode: SessionMode;
  state: SessionState;
  endReason: string | null;
  endMessage: string | null;
  startedAt: string;
  connectedAt: string | null;
  endedAt: string | null;
  durationSeconds: number;
  bytesToViewer: number;
  bytesFromViewer: number;
  /** When the maximum length ends the session. */
  expiresAt: string;
  idleTimeoutMinutes: number;
  maxMinutes: number;
}

/** POST /rooms/:id/sessions: the new session and the viewer's one-time ticket. */
export interface StartedSession extends SessionView {
  /** Relative WebSocket URL with the one-time viewer ticket: noVNC opens it as it is (made absolute by the portal). */
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
  region: string;
  status: string;
  remoteAccessAllowed: boolean;
  lastSeenAt: string | null;
  createdAt: string;
  updatedAt: string;
  myPermissions: Record<RoomArea, Level>;
}

/** Who holds a role. */
export interface RoleAssignments {
  groupIds: string[];
  userIds: string[];
}

/** Where a role applies: every room, or the listed sites and rooms. */
export interface RoleScope {
  allRooms: boolean;
  siteIds: string[];
  roomIds: string[];
}

export interface RoleView {
  id: string;
  name: string;
  description: string;
  builtIn: boolean;
  builtInKind: string | null;
  permissions: Permissions;
  assignments: RoleAssignments;
  scope: RoleScope;
  createdAt: string;
  updatedAt: string;
}
