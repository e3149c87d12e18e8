// The API's resource shapes, as the portal reads them (see DESIGN.md "Resource names").
// The resources' views are defined once, in @roomwarden/protocol; these are the portal's names for them.
import type { AssignmentView, GroupView, Permissions, RoleView, RoomGroupView, RoomView, SiteView, UserView } from '@roomwarden/protocol';

export type { RoomScopeSpec } from '@roomwarden/protocol';
export type User = UserView;
export type Group = GroupView;
export type Site = SiteView;
export type Room = RoomView;
export type Role = RoleView;
export type Assignment = AssignmentView;
export type RoomGroup = RoomGroupView;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Me {
  user: User;
  groups: Array<{ id: string; displayName: string }>;
  permissions: Permissions;
  roles: Array<{ id: string; name: string }>;
  /** Whether the organisation allows remote access (Settings > General), and whom to ask. */
  remoteAccess: { enabled: boolean; contactEmail: string | null };
  csrfToken: string | null;
}

export interface LoginAnswer {
  user: User;
  csrfToken: string;
}

export interface Providers {
  localLoginEnabled: boolean;
  oidc: { enabled: boolean; displayName: string; loginUrl?: string | null };
}

export interface GeneralSettings {
  remoteAccessEnabled: boolean;
  remoteAccessContactEmail: string | null;
  sessionIdleTimeoutMinutes: number;
  sessionMaxMinutes: number;
  updatedAt: string | null;
}

/** Bounds the server enforces (settings.service.ts). */
export const SESSION_IDLE_BOUNDS = { min: 1, max: 240 } as const;
export const SESSION_MAX_BOUNDS = { min: 5, max: 720 } as const;

export interface AuditEntry {
  seq: number;
  at: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: unknown;
  sourceIp: string | null;
  hash: string;
  prevHash: string;
  /** The target's name now (read with the page, not stored in the entry); null once it is gone. */
  targetLabel?: string | null;
  /** The room a session, agent or incident target belongs to, while the room exists. */
  targetRoomId?: string | null;
}

export interface AuditVerify {
  ok: boolean;
  checked: number;
  firstBadSeq: number | null;
}

/** An assignment as the API takes it (POST /roles/:id/assignments, or an item of a role's `assignments`). */
export type AssignmentInput = Pick<Assignment, 'groupIds' | 'userIds' | 'scope' | 'emailNotifications'> & { id?: string; name?: string };
export type RoleInput = Pick<Role, 'name' | 'description' | 'permissions'> & { assignments: AssignmentInput[] };
