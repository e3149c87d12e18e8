// Sites. A site is a unit of role scope: creating, renaming and deleting one needs Rooms:
// Modify on all rooms. Reading the list needs Rooms: View on some room (the route says so).
import type { Grants } from '../grants.ts';

export const mayManageSites = (grants: Grants): boolean => grants.scope(['rooms'], 'modify').all;
