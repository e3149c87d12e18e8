// A role being written in the wizard or edited on its page, and what the API takes.
import { AREA_CATALOGUE, noPermissions, type Permissions } from '@roomwarden/protocol';
import { count } from '../../components/plural.ts';
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
  /** Names of the groups, users, sites and rooms picked, by id, for the review. */
  labels: Record<string, string>;
}

export function emptyDraft(): RoleDraft {
  return { name: '', description: '', permissions: noPermissions(), groupIds: [], userIds: [], scopeMode: 'rooms', siteIds: [], roomIds: [], labels: {} };
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
    labels: {},
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
  if (i.siteIds.length) parts.push(count(i.siteIds.length, 'site'));
  if (i.roomIds.length) parts.push(count(i.roomIds.length, 'room'));
  return parts.length ? parts.join(' and ') : 'No rooms';
}

/** A role must let its holders do something: at least one area above none. */
export function hasAnyPermission(p: Permissions): boolean {
  return AREA_CATALOGUE.some((a) => p[a.key] !== 'none');
}

export type WizardStep = 'name' | 'permissions' | 'assignments' | 'rooms' | 'review';

/** Why the wizard cannot go past `step` (or create the role, at the review), or null. */
export function stepProblem(d: RoleDraft, step: WizardStep): string | null {
  const name = d.name.trim() ? null : 'Give the role a name';
  const permissions = hasAnyPermission(d.permissions) ? null : 'Tick at least one permission: a role without any gives its holders nothing';
  if (step === 'name') return name;
  if (step === 'permissions') return permissions;
  if (step === 'review') return name ?? permissions;
  return null;
}

/** The names of the picked ids, in order ("Room support, Facilities"), or `none`. */
export function namesOf(ids: readonly string[], labels: Readonly<Record<string, string>>, none: string): string {
  return ids.length ? ids.map((id) => labels[id] ?? `(${id.slice(0, 8)}…)`).join(', ') : none;
}

/** The rooms of the review, by name: "All rooms", "Sites: HQ; Rooms: Board Room 4.01". */
export function scopeNames(d: RoleDraft): string {
  const i = inputOf(d).scope;
  if (i.allRooms) return 'All rooms, including rooms added later';
  const parts = [];
  if (i.siteIds.length) parts.push(`Sites: ${namesOf(i.siteIds, d.labels, '')}`);
  if (i.roomIds.length) parts.push(`Rooms: ${namesOf(i.roomIds, d.labels, '')}`);
  return parts.length ? parts.join('; ') : 'No rooms';
}
