// Settings > Incidents (area settings): per health signal, on or off and the severity of a
// failure and of a degradation, stored under the settings key `incidents`; the defaults are
// the health rules' own. A disabled signal opens no new incident; its open incidents stay
// until they recover or someone resolves them. Also the policy the health engine applies
// when an incident may open: these settings and the room's maintenance window, read from
// the database each time (incidents are rare; every node sees the same answer).
import { INCIDENT_SIGNALS, type IncidentSettingsView, type IncidentSignal, type SignalIncidentSetting } from '@roomwarden/protocol';
import type { EventBus } from '../bus/event-bus.ts';
import type { AgentRoomsRepository } from '../repositories/agent-rooms.repository.ts';
import type { SettingsRepository } from '../repositories/settings.repository.ts';
import type { Transactor } from '../repositories/transactor.ts';
import type { AuditService } from '../platform/audit.service.ts';
import type { Caller } from '../access/caller.ts';
import type { IncidentPolicy } from './health-engine.ts';
import type { IncidentPolicySource } from './health.service.ts';
import { HEALTH_RULES } from './health-rules.ts';

const KEY = 'incidents';

type SignalSettings = Record<IncidentSignal, SignalIncidentSetting>;

/** Every signal on, at the severities of its health rules. */
export function defaultIncidentSettings(): SignalSettings {
  const out = {} as SignalSettings;
  for (const signal of INCIDENT_SIGNALS) {
    const failed = HEALTH_RULES.find((r) => r.signal === signal && r.state === 'failed');
    const degraded = HEALTH_RULES.find((r) => r.signal === signal && r.state === 'degraded');
    out[signal] = { enabled: true, severity: failed?.severity ?? 'medium', degradedSeverity: degraded?.severity ?? 'low' };
  }
  return out;
}

/** What is stored, over the defaults; anything stored that no longer fits is ignored. */
function merged(stored: Record<string, unknown> | undefined): SignalSettings {
  const out = defaultIncidentSettings();
  const signals = (stored?.signals ?? {}) as Record<string, Partial<SignalIncidentSetting> | undefined>;
  for (const signal of INCIDENT_SIGNALS) {
    const s = signals[signal];
    if (s && typeof s === 'object') out[signal] = { ...out[signal], ...s };
  }
  return out;
}

export interface IncidentSettingsServiceDeps {
  settings: SettingsRepository;
  rooms: AgentRoomsRepository;
  tx: Transactor;
  audit: AuditService;
  bus: EventBus;
}

export class IncidentSettingsService implements IncidentPolicySource {
  constructor(private readonly deps: IncidentSettingsServiceDeps) {}

  async get(): Promise<IncidentSettingsView> {
    const stored = await this.deps.settings.get(KEY);
    return { signals: merged(stored?.value), updatedAt: stored?.updatedAt.toISOString() ?? null };
  }

  /** Changes the signals given (the others keep theirs); audited with what changed. */
  async update(caller: Caller, patch: { signals?: Partial<Record<IncidentSignal, SignalIncidentSetting>> | undefined }): Promise<IncidentSettingsView> {
    const before = (await this.get()).signals;
    const after: SignalSettings = { ...before, ...(patch.signals ?? {}) };
    const changed = INCIDENT_SIGNALS.filter((s) => JSON.stringify(before[s]) !== JSON.stringify(after[s]));
    if (changed.length > 0) {
      const userId = caller.principal.kind === 'user' ? caller.principal.userId : null;
      await this.deps.tx.run(async (ex) => {
        await this.deps.settings.put(KEY, { signals: after }, userId, ex);
        const pick = (all: SignalSettings) => Object.fromEntries(changed.map((s) => [s, all[s]]));
        await this.deps.audit.record(caller, { action: 'settings.incidents.update', targetType: 'settings', targetId: KEY, details: { before: pick(before), after: pick(after), changed } }, ex);
      });
      await this.deps.bus.publish({ type: 'settings.changed', key: 'incidents' });
    }
    return this.get();
  }

  async forRoom(roomId: string, now: Date): Promise<IncidentPolicy> {
    const [stored, until] = await Promise.all([this.deps.settings.get(KEY), this.deps.rooms.maintenanceUntil(roomId)]);
    return { muted: until !== null && until.getTime() > now.getTime(), signals: merged(stored?.value) };
  }
}
