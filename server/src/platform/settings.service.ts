// Settings > General: the tenant-wide remote access switch (off by default), who is
// answerable for remote sessions, and the session limits.
import { z } from 'zod';
import type { SettingsRepository } from '../repositories/settings.repository.ts';
import type { Transactor } from '../repositories/transactor.ts';
import { AppError } from '../errors.ts';
import type { AuditService } from './audit.service.ts';
import type { Caller } from '../access/caller.ts';
import type { EventBus } from '../bus/event-bus.ts';
import { actorOf } from '../access/caller.ts';
import type { NotificationEnqueuer } from '../notifications/outbox.ts';
import { remoteAccessNotice } from '../notifications/notices.ts';

export const SESSION_IDLE_BOUNDS = { min: 1, max: 240 } as const;
export const SESSION_MAX_BOUNDS = { min: 5, max: 720 } as const;

export const generalSettingsSchema = z
  .object({
    remoteAccessEnabled: z.boolean(),
    remoteAccessContactEmail: z.string().trim().max(254).nullable(),
    sessionIdleTimeoutMinutes: z.number().int().min(SESSION_IDLE_BOUNDS.min).max(SESSION_IDLE_BOUNDS.max),
    sessionMaxMinutes: z.number().int().min(SESSION_MAX_BOUNDS.min).max(SESSION_MAX_BOUNDS.max),
  })
  .strict();
export type GeneralSettings = z.infer<typeof generalSettingsSchema>;

export const DEFAULT_GENERAL: GeneralSettings = {
  remoteAccessEnabled: false,
  remoteAccessContactEmail: null,
  sessionIdleTimeoutMinutes: 15,
  sessionMaxMinutes: 120,
};

const emailSchema = z.email();

export class SettingsService {
  constructor(
    private readonly repo: SettingsRepository,
    private readonly tx: Transactor,
    private readonly audit: AuditService,
    private readonly bus: EventBus,
    private readonly outbox?: NotificationEnqueuer,
  ) {}

  async getGeneral(): Promise<GeneralSettings & { updatedAt: string | null }> {
    const stored = await this.repo.get('general');
    const parsed = generalSettingsSchema.safeParse({ ...DEFAULT_GENERAL, ...(stored?.value ?? {}) });
    return { ...(parsed.success ? parsed.data : DEFAULT_GENERAL), updatedAt: stored?.updatedAt.toISOString() ?? null };
  }

  async updateGeneral(caller: Caller, patch: Partial<GeneralSettings>): Promise<GeneralSettings & { updatedAt: string | null }> {
    const { updatedAt: _u, ...before } = await this.getGeneral();
    const next: GeneralSettings = { ...before, ...patch };
    if (next.remoteAccessContactEmail === '') next.remoteAccessContactEmail = null;
    if (next.remoteAccessContactEmail !== null && !emailSchema.safeParse(next.remoteAccessContactEmail).success) {
      throw new AppError('VALIDATION_FAILED', 'The contact email address is not valid', 'remoteAccessContactEmail');
    }
    if (next.remoteAccessEnabled && !next.remoteAccessContactEmail) {
      throw new AppError('VALIDATION_FAILED', 'A contact email address is required to allow remote access', 'remoteAccessContactEmail');
    }
    const changed = Object.keys(next).filter((k) => next[k as keyof GeneralSettings] !== before[k as keyof GeneralSettings]);
    if (changed.length > 0) {
      const userId = caller.principal.kind === 'user' ? caller.principal.userId : null;
      await this.tx.run(async (ex) => {
        await this.repo.put('general', next, userId, ex);
        await this.audit.record(caller, { action: 'settings.general.update', targetType: 'settings', targetId: 'general', details: { before, after: next, changed } }, ex);
        if (before.remoteAccessEnabled !== next.remoteAccessEnabled) await this.outbox?.enqueue(ex, remoteAccessNotice(next.remoteAccessEnabled, actorOf(caller).actorLabel));
      });
      if (before.remoteAccessEnabled && !next.remoteAccessEnabled) {
        await this.bus.publish({ type: 'remoteAccess.disabled', by: caller.principal.kind === 'user' ? caller.principal.email : 'system' });
      }
      await this.bus.publish({ type: 'settings.changed', key: 'general' });
    }
    return this.getGeneral();
  }
}
