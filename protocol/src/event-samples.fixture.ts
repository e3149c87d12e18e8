// Test fixtures: one valid event of every type, and the views they carry (not exported by index.ts).
import type { IncidentView, SessionView } from './api-views.ts';
import type { LiveEvent, LiveEventType } from './live-events.ts';

export const at = '2025-03-04T09:30:00.000Z';
export const room = { roomId: 'room-1', siteId: 'site-1' };

export const incident: IncidentView = {
  id: 'inc-1',
  roomId: 'room-1',
  roomName: 'Boardroom',
  siteId: 'site-1',
  ruleId: 'display.failed',
  signal: 'display',
  title: 'Display not detected',
  category: 'display',
  severity: 'high',
  state: 'open',
  detail: null,
  openedAt: at,
  resolvedAt: null,
  acknowledged: false,
  acknowledgedAt: null,
  acknowledgedBy: null,
};

export const session: SessionView = {
  id: 'ses-1',
  roomId: 'room-1',
  roomName: 'Boardroom',
  siteId: null,
  userId: 'user-1',
  userLabel: 'Ada',
  mode: 'control',
  state: 'active',
  endReason: null,
  endMessage: null,
  startedAt: at,
  connectedAt: at,
  endedAt: null,
  durationSeconds: 12,
  bytesToViewer: 1024,
  bytesFromViewer: 64,
  expiresAt: at,
  idleTimeoutMinutes: 15,
  maxMinutes: 120,
  display: 'main',
  meetingOverrideReason: null,
};

/** One valid event of every type (the record fails to compile when a type is missing). */
export const liveEventSamples: { [T in LiveEventType]: Extract<LiveEvent, { type: T }> } = {
  'room.status': { type: 'room.status', ...room, status: 'warning', previous: 'healthy', at },
  'room.updated': { type: 'room.updated', ...room, previousSiteId: null, remoteAccessAllowed: true },
  'room.deleted': { type: 'room.deleted', roomId: 'room-1', siteId: null },
  'incident.opened': { type: 'incident.opened', ...room, incident },
  'incident.resolved': { type: 'incident.resolved', ...room, incident: { ...incident, state: 'resolved', resolvedAt: at } },
  'incident.acknowledged': { type: 'incident.acknowledged', ...room, incident: { ...incident, acknowledged: true, acknowledgedAt: at, acknowledgedBy: 'Ada' } },
  'session.started': { type: 'session.started', ...room, session: { ...session, state: 'pending', connectedAt: null } },
  'session.updated': { type: 'session.updated', ...room, session },
  'session.ended': { type: 'session.ended', ...room, session: { ...session, state: 'ended', endReason: 'viewer_closed', endedAt: at } },
  'remoteAccess.disabled': { type: 'remoteAccess.disabled', by: 'ada@example.com' },
  'settings.changed': { type: 'settings.changed', key: 'general' },
};
