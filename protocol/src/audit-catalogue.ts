// The audit catalogue: every action the server writes to the audit log, with the words
// the portal shows for it and the group it is listed under, and every target type.
// Defined once here; `server/src/platform/audit-catalogue.test.ts` fails when the server
// writes an action (or a target type) that is missing from it.

export const AUDIT_ACTION_GROUPS = [
  { key: 'auth', label: 'Sign-in' },
  { key: 'settings', label: 'Settings' },
  { key: 'directory', label: 'Users & groups' },
  { key: 'roles', label: 'Roles' },
  { key: 'fleet', label: 'Rooms & sites' },
  { key: 'enrollment', label: 'Enrollment & agents' },
  { key: 'sessions', label: 'Remote sessions' },
  { key: 'incidents', label: 'Incidents' },
  { key: 'tokens', label: 'API & provisioning tokens' },
] as const;
export type AuditActionGroup = (typeof AUDIT_ACTION_GROUPS)[number]['key'];

export interface AuditActionInfo {
  label: string;
  group: AuditActionGroup;
}

export const AUDIT_ACTIONS = {
  'auth.login': { label: 'Signed in', group: 'auth' },
  'auth.logout': { label: 'Signed out', group: 'auth' },
  'auth.login_failed': { label: 'Sign-in failed', group: 'auth' },
  'auth.login_rate_limited': { label: 'Sign-ins rate limited', group: 'auth' },
  'settings.general.update': { label: 'General settings changed', group: 'settings' },
  'settings.oidc.update': { label: 'Single sign-on settings changed', group: 'settings' },
  'settings.agent_updates.update': { label: 'Agent update settings changed', group: 'settings' },
  'user.create': { label: 'User created', group: 'directory' },
  'user.update': { label: 'User changed', group: 'directory' },
  'user.disable': { label: 'User disabled', group: 'directory' },
  'user.enable': { label: 'User enabled', group: 'directory' },
  'user.delete': { label: 'User deleted', group: 'directory' },
  'group.create': { label: 'Group created', group: 'directory' },
  'group.update': { label: 'Group changed', group: 'directory' },
  'group.delete': { label: 'Group deleted', group: 'directory' },
  'group.member.add': { label: 'Added to group', group: 'directory' },
  'group.member.remove': { label: 'Removed from group', group: 'directory' },
  'role.create': { label: 'Role created', group: 'roles' },
  'role.update': { label: 'Role changed', group: 'roles' },
  'role.delete': { label: 'Role deleted', group: 'roles' },
  // --- role assignments and room groups (issue 14, part A)
  'role.assignment.create': { label: 'Role assignment added', group: 'roles' },
  'role.assignment.update': { label: 'Role assignment changed', group: 'roles' },
  'role.assignment.delete': { label: 'Role assignment removed', group: 'roles' },
  'room_group.create': { label: 'Room group created', group: 'fleet' },
  'room_group.update': { label: 'Room group changed', group: 'fleet' },
  'room_group.delete': { label: 'Room group deleted', group: 'fleet' },
  'room_group.room_add': { label: 'Room added to a room group', group: 'fleet' },
  'room_group.room_remove': { label: 'Room removed from a room group', group: 'fleet' },
  'site.create': { label: 'Site created', group: 'fleet' },
  'site.update': { label: 'Site changed', group: 'fleet' },
  'site.delete': { label: 'Site deleted', group: 'fleet' },
  'room.create': { label: 'Room created', group: 'fleet' },
  'room.update': { label: 'Room changed', group: 'fleet' },
  'room.delete': { label: 'Room deleted', group: 'fleet' },
  'enrollment.token_create': { label: 'Enrollment token created', group: 'enrollment' },
  'enrollment.token_revoke': { label: 'Enrollment token revoked', group: 'enrollment' },
  'device.enroll': { label: 'Agent enrolled', group: 'enrollment' },
  'device.revoke': { label: 'Agent revoked', group: 'enrollment' },
  'device.update': { label: 'Agent update sent', group: 'enrollment' },
  'session.start': { label: 'Session started', group: 'sessions' },
  'session.end': { label: 'Session ended', group: 'sessions' },
  'session.start_refused': { label: 'Session refused (meeting)', group: 'sessions' },
  'session.observer.join': { label: 'Observer joined a session', group: 'sessions' },
  'session.observer.leave': { label: 'Observer left a session', group: 'sessions' },
  'room.action.request': { label: 'Room action requested', group: 'fleet' },
  'room.action.result': { label: 'Room action finished', group: 'fleet' },
  'incident.acknowledge': { label: 'Incident acknowledged', group: 'incidents' },
  // issue 14 B: rooms, maintenance, incident settings and timeline
  'room.retire': { label: 'Room retired', group: 'fleet' },
  'room.maintenance.set': { label: 'Maintenance window set', group: 'fleet' },
  'room.maintenance.clear': { label: 'Maintenance window cleared', group: 'fleet' },
  'settings.incidents.update': { label: 'Incident settings changed', group: 'settings' },
  'incident.record': { label: 'Issue recorded', group: 'incidents' },
  'incident.note': { label: 'Note added to an incident', group: 'incidents' },
  'incident.resolve': { label: 'Incident resolved by hand', group: 'incidents' },
  'token.create': { label: 'API token created', group: 'tokens' },
  'token.revoke': { label: 'API token revoked', group: 'tokens' },
  'scim_token.create': { label: 'Provisioning token created', group: 'tokens' },
  'scim_token.revoke': { label: 'Provisioning token revoked', group: 'tokens' },
  // issue 14 C: notifications
  'settings.notifications.update': { label: 'Notification settings changed', group: 'settings' },
  'notification_channel.create': { label: 'Notification channel created', group: 'settings' },
  'notification_channel.update': { label: 'Notification channel changed', group: 'settings' },
  'notification_channel.delete': { label: 'Notification channel deleted', group: 'settings' },
  'notification_channel.test': { label: 'Notification channel tested', group: 'settings' },
  'notification_channel.rotate_secret': { label: 'Webhook secret rotated', group: 'settings' },
  'settings.notifications.test_email': { label: 'Test email sent', group: 'settings' },
} as const satisfies Record<string, AuditActionInfo>;
export type AuditAction = keyof typeof AUDIT_ACTIONS;

export const AUDIT_TARGET_TYPES = {
  room: 'Room',
  site: 'Site',
  user: 'User',
  group: 'Group',
  role: 'Role',
  session: 'Session',
  device: 'Agent',
  incident: 'Incident',
  settings: 'Settings',
  enrollment_token: 'Enrollment token',
  api_token: 'API token',
  scim_token: 'Provisioning token',
  room_group: 'Room group',
  notification_channel: 'Notification channel',
} as const satisfies Record<string, string>;
export type AuditTargetType = keyof typeof AUDIT_TARGET_TYPES;

/** The names of the settings entries (`targetType: 'settings'`), by target id. */
export const AUDIT_SETTINGS_TARGETS: Readonly<Record<string, string>> = {
  general: 'General',
  oidc: 'Single sign-on',
  agentUpdates: 'Agent updates',
  incidents: 'Incidents',
  notifications: 'Notifications',
};

const has = <T extends object>(o: T, k: string): k is Extract<keyof T, string> => Object.prototype.hasOwnProperty.call(o, k);

/** The label of an action; an action the catalogue does not know is shown as written. */
export function auditActionLabel(action: string): string {
  return has(AUDIT_ACTIONS, action) ? AUDIT_ACTIONS[action].label : action;
}

/**
 * The label of one entry: the action's, made precise by its details where one action covers
 * several things an administrator tells apart (remote access turned on or off).
 */
export function auditEntryLabel(action: string, details: unknown): string {
  if (action === 'settings.general.update' && details && typeof details === 'object') {
    const d = details as { before?: { remoteAccessEnabled?: unknown }; after?: { remoteAccessEnabled?: unknown } };
    const before = d.before?.remoteAccessEnabled;
    const after = d.after?.remoteAccessEnabled;
    if (typeof after === 'boolean' && before !== after) return after ? 'Remote access turned on' : 'Remote access turned off';
  }
  return auditActionLabel(action);
}

export function auditTargetTypeLabel(targetType: string): string {
  return has(AUDIT_TARGET_TYPES, targetType) ? AUDIT_TARGET_TYPES[targetType] : targetType;
}

/** Actions by group, in catalogue order, for the portal's grouped dropdown. */
export function auditActionsByGroup(): Array<{ key: AuditActionGroup; label: string; actions: Array<{ action: AuditAction; label: string }> }> {
  return AUDIT_ACTION_GROUPS.map((g) => ({
    key: g.key,
    label: g.label,
    actions: (Object.entries(AUDIT_ACTIONS) as Array<[AuditAction, AuditActionInfo]>).filter(([, info]) => info.group === g.key).map(([action, info]) => ({ action, label: info.label })),
  }));
}
