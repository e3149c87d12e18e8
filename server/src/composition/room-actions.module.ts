// Room actions: the REST routes, the tracker of what agents answer (results, timeouts,
// disconnects) and the restart a session may ask for when it ends.
import type { RoomAccessService } from '../access/room-access.service.ts';
import type { AgentLink } from '../gateway/agent-link.ts';
import type { AuditService } from '../platform/audit.service.ts';
import { RoomActionsRepository } from '../repositories/room-actions.repository.ts';
import { ActionTracker } from '../room-actions/action-tracker.ts';
import { RestartOnSessionEnd } from '../room-actions/restart-on-session-end.ts';
import { RoomActionsService } from '../room-actions/room-actions.service.ts';
import { roomActionRoutes } from '../routes/room-actions.routes.ts';
import type { Infrastructure } from './infrastructure.ts';
import type { FeatureModule } from './module.ts';

export interface RoomActionsNeeds {
  audit: AuditService;
  roomAccess: RoomAccessService;
  agentLink: AgentLink;
}

export function roomActionsModule(infra: Infrastructure, needs: RoomActionsNeeds) {
  const { config, db, tx, bus, log } = infra;
  const repo = new RoomActionsRepository(db);
  const tracker = new ActionTracker({
    repo,
    tx,
    audit: needs.audit,
    agentLink: needs.agentLink,
    log,
    timings: { timeoutMs: config.timings.roomActionTimeoutMs, sweepMs: config.timings.roomActionSweepMs },
  });
  const actions = new RoomActionsService({ repo, tx, audit: needs.audit, roomAccess: needs.roomAccess, agentLink: needs.agentLink, tracker });
  const restartOnEnd = new RestartOnSessionEnd({ repo, service: actions, tracker, agentLink: needs.agentLink, bus, log });
  const module: FeatureModule = {
    routes: [roomActionRoutes(actions)],
    start: async () => {
      tracker.start();
      restartOnEnd.start();
    },
  };
  const stop = async (): Promise<void> => {
    restartOnEnd.stop();
    await tracker.stop();
  };
  return { module, actions, tracker, stop };
}
