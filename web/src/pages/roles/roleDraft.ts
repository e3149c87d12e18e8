// A role being written in the wizard or edited on its page, and what the API takes. The
// wizard creates the role with its first assignment (DESIGN, the administrator's path:
// name, permissions, group, rooms); the role's page edits name, description and
// permissions, and its Assignments tab the assignments, one at a time.
import { AREA_CATALOGUE, noPermissions, type Permissions } from '@roomwarden/protocol';
import type { Role, RoleInput } from '../../api/types.ts';
import { assignmentInputOf, emptyAssignment, type AssignmentDraft } from './assignmentDraft.ts';

export interface RoleDraft {
  name: string;
  description: string;
  permissions: Permissions;
  /** The first assignment (the wizard's groups, users and rooms). */
  assignment: AssignmentDraft;
}

export function emptyDraft(): RoleDraft {
  return { name: '', description: '', permissions: noPermissions(), assignment: emptyAssignment() };
}

/** A saved role's name, description and permissions (its assignments are edited apart). */
export function draftOf(role: Role): RoleDraft {
  return { name: role.name, description: role.description, permissions: { ...role.permissions }, assignment: emptyAssignment() };
}

/** The wizard's POST /roles: the role with its first assignment. */
export function inputOf(d: RoleDraft): RoleInput {
  return { name: d.name.trim(), description: d.description.trim(), permissions: d.permissions, assignments: [assignmentInputOf(d.assignment)] };
}

/** The role page's PATCH: what it edits, never the assignments. */
export function settingsOf(d: RoleDraft): Pick<RoleInput, 'name' | 'description' | 'permissions'> {
  return { name: d.name.trim(), description: d.description.trim(), permissions: d.permissions };
}

export function permissionSummary(p: Permissions): string {
  const parts = AREA_CATALOGUE.filter((a) => p[a.key] !== 'none').map((a) => `${a.label}: ${p[a.key] === 'modify' ? 'Modify' : 'View'}`);
  return parts.length ? parts.join(', ') : 'No permissions';
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

/** An assignment's rooms, by name: "All rooms…", "Sites: HQ; Room groups: Boardrooms; Rooms: Board Room 4.01". */
export function scopeNames(a: AssignmentDraft): string {
  const i = assignmentInputOf(a).scope;
  if (i.allRooms) return 'All rooms, including rooms added later';
  const parts = [];
  if (i.siteIds.length) parts.push(`Sites: ${namesOf(i.siteIds, a.labels, '')}`);
  if (i.roomGroupIds.length) parts.push(`Room groups: ${namesOf(i.roomGroupIds, a.labels, '')}`);
  if (i.roomIds.length) parts.push(`Rooms: ${namesOf(i.roomIds, a.labels, '')}`);
  return parts.length ? parts.join('; ') : 'No rooms';
}
