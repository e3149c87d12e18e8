// The permission catalogue: areas, levels, and how levels compare. Defined once here;
// the server decides with it and the portal draws its role matrix from it.
import { z } from 'zod';

export const LEVELS = ['none', 'view', 'modify'] as const;
export type Level = (typeof LEVELS)[number];
export const levelSchema = z.enum(LEVELS);

export interface AreaInfo {
  key: Area;
  label: string;
  roomScoped: boolean;
  viewMeans: string;
  modifyMeans: string;
}

export const ROOM_AREAS = ['rooms', 'incidents', 'remoteAccess', 'roomActions'] as const;
export const ORG_AREAS = ['settings', 'roles', 'directory', 'enrollment', 'audit'] as const;
export const AREAS = [...ROOM_AREAS, ...ORG_AREAS] as const;
export type RoomArea = (typeof ROOM_AREAS)[number];
export type OrgArea = (typeof ORG_AREAS)[number];
export type Area = (typeof AREAS)[number];

export const AREA_CATALOGUE: readonly AreaInfo[] = [
  { key: 'rooms', label: 'Rooms', roomScoped: true, viewMeans: 'See rooms and their health', modifyMeans: 'Edit and remove rooms' },
  { key: 'incidents', label: 'Incidents', roomScoped: true, viewMeans: 'See incidents', modifyMeans: 'Acknowledge incidents' },
  { key: 'remoteAccess', label: 'Remote access', roomScoped: true, viewMeans: 'Start view-only sessions', modifyMeans: 'Start sessions with control; end sessions' },
  { key: 'roomActions', label: 'Room actions', roomScoped: true, viewMeans: "See a room's actions and their results", modifyMeans: 'Restart devices and room apps' },
  { key: 'settings', label: 'Settings', roomScoped: false, viewMeans: 'See settings', modifyMeans: 'Change settings' },
  { key: 'roles', label: 'Roles', roomScoped: false, viewMeans: 'See roles', modifyMeans: 'Create, edit and delete roles' },
  { key: 'directory', label: 'Users & groups', roomScoped: false, viewMeans: 'See users and groups', modifyMeans: 'Manage users, groups, provisioning' },
  { key: 'enrollment', label: 'Enrollment', roomScoped: false, viewMeans: 'See enrollment tokens', modifyMeans: 'Create and revoke enrollment tokens' },
  { key: 'audit', label: 'Audit log', roomScoped: false, viewMeans: 'Read and export the audit log', modifyMeans: 'Same as view (the log is append-only)' },
];

export type Permissions = Record<Area, Level>;
/** Areas added after the first API version: a role written without one has None in it, so
 * that a client written before the area existed keeps working. Every other area is required. */
export const LATER_AREAS: readonly Area[] = ['roomActions'];

/** Every area's level (those of LATER_AREAS may be left out: None). */
export const permissionsSchema = z
  .object(Object.fromEntries(AREAS.map((a) => [a, LATER_AREAS.includes(a) ? levelSchema.default('none') : levelSchema])) as Record<Area, typeof levelSchema>)
  .strict();

export function levelRank(level: Level): number {
  return LEVELS.indexOf(level);
}

export function atLeast(have: Level, need: Level): boolean {
  return levelRank(have) >= levelRank(need);
}

export function maxLevel(a: Level, b: Level): Level {
  return levelRank(a) >= levelRank(b) ? a : b;
}

export function noPermissions(): Permissions {
  return Object.fromEntries(AREAS.map((a) => [a, 'none'])) as Permissions;
}

export function allPermissions(level: Level): Permissions {
  return Object.fromEntries(AREAS.map((a) => [a, level])) as Permissions;
}

export function isRoomArea(area: Area): area is RoomArea {
  return (ROOM_AREAS as readonly string[]).includes(area);
}
