// The periodic permission re-check of whoever is connected to this node's live sessions
// (controllers and observers alike): which of them must go now, and why (`stillAllowed`).
// Grants are read before users and rooms, so a user or room removed while this runs is
// seen as removed (its own reason), never as a withdrawn permission.
import type { SessionEndReason, SessionMode } from '@roomwarden/protocol';
import type { AuthorizationService } from '../access/authorization.service.ts';
import { stillAllowed } from '../access/policies/sessions.policy.ts';
import type { SessionsRepository } from '../repositories/sessions.repository.ts';

/** One connected person: a session's own user, or an observer (re-checked as a view session). */
export interface ConnectedViewer {
  kind: 'session' | 'observer';
  id: string;
  userId: string;
  roomId: string;
  mode: SessionMode;
}

export async function whoMustGo(
  deps: { authz: Pick<AuthorizationService, 'grantsForEach'>; repo: Pick<SessionsRepository, 'usersUnable' | 'roomsByIds'> },
  viewers: readonly ConnectedViewer[],
  remoteAccessEnabled: boolean,
): Promise<Array<{ viewer: ConnectedViewer; reason: SessionEndReason }>> {
  if (viewers.length === 0) return [];
  const userIds = [...new Set(viewers.map((v) => v.userId))];
  const grants = await deps.authz.grantsForEach(userIds);
  const unable = await deps.repo.usersUnable(userIds);
  const rooms = new Map((await deps.repo.roomsByIds([...new Set(viewers.map((v) => v.roomId))])).map((r) => [r.id, r]));
  const out: Array<{ viewer: ConnectedViewer; reason: SessionEndReason }> = [];
  for (const v of viewers) {
    const room = rooms.get(v.roomId) ?? null;
    const reason = stillAllowed({
      mode: v.mode,
      remoteAccessEnabled,
      user: unable.get(v.userId) ?? 'active',
      room,
      remoteAccessLevel: room ? (grants.get(v.userId)?.onRoom('remoteAccess', room) ?? 'none') : 'none',
    });
    if (reason) out.push({ viewer: v, reason });
  }
  return out;
}
