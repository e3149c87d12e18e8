// Kysely table types. Each migration that adds tables adds their types here.
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface UsersTable {
  id: string;
  email: string;
  display_name: string;
  password_hash: string | null;
  disabled: ColumnType<boolean, boolean | undefined, boolean>;
  external_id: string | null;
  source: ColumnType<string, string | undefined, string>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  updated_at: Timestamp;
  last_login_at: Timestamp | null;
}

export interface GroupsTable {
  id: string;
  display_name: string;
  description: string;
  external_id: string | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  updated_at: Timestamp;
}

export interface GroupMembersTable {
  group_id: string;
  user_id: string;
  added_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface RolesTable {
  id: string;
  name: string;
  description: string;
  built_in: string | null;
  permissions: JSONColumnType<Record<string, string>>;
  all_rooms: boolean;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  updated_at: Timestamp;
}

export interface RoleAssignmentsTable {
  role_id: string;
  principal_type: 'group' | 'user';
  principal_id: string;
}

export interface RoleScopeTable {
  role_id: string;
  kind: 'site' | 'room';
  target_id: string;
}

export interface SitesTable {
  id: string;
  name: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface RoomsTable {
  id: string;
  name: string;
  site_id: string | null;
  region: string;
  remote_access_allowed: ColumnType<boolean, boolean | undefined, boolean>;
  status: ColumnType<string, string | undefined, string>;
  last_seen_at: Timestamp | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  updated_at: Timestamp;
}

export interface AuthSessionsTable {
  id: string; // sha256 of the cookie value
  user_id: string;
  csrf_token: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  expires_at: Timestamp;
  last_seen_at: Timestamp;
  revoked_at: Timestamp | null;
  source_ip: string | null;
  user_agent: string | null;
  auth_method: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface SettingsTable {
  key: string;
  value: JSONColumnType<Record<string, unknown>>;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface AuditLogTable {
  seq: ColumnType<string, string | number, never>; // bigint comes back as a string
  at: Timestamp;
  actor_id: string | null;
  actor_label: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: JSONColumnType<Record<string, unknown>>;
  source_ip: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: Generated<number>;
  seq: ColumnType<string, string | number, string | number>;
  hash: string;
}

export interface Database {
  users: UsersTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  roles: RolesTable;
  role_assignments: RoleAssignmentsTable;
  role_scope: RoleScopeTable;
  sites: SitesTable;
  rooms: RoomsTable;
  auth_sessions: AuthSessionsTable;
  api_tokens: ApiTokensTable;
  settings: SettingsTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
}
