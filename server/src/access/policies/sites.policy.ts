// Sites. A site is a unit of role scope: creating, renaming and deleting one needs Rooms:
// Modify on all rooms. Reading the list needs Rooms: View on some room (the route says so);
// what it shows is scoped: a caller sees the sites of the rooms they can view (and the
// sites their roles name), each with the count of those rooms only. A caller with all
// rooms sees every site. A site outside the scope does not exist for them (404).
import type { Grants, RoomScope } from '../grants.ts';

export const mayManageSites = (grants: Grants): boolean => grants.scope(['rooms'], 'modify').all;

/** The rooms whose sites (and counts) the caller sees. */
export const siteScope = (grants: Grants): RoomScope => grants.visibleScope();
