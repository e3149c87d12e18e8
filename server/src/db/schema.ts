// Kysely table types. Each migration that adds tables adds their types here.
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
// Notifications (0012) and the cluster (0013, 0014) have their tables in files of their own.
import type { NotificationAttemptsTable, NotificationChannelsTable, NotificationOutboxTable } from './schema-notifications.ts';
import type { ClusterLeasesTable, ClusterNodesTable, SessionTicketsTable, SignInFailuresTable } from './schema-cluster.ts';

export type Timestamp = ColumnType<Date, Date | string, Date | string>;

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
  /** 0005: SCIM name parts (null for users not provisioned over SCIM). */
  given_name: ColumnType<string | null, string | null | undefined, string | null>;
  family_name: ColumnType<string | null, string | null | undefined, string | null>;
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
  created_at: ColumnType<Date, Date | string | undefined, never>;
  updated_at: Timestamp;
}

export interface RoomGroupsTable {
  id: string;
  name: string;
  description: Generated<string>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface RoomGroupRoomsTable {
  room_group_id: string;
  room_id: string;
  added_at: Generated<Date>;
}

/** One assignment of a role: its members and its room scope (DESIGN "Authorisation model"). */
export interface AssignmentsTable {
  id: string;
  role_id: string;
  name: string;
  all_rooms: Generated<boolean>;
  email_notifications: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface AssignmentMembersTable {
  assignment_id: string;
  principal_type: 'group' | 'user';
  principal_id: string;
}

export interface AssignmentScopeTable {
  assignment_id: string;
  kind: 'site' | 'room_group' | 'room';
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
  /** 0011: retired rooms leave the lists; their history stays. */
  retired_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  maintenance_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  maintenance_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** Issue 12: the node watching the room's agent (null: none). */
  agent_node_id: string | null;
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

// ---- 0003 agents, health, incidents
export interface EnrollmentTokensTable {
  id: string;
  token_hash: string;
  label: ColumnType<string, string | undefined, string>;
  site_id: string | null;
  region: string | null;
  max_uses: number;
  uses: ColumnType<number, number | undefined, number>;
  expires_at: Timestamp;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  created_by: string | null;
  revoked_at: Timestamp | null;
}

export interface DevicesTable {
  id: string;
  room_id: string;
  machine_id: string;
  secret_hash: string;
  hostname: string;
  platform: string;
  agent_version: string;
  os_version: string | null;
  capabilities: JSONColumnType<Record<string, unknown>>;
  enrollment_token_id: string | null;
  enrolled_at: ColumnType<Date, Date | string | undefined, never>;
  revoked_at: Timestamp | null;
}

export interface RoomSignalsTable {
  room_id: string;
  name: string;
  state: string;
  value: string | null;
  detail: string | null;
  changed_at: Timestamp;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface IncidentsTable {
  id: string;
  room_id: string;
  rule_id: string;
  signal: string | null;
  title: string;
  category: string;
  severity: string;
  state: string;
  detail: string | null;
  opened_at: Timestamp;
  resolved_at: Timestamp | null;
  acknowledged_at: Timestamp | null;
  acknowledged_by: string | null;
  acknowledged_by_label: string | null;
  /** 0011: how and by whom it was resolved; who recorded it by hand and why. */
  resolution: ColumnType<string | null, string | null | undefined, string | null>;
  resolved_by: ColumnType<string | null, string | null | undefined, string | null>;
  resolved_by_label: ColumnType<string | null, string | null | undefined, string | null>;
  resolution_note: ColumnType<string | null, string | null | undefined, string | null>;
  opened_by: ColumnType<string | null, string | null | undefined, string | null>;
  opened_by_label: ColumnType<string | null, string | null | undefined, string | null>;
  description: ColumnType<string | null, string | null | undefined, string | null>;
}

// ---- 0011 incident notes (issue 14 B)
export interface IncidentNotesTable {
  id: string;
  incident_id: string;
  at: Timestamp;
  author_id: string | null;
  author_label: string;
  text: string;
}

// ---- 0005 sso / scim
export interface ScimTokensTable {
  id: string;
  label: string;
  token_hash: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  created_by: string | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface OidcLoginStatesTable {
  state: string;
  browser_hash: string;
  nonce: string;
  code_verifier: string;
  return_to: ColumnType<string, string | undefined, string>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  expires_at: Timestamp;
}

// ---- 0004 remote sessions
export interface RemoteSessionsTable {
  id: string;
  room_id: string;
  room_name: string;
  user_id: string;
  user_label: string;
  mode: 'control' | 'view';
  state: 'pending' | 'active' | 'ended';
  end_reason: string | null;
  end_message: string | null;
  contact_email: string | null;
  node_id: string;
  idle_timeout_minutes: number;
  max_minutes: number;
  started_at: Timestamp;
  connected_at: Timestamp | null;
  expires_at: Timestamp;
  ended_at: Timestamp | null;
  bytes_to_viewer: ColumnType<string, number | string | undefined, number | string>; // bigint comes back as a string
  bytes_from_viewer: ColumnType<string, number | string | undefined, number | string>;
  /** Run restart-device on the room when this session ends (claimed once by the node that does it). */
  restart_device_on_end: Generated<boolean>;
  /** 0007: the agent's display the session shows; null: its default. */
  display: ColumnType<string | null, string | null | undefined, string | null>;
  /** 0007: the reason given to start during a meeting; null: no override. */
  meeting_override_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

// ---- 0006 session observers
export interface SessionObserversTable {
  id: string;
  session_id: string;
  user_id: string;
  user_label: string;
  joined_at: Timestamp;
  left_at: Timestamp | null;
  leave_reason: string | null;
}

export interface RoomActionsTable {
  id: string;
  room_id: string;
  action: 'restart-device' | 'restart-app';
  requested_by: string | null;
  requested_by_label: string;
  requested_at: Timestamp;
  session_id: string | null;
  state: 'pending' | 'done';
  outcome: 'succeeded' | 'failed' | 'unavailable' | 'timed_out' | null;
  exit_code: number | null;
  output: Generated<string>;
  message: string | null;
  finished_at: Timestamp | null;
}

export type { NotificationAttemptsTable, NotificationChannelsTable, NotificationOutboxTable, ClusterLeasesTable, ClusterNodesTable, SessionTicketsTable, SignInFailuresTable };

export interface Database {
  users: UsersTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  roles: RolesTable;
  assignments: AssignmentsTable;
  assignment_members: AssignmentMembersTable;
  assignment_scope: AssignmentScopeTable;
  room_groups: RoomGroupsTable;
  room_group_rooms: RoomGroupRoomsTable;
  sites: SitesTable;
  rooms: RoomsTable;
  auth_sessions: AuthSessionsTable;
  api_tokens: ApiTokensTable;
  settings: SettingsTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  enrollment_tokens: EnrollmentTokensTable;
  devices: DevicesTable;
  room_signals: RoomSignalsTable;
  incidents: IncidentsTable;
  remote_sessions: RemoteSessionsTable;
  session_observers: SessionObserversTable;
  room_actions: RoomActionsTable;
  scim_tokens: ScimTokensTable;
  oidc_login_states: OidcLoginStatesTable;
  incident_notes: IncidentNotesTable;
  notification_channels: NotificationChannelsTable;
  notification_outbox: NotificationOutboxTable;
  notification_attempts: NotificationAttemptsTable;
  cluster_nodes: ClusterNodesTable;
  cluster_leases: ClusterLeasesTable;
  session_tickets: SessionTicketsTable;
  sign_in_failures: SignInFailuresTable;
}
