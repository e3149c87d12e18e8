// Agent builds: the executables this server serves, its install scripts, what welcome
// offers agents for self-update, and the "hold updates back" setting.
import type { RoomAccessService } from '../access/room-access.service.ts';
import type { AgentGateway } from '../gateway/agent-gateway.ts';
import type { AgentLink } from '../gateway/agent-link.ts';
import type { AuditService } from '../platform/audit.service.ts';
import { AgentReleasesService } from '../releases/agent-releases.service.ts';
import { agentDistDir, ReleaseFiles } from '../releases/release-files.ts';
import { AgentVersionsRepository } from '../repositories/agent-versions.repository.ts';
import type { SettingsRepository } from '../repositories/settings.repository.ts';
import { agentReleasesRoutes } from '../routes/agent-releases.routes.ts';
import type { Infrastructure } from './infrastructure.ts';
import type { FeatureModule } from './module.ts';

export interface ReleasesNeeds {
  audit: AuditService;
  settingsRepo: SettingsRepository;
  roomAccess: RoomAccessService;
  gateway: AgentGateway;
  agentLink: AgentLink;
}

export function releasesModule(infra: Infrastructure, needs: ReleasesNeeds) {
  const { config, db, tx, bus, log } = infra;
  const releases = new AgentReleasesService({
    files: new ReleaseFiles(agentDistDir()),
    settings: needs.settingsRepo,
    versions: new AgentVersionsRepository(db),
    roomAccess: needs.roomAccess,
    agents: needs.agentLink,
    tx,
    audit: needs.audit,
    bus,
    config,
    log,
  });
  const module: FeatureModule = {
    routes: [agentReleasesRoutes(releases)],
    start: async () => {
      await releases.start();
      needs.gateway.useAgentReleases(releases);
    },
  };
  return { module, releases };
}
