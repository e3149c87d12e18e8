// The API's resource shapes, as the portal reads them (see DESIGN.md "Resource names").
import type { Level, Permissions, RoomArea } from '@roomwarden/protocol';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface User {
  id: string;
  email: string;
  displayName: string;
  disabled: boolean;
  externalId: string | null;
  source?: string;
  createdAt?: string;
  lastLoginAt?: string | null;
}

export interface Group {
  id: string;
  displayName: string;
  description: string;
  externalId: string | null;
  memberCount?: number;
}

export interface Me {
  user: User;
  groups: Array<{ id: string; displayName: string }>;
  permissions: Permissions;
  roles: Array<{ id: string; name: string }>;
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
}

export interface AuditVerify {
  ok: boolean;
  checked: number;
  firstBadSeq: number | null;
}

export interface Site {
  id: string;
  name: string;
  roomCount?: number;
}

export interface Room {
  id: string;
  name: string;
  siteId: string | null;
  siteName?: string | null;
  region: string;
  status: string;
  remoteAccessAllowed: boolean;
  lastSeenAt: string | null;
  myPermissions: Record<RoomArea, Level>;
}

export interface RoleScope {
  allRooms: boolean;
  siteIds: string[];
  roomIds: string[];
}

export interface RoleAssignments {
  groupIds: string[];
  userIds: string[];
}

export interface Role {
  id: string;
  name: string;
  description: string;
  builtIn: boolean;
  builtInKind?: string | null;
  permissions: Permissions;
  assignments: RoleAssignments;
  scope: RoleScope;
  updatedAt?: string;
}

export type RoleInput = Pick<Role, 'name' | 'description' | 'permissions' | 'assignments' | 'scope'>;
