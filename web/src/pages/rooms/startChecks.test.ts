import { describe, expect, it } from 'vitest';
import type { Room } from '../../api/types.ts';
import type { RoomAgentView } from '@roomwarden/protocol';
import { startBlockedReason } from './startChecks.ts';

const room: Room = {
  id: 'r1',
  name: 'Oslo',
  siteId: null,
  siteName: null,
  roomGroupIds: [],
  region: 'eu',
  status: 'healthy',
  remoteAccessAllowed: true,
  lastSeenAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  myPermissions: { rooms: 'view', incidents: 'view', remoteAccess: 'view', roomActions: 'none' },
  retiredAt: null,
  maintenanceUntil: null,
  maintenanceReason: null,
};
const agent: RoomAgentView = {
  enrolled: true,
  deviceId: 'd1',
  revoked: false,
  agentVersion: '0.1.0',
  platform: 'linux',
  hostname: 'h',
  osVersion: null,
  capabilities: { vnc: true, displays: [] },
  connected: true,
  connectedAt: null,
  lastHeartbeatAt: null,
  enrolledAt: null,
  nodeId: null,
};

const on = { enabled: true, contactEmail: 'rooms@example.com' };

describe('why Start session is disabled', () => {
  it('allows a session when every check passes, or when settings are unreadable', () => {
    expect(startBlockedReason(room, agent, on)).toBeNull();
    expect(startBlockedReason(room, agent, undefined)).toBeNull();
  });

  it('names the first failing check', () => {
    expect(startBlockedReason(room, agent, { enabled: false, contactEmail: 'rooms@example.com' })).toBe(
      'Remote access is turned off for the whole organisation. To use it, ask rooms@example.com.',
    );
    expect(startBlockedReason(room, agent, { enabled: false, contactEmail: null })).toContain('ask an administrator');
    expect(startBlockedReason({ ...room, myPermissions: { ...room.myPermissions, remoteAccess: 'none' } }, agent, on)).toContain('no remote access');
    expect(startBlockedReason({ ...room, remoteAccessAllowed: false }, agent, on)).toContain('excluded');
    expect(startBlockedReason(room, { ...agent, connected: false }, on)).toContain('offline');
    expect(startBlockedReason(room, { ...agent, enrolled: false }, on)).toContain('offline');
    expect(startBlockedReason(room, { ...agent, capabilities: { vnc: false, displays: [] } }, on)).toContain('no VNC server');
  });
});
