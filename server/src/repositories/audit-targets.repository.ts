// The current names of the things audit entries point at, read when a page of the log is
// shown (never stored in the hashed entry): one query per target type on the page.
import type { Db, Executor } from '../db/database.ts';

/** What the portal shows for a target: its name now, and the room it belongs to, if any. */
export interface TargetName {
  label: string;
  roomId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Lookup = (ex: Executor, ids: string[]) => Promise<Array<{ id: string; label: string; roomId: string | null }>>;

const LOOKUPS: Record<string, Lookup> = {
  room: (ex, ids) => ex.selectFrom('rooms').select(['id', 'name as label', 'id as roomId']).where('id', 'in', ids).execute(),
  user: async (ex, ids) => {
    const rows = await ex.selectFrom('users').select(['id', 'display_name', 'email']).where('id', 'in', ids).execute();
    return rows.map((r) => ({ id: r.id, label: r.display_name.trim() ? `${r.display_name} (${r.email})` : r.email, roomId: null }));
  },
  group: async (ex, ids) => (await ex.selectFrom('groups').select(['id', 'display_name as label']).where('id', 'in', ids).execute()).map((r) => ({ ...r, roomId: null })),
  role: async (ex, ids) => (await ex.selectFrom('roles').select(['id', 'name as label']).where('id', 'in', ids).execute()).map((r) => ({ ...r, roomId: null })),
  site: async (ex, ids) => (await ex.selectFrom('sites').select(['id', 'name as label']).where('id', 'in', ids).execute()).map((r) => ({ ...r, roomId: null })),
  api_token: async (ex, ids) => (await ex.selectFrom('api_tokens').select(['id', 'name as label']).where('id', 'in', ids).execute()).map((r) => ({ ...r, roomId: null })),
  // issue 14 C
  notification_channel: async (ex, ids) => (await ex.selectFrom('notification_channels').select(['id', 'name as label']).where('id', 'in', ids).execute()).map((r) => ({ ...r, roomId: null })),
  scim_token: async (ex, ids) => (await ex.selectFrom('scim_tokens').select(['id', 'label']).where('id', 'in', ids).execute()).map((r) => ({ ...r, roomId: null })),
  enrollment_token: async (ex, ids) =>
    (await ex.selectFrom('enrollment_tokens').select(['id', 'label']).where('id', 'in', ids).execute()).map((r) => ({ id: r.id, label: r.label || 'Enrollment token', roomId: null })),
  // A session keeps its room's name; the room itself may be gone.
  session: async (ex, ids) => {
    const rows = await ex
      .selectFrom('remote_sessions as s')
      .leftJoin('rooms as r', 'r.id', 's.room_id')
      .select(['s.id', 's.room_name', 's.user_label', 'r.id as roomId'])
      .where('s.id', 'in', ids)
      .execute();
    return rows.map((r) => ({ id: r.id, label: `${r.room_name} (${r.user_label})`, roomId: r.roomId }));
  },
  device: async (ex, ids) => {
    const rows = await ex
      .selectFrom('devices as d')
      .leftJoin('rooms as r', 'r.id', 'd.room_id')
      .select(['d.id', 'd.hostname', 'r.name as roomName', 'r.id as roomId'])
      .where('d.id', 'in', ids)
      .execute();
    return rows.map((r) => ({ id: r.id, label: r.roomName ? `${r.hostname} in ${r.roomName}` : r.hostname, roomId: r.roomId }));
  },
  incident: async (ex, ids) => {
    const rows = await ex
      .selectFrom('incidents as i')
      .leftJoin('rooms as r', 'r.id', 'i.room_id')
      .select(['i.id', 'i.title', 'r.name as roomName', 'r.id as roomId'])
      .where('i.id', 'in', ids)
      .execute();
    return rows.map((r) => ({ id: r.id, label: r.roomName ? `${r.title} in ${r.roomName}` : r.title, roomId: r.roomId }));
  },
};

export class AuditTargetsRepository {
  constructor(private readonly db: Db) {}

  /** Names of the targets of one type that still exist; ids of unknown types, or not ids at all, are skipped. */
  async names(targetType: string, ids: readonly string[], ex: Executor = this.db): Promise<Map<string, TargetName>> {
    const lookup = LOOKUPS[targetType];
    const wanted = [...new Set(ids)].filter((id) => UUID.test(id));
    if (!lookup || wanted.length === 0) return new Map();
    const rows = await lookup(ex, wanted);
    return new Map(rows.map((r) => [r.id, { label: r.label, roomId: r.roomId }]));
  }
}
