// Platform: the audit chain, Settings > General, and the authorisation service every
// request's grants come from.
import { AccessRepository } from '../repositories/access.repository.ts';
import { AuditRepository } from '../repositories/audit.repository.ts';
import { AuditTargetsRepository } from '../repositories/audit-targets.repository.ts';
import { SettingsRepository } from '../repositories/settings.repository.ts';
import { AuthorizationService } from '../access/authorization.service.ts';
import { AuditService } from '../platform/audit.service.ts';
import { SettingsService } from '../platform/settings.service.ts';
import { auditRoutes } from '../routes/audit.routes.ts';
import { settingsRoutes } from '../routes/settings.routes.ts';
import type { NotificationEnqueuer } from '../notifications/outbox.ts';
import type { Infrastructure } from './infrastructure.ts';
import type { FeatureModule } from './module.ts';

export function platformModule(infra: Infrastructure, needs: { outbox?: NotificationEnqueuer } = {}) {
  const { db, tx, bus } = infra;
  const settingsRepo = new SettingsRepository(db);
  const audit = new AuditService(new AuditRepository(db), tx, new AuditTargetsRepository(db));
  const settings = new SettingsService(settingsRepo, tx, audit, bus, needs.outbox);
  const authz = new AuthorizationService(new AccessRepository(db));
  const module: FeatureModule = { routes: [settingsRoutes(settings), auditRoutes(audit)] };
  return { module, audit, settings, settingsRepo, authz };
}
