import { describe, expect, it } from 'vitest';
import { chosenDisplay, mayStartSession, type SessionStartFacts } from './session-start.ts';

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

describe('mayStartSession: not during a meeting (DESIGN Remote session 9)', () => {
  it('refuses a start while a meeting is on, after the agent checks', () => {
    expect(mayStartSession({ ...allowed, inMeeting: true }, 'control')).toBe('ROOM_IN_MEETING');
    expect(mayStartSession({ ...allowed, inMeeting: true, remoteAccessLevel: 'view' }, 'view')).toBe('ROOM_IN_MEETING');
    expect(mayStartSession({ ...allowed, inMeeting: true, agent: { online: false, vnc: false } }, 'control')).toBe('AGENT_OFFLINE');
    expect(mayStartSession({ ...allowed, inMeeting: true, agent: { online: true, vnc: false } }, 'control')).toBe('AGENT_VNC_UNAVAILABLE');
    expect(mayStartSession({ ...allowed, inMeeting: true, roomAllowsRemoteAccess: false }, 'control')).toBe('ROOM_REMOTE_ACCESS_EXCLUDED');
  });

  it('lets a Modify holder override with a reason, and refuses a View holder the override', () => {
    expect(mayStartSession({ ...allowed, inMeeting: true }, 'control', { override: true })).toBeNull();
    expect(mayStartSession({ ...allowed, inMeeting: true }, 'view', { override: true })).toBeNull();
    expect(mayStartSession({ ...allowed, inMeeting: true, remoteAccessLevel: 'view' }, 'view', { override: true })).toBe('REMOTE_ACCESS_MODE_NOT_PERMITTED');
  });

  it('does not block when no meeting is on or the meeting state is unknown', () => {
    expect(mayStartSession({ ...allowed, inMeeting: false }, 'control')).toBeNull();
    expect(mayStartSession({ ...allowed, inMeeting: undefined }, 'control')).toBeNull();
    expect(mayStartSession({ ...allowed, inMeeting: false, remoteAccessLevel: 'view' }, 'view', { override: true })).toBeNull();
  });
});

describe('mayStartSession: which screen (DESIGN Remote session 10)', () => {
  const twoScreens: SessionStartFacts = { ...allowed, agent: { online: true, vnc: true, displays: ['front', 'whiteboard'] } };

  it('accepts a display the agent bridges and refuses any other with DISPLAY_NOT_FOUND', () => {
    expect(mayStartSession(twoScreens, 'control', { display: 'whiteboard' })).toBeNull();
    expect(mayStartSession(twoScreens, 'control')).toBeNull();
    expect(mayStartSession(twoScreens, 'control', { display: 'main' })).toBe('DISPLAY_NOT_FOUND');
  });

  it('knows an agent that announced no displays as one display named main', () => {
    expect(mayStartSession(allowed, 'control', { display: 'main' })).toBeNull();
    expect(mayStartSession(allowed, 'control', { display: 'front' })).toBe('DISPLAY_NOT_FOUND');
  });

  it('checks the meeting before the display', () => {
    expect(mayStartSession({ ...twoScreens, inMeeting: true }, 'control', { display: 'nope' })).toBe('ROOM_IN_MEETING');
  });

  it('opens the named display, else the first', () => {
    expect(chosenDisplay(['front', 'whiteboard'], 'whiteboard')).toBe('whiteboard');
    expect(chosenDisplay(['front', 'whiteboard'], undefined)).toBe('front');
    expect(chosenDisplay(undefined, undefined)).toBeUndefined();
  });
});
