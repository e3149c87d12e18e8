// The access policies on their own: pure functions of grants and facts.
import { describe, expect, it } from 'vitest';
import { noPermissions, type Permissions } from '@roomwarden/protocol';
import { Grants } from '../grants.ts';
import { mayReceive } from './events.policy.ts';
import { incidentScope, mayAcknowledge } from './incidents.policy.ts';
import { mayPlaceRoom, roomRefusal } from './rooms.policy.ts';
import { mayEnd, maySee, sessionScope, stillAllowed, type LiveSessionFacts } from './sessions.policy.ts';
import { mayManageSites } from './sites.policy.ts';
import { mayManageRoomGroups } from './room-groups.policy.ts';

/** One held assignment of a role with these levels and this scope. */
const role = (permissions: Partial<Permissions>, scope: { allRooms?: boolean; siteIds?: string[]; roomGroupIds?: string[]; roomIds?: string[] } = {}) => ({
  assignmentId: 'a',
  roleId: 'r',
  name: 'r',
  builtIn: null,
  permissions: { ...noPermissions(), ...permissions },
  allRooms: scope.allRooms ?? false,
  siteIds: scope.siteIds ?? [],
  roomGroupIds: scope.roomGroupIds ?? [],
  roomIds: scope.roomIds ?? [],
});

const oslo = { id: 'room-oslo', siteId: 'site-nordics', roomGroupIds: [] };
const berlin = { id: 'room-berlin', siteId: 'site-central', roomGroupIds: ['group-boardrooms'] };
// A site lead of the Nordics: rooms and incidents modify, remote access view, on that site.
const siteLead = new Grants([role({ rooms: 'modify', incidents: 'modify', remoteAccess: 'view' }, { siteIds: ['site-nordics'] })]);
const everywhere = new Grants([role({ rooms: 'modify', remoteAccess: 'modify' }, { allRooms: true })]);

describe('rooms policy', () => {
  it('hides rooms out of scope (404) and refuses too low a level in scope (403)', () => {
    expect(roomRefusal(siteLead, oslo, 'rooms', 'modify')).toBeNull();
    expect(roomRefusal(siteLead, oslo, 'remoteAccess', 'modify')).toBe('FORBIDDEN');
    expect(roomRefusal(siteLead, berlin, 'rooms', 'none')).toBe('NOT_FOUND');
  });

  it('places a room only where the caller holds Rooms: Modify', () => {
    expect(mayPlaceRoom(siteLead, 'new', 'site-nordics')).toBe(true);
    expect(mayPlaceRoom(siteLead, 'new', 'site-central')).toBe(false);
    expect(mayPlaceRoom(siteLead, 'new', null)).toBe(false);
    expect(mayPlaceRoom(everywhere, 'new', null)).toBe(true);
  });
});

describe('assignments', () => {
  // One role, two assignments: Nordics for one, the boardrooms group for the other.
  const twoScopes = new Grants([
    role({ rooms: 'modify' }, { siteIds: ['site-nordics'] }),
    { ...role({ rooms: 'modify' }, { roomGroupIds: ['group-boardrooms'] }), assignmentId: 'b' },
  ]);
  const groupOnly = new Grants([role({ rooms: 'view', incidents: 'modify' }, { roomGroupIds: ['group-boardrooms'] })]);

  it('gives a level on a room through any assignment whose scope contains it, room groups included', () => {
    expect(groupOnly.onRoom('rooms', berlin)).toBe('view');
    expect(groupOnly.onRoom('incidents', berlin)).toBe('modify');
    expect(groupOnly.canView(oslo)).toBe(false);
    expect(twoScopes.onRoom('rooms', oslo)).toBe('modify');
    expect(twoScopes.onRoom('rooms', berlin)).toBe('modify');
    expect(twoScopes.onRoom('rooms', { id: 'room-x', siteId: 'site-central', roomGroupIds: [] })).toBe('none');
  });

  it('turns room groups into the SQL scope, and a role held twice counts once in /me', () => {
    expect(twoScopes.scope(['rooms'], 'modify')).toEqual({ all: false, siteIds: ['site-nordics'], roomIds: [], roomGroupIds: ['group-boardrooms'] });
    expect(twoScopes.roles()).toEqual([{ id: 'r', name: 'r' }]);
    expect(twoScopes.namesRoomGroups()).toBe(true);
    expect(siteLead.namesRoomGroups()).toBe(false);
    expect(mayManageRoomGroups(twoScopes)).toBe(false);
    expect(mayManageRoomGroups(everywhere)).toBe(true);
  });
});

describe('sites and incidents policies', () => {
  it('manages sites only with Rooms: Modify on all rooms', () => {
    expect(mayManageSites(siteLead)).toBe(false);
    expect(mayManageSites(everywhere)).toBe(true);
  });

  it('scopes incidents and acknowledges in scope only', () => {
    expect(incidentScope(siteLead)).toEqual({ all: false, siteIds: ['site-nordics'], roomIds: [], roomGroupIds: [] });
    expect(mayAcknowledge(siteLead, oslo)).toBeNull();
    expect(mayAcknowledge(siteLead, berlin)).toBe('NOT_FOUND');
    expect(mayAcknowledge(new Grants([role({ incidents: 'view' }, { allRooms: true })]), berlin)).toBe('FORBIDDEN');
  });
});

describe('sessions policy', () => {
  const live: LiveSessionFacts = { mode: 'control', remoteAccessEnabled: true, user: 'active', room: { remoteAccessAllowed: true }, remoteAccessLevel: 'modify' };

  it('lets a live session go on while every fact allows it', () => {
    expect(stillAllowed(live)).toBeNull();
    expect(stillAllowed({ ...live, mode: 'view', remoteAccessLevel: 'view' })).toBeNull();
  });

  it('names why a live session must end, a removal before a withdrawn permission', () => {
    expect(stillAllowed({ ...live, remoteAccessEnabled: false })).toBe('remote_access_disabled');
    expect(stillAllowed({ ...live, user: 'disabled', remoteAccessLevel: 'none' })).toBe('user_disabled');
    expect(stillAllowed({ ...live, user: 'removed', remoteAccessLevel: 'none' })).toBe('user_removed');
    expect(stillAllowed({ ...live, room: null, remoteAccessLevel: 'none' })).toBe('room_removed');
    expect(stillAllowed({ ...live, room: { remoteAccessAllowed: false } })).toBe('room_remote_access_excluded');
    expect(stillAllowed({ ...live, remoteAccessLevel: 'view' })).toBe('permission_withdrawn');
  });

  it('shows a session to its user and to Remote access holders; ends it as its user or with Modify', () => {
    const mine = { userId: 'u1', room: berlin };
    const inOslo = { userId: 'u2', room: oslo };
    expect(maySee(siteLead, 'u1', mine)).toBe(true);
    expect(maySee(siteLead, 'u9', mine)).toBe(false);
    expect(maySee(siteLead, 'u9', inOslo)).toBe(true);
    expect(mayEnd(siteLead, 'u1', mine)).toBe('ended_by_user');
    expect(mayEnd(siteLead, 'u9', inOslo)).toBeNull();
    expect(mayEnd(everywhere, 'u9', inOslo)).toBe('ended_by_administrator');
    expect(sessionScope(siteLead)).toEqual({ all: false, siteIds: ['site-nordics'], roomIds: [], roomGroupIds: [] });
  });
});

describe('events policy', () => {
  it('sends room events to whoever sees the room, session events to Remote access holders and the session user', () => {
    const roomsOnly = new Grants([role({ rooms: 'view' }, { allRooms: true })]);
    expect(mayReceive(siteLead, 'u9', { room: oslo })).toBe(true);
    expect(mayReceive(siteLead, 'u9', { room: berlin })).toBe(false);
    expect(mayReceive(roomsOnly, 'u9', { room: berlin, session: { userId: 'u2' } })).toBe(false);
    expect(mayReceive(roomsOnly, 'u2', { room: berlin, session: { userId: 'u2' } })).toBe(true);
    expect(mayReceive(siteLead, 'u9', { room: oslo, session: { userId: 'u2' } })).toBe(true);
  });
});
