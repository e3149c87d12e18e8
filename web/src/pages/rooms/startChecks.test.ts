import { describe, expect, it } from 'vitest';
import type { Room } from '../../api/types.ts';
import type { RoomAgentView } from '@roomwarden/protocol';
import { startBlockedReason } from './startChecks.ts';

const room: Room = {
  id: 'r1',
  name: 'Oslo',
  siteId: null,
  siteName: null,
  region: 'eu',
  status: 'healthy',
  remoteAccessAllowed: true,
  lastSeenAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  myPermissions: { rooms: 'view', incidents: 'view', remoteAccess: 'view', roomActions: 'none' },
};
const agent: RoomAgentView = {
  enrolled: true,
  deviceId: 'd1',
  revoked: false,
  agentVersion: '0.1.0',
  platform: 'linux',
  hostname: 'h',
  osVersion: null,
  capabilities: { vnc: true },
  connected: true,
  connectedAt: null,
  lastHeartbeatAt: null,
  enrolledAt: null,
  nodeId: null,
};

describe('why Start session is disabled', () => {
  it('allows a session when every check passes, or when settings are unreadable', () => {
    expect(startBlockedReason(room, agent, true)).toBeNull();
    expect(startBlockedReason(room, agent, undefined)).toBeNull();
  });

  it('names the first failing check', () => {
    expect(startBlockedReason(room, agent, false)).toContain('turned off in Settings');
    expect(startBlockedReason({ ...room, myPermissions: { ...room.myPermissions, remoteAccess: 'none' } }, agent, true)).toContain('no remote access');
    expect(startBlockedReason({ ...room, remoteAccessAllowed: false }, agent, true)).toContain('excluded');
    expect(startBlockedReason(room, { ...agent, connected: false }, true)).toContain('offline');
    expect(startBlockedReason(room, { ...agent, enrolled: false }, true)).toContain('offline');
    expect(startBlockedReason(room, { ...agent, capabilities: { vnc: false } }, true)).toContain('no VNC server');
  });
});
