// The periodic permission re-check of whoever is connected to this node's live sessions
// (controllers and observers alike): which of them must go now, and why (`stillAllowed`).
// Grants are read before users and rooms, so a user or room removed while this runs is
// seen as removed (its own reason), never as a withdrawn permission.
import type { SessionEndReason, SessionMode } from '@roomwarden/protocol';
import type { AuthorizationService } from '../access/authorization.service.ts';
import { stillAllowed } from '../access/policies/sessions.policy.ts';
import type { SessionsRepository } from '../repositories/sessions.repository.ts';
import type { SettingsService } from '../platform/settings.service.ts';

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

/** Why sessions whose agent went away end: the reason they had to end anyway when there is
 * one (a deleted room's agent is closed by its node, and that close can reach this node
 * before `room.deleted` does), else `agent_disconnected` (also when that cannot be read). */
export async function whyAgentWentAway(
  deps: Parameters<typeof whoMustGo>[0] & { settings: Pick<SettingsService, 'getGeneral'>; log: { warn(obj: object, msg: string): void } },
  sessions: ReadonlyArray<Omit<ConnectedViewer, 'kind'>>,
): Promise<Map<string, SessionEndReason>> {
  const reasons = new Map<string, SessionEndReason>(sessions.map((s) => [s.id, 'agent_disconnected']));
  if (sessions.length === 0) return reasons;
  try {
    const { remoteAccessEnabled } = await deps.settings.getGeneral();
    for (const { viewer, reason } of await whoMustGo(deps, sessions.map((s) => ({ ...s, kind: 'session' as const })), remoteAccessEnabled)) reasons.set(viewer.id, reason);
  } catch (err) {
    deps.log.warn({ err, sessions: sessions.map((s) => s.id) }, 'could not tell why the agent went away; its sessions end agent_disconnected');
  }
  return reasons;
}
