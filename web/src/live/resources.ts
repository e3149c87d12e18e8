// The shapes of the health, incident, agent, session and enrollment resources as the
// portal reads them (the server's views: health-views.ts, devices.service.ts,
// sessions/session-view.ts, enrollment.service.ts).
import type { IncidentSeverity, RoomStatus, SignalState } from '@roomwarden/protocol';

export type RoomSummary = Record<RoomStatus, number> & { total: number };

export interface SignalView {
  name: string;
  label: string;
  state: SignalState;
  value: string | null;
  detail: string | null;
  changedAt: string;
}

export interface Incident {
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

export interface RoomAgent {
  enrolled: boolean;
  deviceId: string | null;
  revoked: boolean;
  agentVersion: string | null;
  platform: string | null;
  hostname: string | null;
  osVersion: string | null;
  capabilities: { vnc: boolean };
  connected: boolean;
  connectedAt: string | null;
  lastHeartbeatAt: string | null;
  enrolledAt: string | null;
  nodeId: string | null;
}

export type SessionMode = 'control' | 'view';

export interface RemoteSession {
  id: string;
  roomId: string;
  roomName: string;
  siteId: string | null;
  userId: string;
  userLabel: string;
  mode: SessionMode;
  state: 'pending' | 'active' | 'ended';
  endReason: string | null;
  endMessage: string | null;
  startedAt: string;
  connectedAt: string | null;
  endedAt: string | null;
  durationSeconds: number;
  bytesToViewer: number;
  bytesFromViewer: number;
  expiresAt: string;
  idleTimeoutMinutes: number;
  maxMinutes: number;
}

export interface StartedSession extends RemoteSession {
  viewerUrl: string;
  ticketExpiresAt: string;
}

export interface EnrollmentToken {
  id: string;
  label: string;
  siteId: string | null;
  region: string | null;
  maxUses: number;
  uses: number;
  remaining: number;
  state: 'active' | 'used' | 'expired' | 'revoked';
  expiresAt: string;
  createdAt: string;
  revokedAt: string | null;
}

/** What GET /events pushes (one `event:` type per variant). */
export type LiveEvent =
  | { type: 'room.status'; roomId: string; siteId: string | null; status: RoomStatus; previous: RoomStatus; at?: string }
  | { type: 'incident.opened' | 'incident.resolved' | 'incident.acknowledged'; roomId: string; siteId: string | null; incident: Incident }
  | { type: 'session.started' | 'session.ended' | 'session.updated'; roomId: string; siteId: string | null; session: RemoteSession }
  | { type: 'remoteAccess.disabled'; by: string }
  | { type: 'settings.changed'; key: string };

export type LiveEventType = LiveEvent['type'];
