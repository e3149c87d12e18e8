// Incidents: listed for the rooms where the caller holds Incidents: View; acknowledged with
// Incidents: Modify on the room. An incident of a room the caller cannot view is a 404.
import type { Grants, RoomRef, RoomScope } from '../grants.ts';
import { roomRefusal, type RoomRefusal } from './rooms.policy.ts';

export const incidentScope = (grants: Grants): RoomScope => grants.scope(['incidents'], 'view');

export const mayAcknowledge = (grants: Grants, room: RoomRef): RoomRefusal | null => roomRefusal(grants, room, 'incidents', 'modify');
