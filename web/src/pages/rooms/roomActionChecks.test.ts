import { describe, expect, it } from 'vitest';
import type { RoomAgentView } from '@roomwarden/protocol';
import { actionBlockedReason, confirmationOf } from './roomActionChecks.ts';

const agent: RoomAgentView = {
  enrolled: true,
  deviceId: 'd',
  revoked: false,
  agentVersion: '1.0.0',
  platform: 'windows',
  hostname: 'mtr-1',
  osVersion: null,
  capabilities: { vnc: true, displays: [], actions: ['restart-device'] },
  connected: true,
  connectedAt: null,
  lastHeartbeatAt: null,
  enrolledAt: null,
  nodeId: null,
};

describe('room action buttons', () => {
  it('are enabled only for a connected agent that announced the action', () => {
    expect(actionBlockedReason(agent, 'restart-device')).toBeNull();
    expect(actionBlockedReason(agent, 'restart-app')).toContain('no command to restart the room app');
    expect(actionBlockedReason({ ...agent, connected: false }, 'restart-device')).toBe("The room's agent is offline.");
    expect(actionBlockedReason({ ...agent, enrolled: false }, 'restart-device')).toContain('No agent');
    expect(actionBlockedReason({ ...agent, capabilities: { vnc: true, displays: [] } }, 'restart-device')).toContain('no command');
  });

  it('the confirmation names the room', () => {
    expect(confirmationOf('restart-device', 'Oslo – Fjord 3').title).toBe('Restart the device of Oslo – Fjord 3?');
    expect(confirmationOf('restart-app', 'Oslo – Fjord 3').body).toContain('Oslo – Fjord 3');
  });
});
