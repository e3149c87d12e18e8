// Where the portal shows an audit entry's target and actor: a page path, or null where the
// portal has no page for it.
import type { AuditEntry } from '../../api/types.ts';

const SETTINGS_PAGES: Record<string, string> = { general: '/settings/general', oidc: '/settings/general', agentUpdates: '/settings/enrollment' };

export function targetPath(e: Pick<AuditEntry, 'targetType' | 'targetId' | 'targetRoomId'>): string | null {
  const id = e.targetId;
  if (!e.targetType || !id) return null;
  const enc = encodeURIComponent(id);
  switch (e.targetType) {
    case 'room':
      return `/rooms/${enc}`;
    case 'session':
    case 'device':
    case 'incident':
      return e.targetRoomId ? `/rooms/${encodeURIComponent(e.targetRoomId)}` : null;
    case 'role':
      return `/settings/roles/${enc}`;
    case 'group':
      return `/settings/directory/groups/${enc}`;
    case 'user':
    case 'scim_token':
      return '/settings/directory';
    case 'enrollment_token':
      return '/settings/enrollment';
    case 'settings':
      return SETTINGS_PAGES[id] ?? null;
    default:
      return null;
  }
}

/** A user who acted is shown on Users & groups; SCIM tokens and the system have no page of their own. */
export function actorPath(e: Pick<AuditEntry, 'actorId'>): string | null {
  if (!e.actorId || e.actorId.includes(':')) return e.actorId?.startsWith('scim:') ? '/settings/directory' : null;
  return '/settings/directory';
}
