// Remote sessions: the REST routes, the relay's WebSockets, and this node's supervisor of
// live sessions (tickets, limits, re-checks, the audited end of every session).
import type { AuthorizationService } from '../access/authorization.service.ts';
import type { RoomAccessService } from '../access/room-access.service.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { AgentLink } from '../gateway/agent-link.ts';
import type { AuditService } from '../platform/audit.service.ts';
import type { SettingsService } from '../platform/settings.service.ts';
import { SessionObserversRepository } from '../repositories/session-observers.repository.ts';
import { SessionsRepository } from '../repositories/sessions.repository.ts';
import { SessionTicketsRepository } from '../repositories/session-tickets.repository.ts';
import { sessionObserverRoutes } from '../routes/session-observers.routes.ts';
import { sessionRelayRoutes } from '../routes/session-relay.routes.ts';
import { sessionRoutes } from '../routes/sessions.routes.ts';
import { registerSessionMetrics } from '../sessions/session-metrics.ts';
import { SessionSupervisor } from '../sessions/session-supervisor.ts';
import { SessionsService, type RestartOnEndRequests } from '../sessions/sessions.service.ts';
import { ObserversService } from '../sessions/observers.service.ts';
import type { NotificationEnqueuer } from '../notifications/outbox.ts';
import type { Infrastructure } from './infrastructure.ts';
import type { FeatureModule } from './module.ts';

export interface SessionsNeeds {
  audit: AuditService;
  authz: AuthorizationService;
  settings: SettingsService;
  auth: AuthService;
  roomAccess: RoomAccessService;
  agentLink: AgentLink;
  /** Room actions: a start's restartDeviceOnEnd. */
  restartOnEnd: RestartOnEndRequests;
  /** Notifications: session.started and session.ended, written with the session's row. */
  outbox?: NotificationEnqueuer;
}

export function sessionsModule(infra: Infrastructure, needs: SessionsNeeds) {
  const { config, db, tx, bus, log, metrics } = infra;
  const { audit, settings, agentLink } = needs;
  const t = config.timings;
  const repo = new SessionsRepository(db);
  const observersRepo = new SessionObserversRepository(db);
  const supervisor = new SessionSupervisor(
    {
      repo,
      observersRepo,
      ticketsRepo: new SessionTicketsRepository(db),
      onceInCluster: infra.onceInCluster,
      tx,
      audit,
      authz: needs.authz,
      settings,
      agentLink,
      bus,
      cookieUser: async (cookie) => {
        const p = (await needs.auth.fromCookie(cookie))?.principal;
        return p?.kind === 'user' ? p.userId : undefined;
      },
      log,
      nodeId: config.nodeId,
      outbox: needs.outbox,
    },
    {
      minuteMs: t.sessionMinuteMs,
      ticketTtlMs: t.sessionTicketTtlMs,
      pairTimeoutMs: t.sessionPairTimeoutMs,
      pendingTimeoutMs: t.sessionPendingTimeoutMs,
      sweepMs: t.sessionSweepMs,
      recheckMs: t.sessionRecheckMs,
      agentCloseGraceMs: 1_000,
      observerStallMs: t.sessionObserverStallMs,
    },
  );
  registerSessionMetrics(metrics, supervisor);
  const sessions = new SessionsService({
    repo,
    tx,
    audit,
    roomAccess: needs.roomAccess,
    settings,
    agentLink,
    supervisor,
    bus,
    observersRepo,
    restartOnEnd: needs.restartOnEnd,
    outbox: needs.outbox,
    options: { publicUrl: config.publicUrl, nodeId: config.nodeId, absoluteViewerUrls: Boolean(config.natsUrl), minuteMs: t.sessionMinuteMs },
  });
  const observers = new ObserversService({ repo, settings, agentLink, supervisor, options: { publicUrl: config.publicUrl, absoluteViewerUrls: Boolean(config.natsUrl) } });
  const module: FeatureModule = {
    routes: [sessionRoutes(sessions), sessionObserverRoutes(observers), sessionRelayRoutes(supervisor)],
    start: () => supervisor.start({ singleNode: !config.natsUrl }),
  };
  return { module, supervisor };
}
