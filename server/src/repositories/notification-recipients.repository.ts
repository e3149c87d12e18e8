// Who notifications are about and for: a room's facts (site, groups) to match channel
// scopes, and the assignment members to email about a room's incidents — members (users
// directly, or through their groups) of an assignment whose email notifications are on,
// whose scope contains the room (all rooms, its site, one of its room groups, the room)
// and whose role gives Incidents: View or Modify. Disabled users get nothing.
import { sql } from 'kysely';
import type { Db, Executor } from '../db/database.ts';

export interface NotificationRoomFacts {
  id: string;
  name: string;
  siteId: string | null;
  roomGroupIds: string[];
}

export interface IncidentRecipient {
  userId: string;
  email: string;
}

export class NotificationRecipientsRepository {
  constructor(private readonly db: Db) {}

  async room(roomId: string, ex: Executor = this.db): Promise<NotificationRoomFacts | undefined> {
    const row = await ex.selectFrom('rooms').select(['id', 'name', 'site_id']).where('id', '=', roomId).executeTakeFirst();
    if (!row) return undefined;
    const groups = await ex.selectFrom('room_group_rooms').select('room_group_id').where('room_id', '=', roomId).orderBy('room_group_id').execute();
    return { id: row.id, name: row.name, siteId: row.site_id, roomGroupIds: groups.map((g) => g.room_group_id) };
  }

  async incidentRecipients(room: { id: string; siteId: string | null }, ex: Executor = this.db): Promise<IncidentRecipient[]> {
    const rows = await sql<{ user_id: string; email: string }>`
      select distinct u.id as user_id, u.email
      from assignments a
      join roles r on r.id = a.role_id
      join assignment_members m on m.assignment_id = a.id
      left join group_members gm on m.principal_type = 'group' and gm.group_id = m.principal_id
      join users u on u.id = case when m.principal_type = 'user' then m.principal_id else gm.user_id end
      where a.email_notifications
        and not u.disabled
        and coalesce(r.permissions->>'incidents', 'none') in ('view', 'modify')
        and (
          a.all_rooms
          or exists (
            select 1 from assignment_scope s
            where s.assignment_id = a.id
              and ((s.kind = 'room' and s.target_id = ${room.id})
                or (s.kind = 'site' and s.target_id = ${room.siteId})
                or (s.kind = 'room_group' and s.target_id in (select g.room_group_id from room_group_rooms g where g.room_id = ${room.id})))
          )
        )
      order by u.email`.execute(ex);
    return rows.rows.map((r) => ({ userId: r.user_id, email: r.email }));
  }
}
