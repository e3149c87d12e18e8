// Incidents: listed for the rooms where the caller holds Incidents: View; acknowledged with
// Incidents: Modify on the room. An incident of a room the caller cannot view is a 404.
import type { Grants, RoomRef, RoomScope } from '../grants.ts';
import { roomRefusal, type RoomRefusal } from './rooms.policy.ts';

export const incidentScope = (grants: Grants): RoomScope => grants.scope(['incidents'], 'view');

export const mayAcknowledge = (grants: Grants, room: RoomRef): RoomRefusal | null => roomRefusal(grants, room, 'incidents', 'modify');

/** Reading one incident (its detail and timeline) needs Incidents: View on its room. */
export const mayViewIncident = (grants: Grants, room: RoomRef): RoomRefusal | null => roomRefusal(grants, room, 'incidents', 'view');

/** Writing to an incident (a note, resolving it by hand) or recording one needs Incidents: Modify on the room. */
export const mayWriteIncident = (grants: Grants, room: RoomRef): RoomRefusal | null => roomRefusal(grants, room, 'incidents', 'modify');
