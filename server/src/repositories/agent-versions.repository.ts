// Which agent version each enrolled room runs, as the devices table records it (the
// gateway writes it from every hello that changes it).
import type { Db } from '../db/database.ts';
import { roomGroupIdsOf } from './room-scope.ts';

export interface ActiveDeviceVersion {
  deviceId: string;
  roomId: string;
  roomName: string;
  siteId: string | null;
  roomGroupIds: string[];
  agentVersion: string;
  platform: string;
}

export class AgentVersionsRepository {
  constructor(private readonly db: Db) {}

  /** Active (not revoked) devices ordered by room id, after `afterRoomId`. */
  async activeDevices(afterRoomId: string | undefined, limit: number): Promise<ActiveDeviceVersion[]> {
    let q = this.db
      .selectFrom('devices')
      .innerJoin('rooms', 'rooms.id', 'devices.room_id')
      .select(['devices.id as deviceId', 'rooms.id as roomId', 'rooms.name as roomName', 'rooms.site_id as siteId', 'devices.agent_version as agentVersion', 'devices.platform as platform'])
      .select(roomGroupIdsOf('rooms.id').as('roomGroupIds'))
      .where('devices.revoked_at', 'is', null)
      .orderBy('rooms.id')
      .limit(limit);
    if (afterRoomId) q = q.where('rooms.id', '>', afterRoomId);
    return q.execute();
  }

  activeDeviceOfRoom(roomId: string): Promise<{ id: string; platform: string } | undefined> {
    return this.db.selectFrom('devices').select(['id', 'platform']).where('room_id', '=', roomId).where('revoked_at', 'is', null).executeTakeFirst();
  }
}
