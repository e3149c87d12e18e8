// Room groups. Any signed-in user reads them (a group is a name), but what a group shows
// of its rooms is scoped: only the rooms the caller can view, and their count. Creating,
// renaming and deleting a group, and adding or removing its rooms, need Rooms: Modify on
// all rooms, like sites: a group's rooms decide who reaches them through assignments, so a
// lead scoped to one site must not be able to pull other rooms into a group they hold.
import type { Grants, RoomScope } from '../grants.ts';

export const mayManageRoomGroups = (grants: Grants): boolean => grants.scope(['rooms'], 'modify').all;

/** The rooms of a group that the caller sees. */
export const roomGroupRoomsScope = (grants: Grants): RoomScope => grants.visibleScope();
