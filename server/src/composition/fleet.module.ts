// The fleet: sites and rooms, enrollment, the agents' gateway on this node, and the health
// that their reports become (signals, incidents, room status).
import type { AuthorizationService } from '../access/authorization.service.ts';
import { RoomAccessService } from '../access/room-access.service.ts';
import { DevicesService } from '../fleet/devices.service.ts';
import { EnrollmentService, gatewayUrlResolver } from '../fleet/enrollment.service.ts';
import { RoomsService } from '../fleet/rooms.service.ts';
import { SitesService } from '../fleet/sites.service.ts';
import { AgentGateway } from '../gateway/agent-gateway.ts';
import { registerGatewayMetrics } from '../gateway/gateway-metrics.ts';
import { HealthService } from '../health/health.service.ts';
import { IncidentsService } from '../health/incidents.service.ts';
import { IncidentLifecycle } from '../health/incident-lifecycle.ts';
import { IncidentSettingsService } from '../health/incident-settings.service.ts';
import { RoomMaintenanceService } from '../fleet/room-maintenance.service.ts';
import { RoomRetirementService } from '../fleet/room-retirement.service.ts';
import { IncidentNotesRepository } from '../repositories/incident-notes.repository.ts';
import { SettingsRepository } from '../repositories/settings.repository.ts';
import { SignInFailuresRepository } from '../repositories/sign-in-failures.repository.ts';
import { incidentSettingsRoutes } from '../routes/incident-settings.routes.ts';
import { roomLifecycleRoutes } from '../routes/room-lifecycle.routes.ts';
import { SignalsService } from '../health/signals.service.ts';
import { LoginThrottle } from '../auth/login-throttle.ts';
import type { AuditService } from '../platform/audit.service.ts';
import { AgentRoomsRepository } from '../repositories/agent-rooms.repository.ts';
import { DevicesRepository } from '../repositories/devices.repository.ts';
import { EnrollmentRepository } from '../repositories/enrollment.repository.ts';
import { IncidentsRepository } from '../repositories/incidents.repository.ts';
import { RoomsRepository } from '../repositories/rooms.repository.ts';
import { SignalsRepository } from '../repositories/signals.repository.ts';
import { SitesRepository } from '../repositories/sites.repository.ts';
import { agentGatewayRoutes } from '../routes/agent-gateway.routes.ts';
import { devicesRoutes } from '../routes/devices.routes.ts';
import { enrollmentRoutes } from '../routes/enrollment.routes.ts';
import { incidentsRoutes } from '../routes/incidents.routes.ts';
import { roomsRoutes } from '../routes/rooms.routes.ts';
import { sitesRoutes } from '../routes/sites.routes.ts';
import type { NotificationEnqueuer } from '../notifications/outbox.ts';
import type { AgentHolders } from '../gateway/agent-holders.ts';
import type { Infrastructure } from './infrastructure.ts';
import type { FeatureModule } from './module.ts';

/** Enrollment tokens are credentials: failures count against the caller's address. */
const ENROLLMENT_THROTTLE = { perAccount: Number.MAX_SAFE_INTEGER, perAddress: 30, windowMs: 15 * 60_000 };

export function fleetModule(infra: Infrastructure, needs: { audit: AuditService; authz: AuthorizationService; outbox?: NotificationEnqueuer; cluster?: { holders?: AgentHolders; liveGateways?: () => readonly string[] } }) {
  const { config, db, tx, bus, log, metrics } = infra;
  const { audit } = needs;
  const sitesRepo = new SitesRepository(db);
  const roomsRepo = new RoomsRepository(db);
  const agentRooms = new AgentRoomsRepository(db);
  const devicesRepo = new DevicesRepository(db);
  const incidentsRepo = new IncidentsRepository(db);
  const signalsRepo = new SignalsRepository(db);
  const roomAccess = new RoomAccessService(roomsRepo);

  // Incidents open and resolve in one place, whoever asks; their notifications are written there.
  const lifecycle = new IncidentLifecycle(incidentsRepo, needs.outbox);
  const incidentSettings = new IncidentSettingsService({ settings: new SettingsRepository(db), rooms: agentRooms, tx, audit, bus });
  const health = new HealthService({ signals: signalsRepo, incidents: incidentsRepo, rooms: agentRooms, tx, bus, lifecycle, policy: incidentSettings, outbox: needs.outbox });
  const gateway = new AgentGateway({ health, rooms: agentRooms, devices: devicesRepo, timings: config.timings, nodeId: config.nodeId, log, bus, holders: needs.cluster?.holders, liveGateways: needs.cluster?.liveGateways });
  registerGatewayMetrics(metrics, gateway);
  const enrollment = new EnrollmentService({
    tokens: new EnrollmentRepository(db),
    devices: devicesRepo,
    rooms: agentRooms,
    tx,
    audit,
    throttle: new LoginThrottle(new SignInFailuresRepository(db), 'enrollment', ENROLLMENT_THROTTLE),
    options: { region: config.region, gatewayUrlFor: gatewayUrlResolver(config.publicUrl, config.region, config.regionUrls) },
  });
  const devices = new DevicesService({ devices: devicesRepo, rooms: agentRooms, tx, audit, roomAccess, connections: gateway });
  const sites = new SitesService(sitesRepo, tx, audit);
  const rooms = new RoomsService({ rooms: roomsRepo, sites: sitesRepo, access: roomAccess, tx, audit, bus, outbox: needs.outbox });
  const incidents = new IncidentsService({ incidents: incidentsRepo, notes: new IncidentNotesRepository(db), lifecycle, roomAccess, tx, audit, bus });
  const retirement = new RoomRetirementService({ rooms: roomsRepo, devices: devicesRepo, lifecycle, access: roomAccess, tx, audit, bus });
  const maintenance = new RoomMaintenanceService({ rooms: roomsRepo, access: roomAccess, tx, audit, bus });
  const signals = new SignalsService(signalsRepo, roomAccess);

  const module: FeatureModule = {
    routes: [
      sitesRoutes(sites),
      roomsRoutes(rooms),
      enrollmentRoutes(enrollment),
      agentGatewayRoutes(gateway, (header) => devices.authenticate(header)),
      devicesRoutes(devices),
      incidentsRoutes(incidents, signals),
      roomLifecycleRoutes(rooms, retirement, maintenance),
      incidentSettingsRoutes(incidentSettings),
    ],
    start: () => gateway.start(),
  };
  return { module, gateway, roomAccess, enrollment, sites, rooms, sitesRepo, roomsRepo, lifecycle };
}
