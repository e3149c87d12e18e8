import { describe, expect, it } from 'vitest';
import { actorPath, targetPath } from './auditLinks.ts';

describe('audit links', () => {
  it("links targets to the portal's pages, sessions and agents to their room", () => {
    expect(targetPath({ targetType: 'room', targetId: 'r1', targetRoomId: 'r1' })).toBe('/rooms/r1');
    expect(targetPath({ targetType: 'role', targetId: 'x' })).toBe('/settings/roles/x');
    expect(targetPath({ targetType: 'group', targetId: 'g' })).toBe('/settings/directory/groups/g');
    expect(targetPath({ targetType: 'session', targetId: 's', targetRoomId: 'r2' })).toBe('/rooms/r2');
    expect(targetPath({ targetType: 'session', targetId: 's', targetRoomId: null })).toBeNull();
    expect(targetPath({ targetType: 'settings', targetId: 'general' })).toBe('/settings/general');
    expect(targetPath({ targetType: 'site', targetId: 's' })).toBeNull();
    expect(actorPath({ actorId: 'u1' })).toBe('/settings/directory');
    expect(actorPath({ actorId: null })).toBeNull();
  });
});
