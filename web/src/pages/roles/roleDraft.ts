// A role being written in the wizard or edited on its page, and what the API takes.
import { AREA_CATALOGUE, noPermissions, type Permissions } from '@roomwarden/protocol';
import type { Role, RoleInput } from '../../api/types.ts';

export type ScopeMode = 'all' | 'sites' | 'rooms' | 'both';

export interface RoleDraft {
  name: string;
  description: string;
  permissions: Permissions;
  groupIds: string[];
  userIds: string[];
  scopeMode: ScopeMode;
  siteIds: string[];
  roomIds: string[];
}

export function emptyDraft(): RoleDraft {
  return { name: '', description: '', permissions: noPermissions(), groupIds: [], userIds: [], scopeMode: 'rooms', siteIds: [], roomIds: [] };
}

export function draftOf(role: Role): RoleDraft {
  const { allRooms, siteIds, roomIds } = role.scope;
  const scopeMode: ScopeMode = allRooms ? 'all' : siteIds.length > 0 && roomIds.length > 0 ? 'both' : siteIds.length > 0 ? 'sites' : 'rooms';
  return {
    name: role.name,
    description: role.description,
    permissions: { ...role.permissions },
    groupIds: [...role.assignments.groupIds],
    userIds: [...role.assignments.userIds],
    scopeMode,
    siteIds: [...siteIds],
    roomIds: [...roomIds],
  };
}

export function inputOf(d: RoleDraft): RoleInput {
  return {
    name: d.name.trim(),
    description: d.description.trim(),
    permissions: d.permissions,
    assignments: { groupIds: d.groupIds, userIds: d.userIds },
    scope: {
      allRooms: d.scopeMode === 'all',
      siteIds: d.scopeMode === 'sites' || d.scopeMode === 'both' ? d.siteIds : [],
      roomIds: d.scopeMode === 'rooms' || d.scopeMode === 'both' ? d.roomIds : [],
    },
  };
}

export function permissionSummary(p: Permissions): string {
  const parts = AREA_CATALOGUE.filter((a) => p[a.key] !== 'none').map((a) => `${a.label}: ${p[a.key] === 'modify' ? 'Modify' : 'View'}`);
  return parts.length ? parts.join(', ') : 'No permissions';
}

export function scopeSummary(d: RoleDraft): string {
  const i = inputOf(d).scope;
  if (i.allRooms) return 'All rooms';
  const parts = [];
  if (i.siteIds.length) parts.push(`${i.siteIds.length} site${i.siteIds.length === 1 ? '' : 's'}`);
  if (i.roomIds.length) parts.push(`${i.roomIds.length} room${i.roomIds.length === 1 ? '' : 's'}`);
  return parts.length ? parts.join(' and ') : 'No rooms';
}
