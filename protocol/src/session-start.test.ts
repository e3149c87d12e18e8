import { describe, expect, it } from 'vitest';
import { mayStartSession, type SessionStartFacts } from './session-start.ts';

const allowed: SessionStartFacts = { remoteAccessEnabled: true, remoteAccessLevel: 'modify', roomAllowsRemoteAccess: true, agent: { online: true, vnc: true } };

describe('mayStartSession', () => {
  it('allows a start when every fact allows it, and skips facts that are not known', () => {
    expect(mayStartSession(allowed, 'control')).toBeNull();
    expect(mayStartSession({ ...allowed, remoteAccessEnabled: undefined, agent: undefined }, 'control')).toBeNull();
  });

  it('refuses with the first failing check, in the order of the design', () => {
    expect(mayStartSession({ ...allowed, remoteAccessEnabled: false, remoteAccessLevel: 'none', roomAllowsRemoteAccess: false }, 'view')).toBe('REMOTE_ACCESS_DISABLED');
    expect(mayStartSession({ ...allowed, remoteAccessLevel: 'none', roomAllowsRemoteAccess: false }, 'view')).toBe('REMOTE_ACCESS_NOT_PERMITTED');
    expect(mayStartSession({ ...allowed, remoteAccessLevel: 'view', roomAllowsRemoteAccess: false }, 'control')).toBe('REMOTE_ACCESS_MODE_NOT_PERMITTED');
    expect(mayStartSession({ ...allowed, remoteAccessLevel: 'view', roomAllowsRemoteAccess: false }, 'view')).toBe('ROOM_REMOTE_ACCESS_EXCLUDED');
    expect(mayStartSession({ ...allowed, agent: { online: false, vnc: false } }, 'view')).toBe('AGENT_OFFLINE');
    expect(mayStartSession({ ...allowed, agent: { online: true, vnc: false } }, 'view')).toBe('AGENT_VNC_UNAVAILABLE');
  });
});
