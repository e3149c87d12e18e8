// Settings > Notifications: the SMTP server that email notifications go through. The
// password is write-only (the GET answers passwordSet) and sealed with the secret box as
// the OIDC client secret is; a PUT without it keeps the stored one, "" clears it.
import { z } from 'zod';
import { SMTP_SECURITY, type NotificationSettingsView, type SmtpSecurity } from '@roomwarden/protocol';
import type { SettingsRepository } from '../repositories/settings.repository.ts';
import type { Transactor } from '../repositories/transactor.ts';
import { AppError } from '../errors.ts';
import type { AuditService } from '../platform/audit.service.ts';
import type { Caller } from '../access/caller.ts';
import { SecretBox } from '../secrets/secret-box.ts';

const SECRET_PURPOSE = 'settings.notifications.smtpPassword';
const KEY = 'notifications';

const storedSmtp = z.object({
  host: z.string().trim().max(253),
  port: z.number().int().min(1).max(65535),
  security: z.enum(SMTP_SECURITY),
  username: z.string().max(320),
  password: z.string().max(4000),
  from: z.string().trim().max(320),
});
type StoredSmtp = z.infer<typeof storedSmtp>;

/** PUT body's smtp: every field optional; `passwordSet` (as GET answers it) is accepted and ignored. */
export const smtpInput = storedSmtp
  .extend({ password: z.string().max(500), passwordSet: z.unknown().optional().describe('Read-only (as GET answers it): accepted and ignored') })
  .partial()
  .strict();
export type SmtpInput = z.infer<typeof smtpInput>;

export const DEFAULT_SMTP: StoredSmtp = { host: '', port: 587, security: 'starttls', username: '', password: '', from: '' };

/** What the email sender needs, the password opened. */
export interface SmtpSettings {
  host: string;
  port: number;
  security: SmtpSecurity;
  username: string;
  password: string;
  from: string;
}

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;
/** `a@b.c` or `Name <a@b.c>`. */
export const isMailbox = (s: string): boolean => ADDRESS.test(s) || /^[^<>]*<[^\s@<>]+@[^\s@<>]+>$/.test(s.trim());

export class NotificationSettingsService {
  constructor(
    private readonly repo: SettingsRepository,
    private readonly tx: Transactor,
    private readonly audit: AuditService,
    private readonly secrets: SecretBox,
    private readonly onUnreadableSecret: (err: unknown) => void,
  ) {}

  async #load(): Promise<{ smtp: StoredSmtp; updatedAt: Date | null }> {
    const stored = await this.repo.get(KEY);
    const parsed = storedSmtp.safeParse({ ...DEFAULT_SMTP, ...((stored?.value.smtp as object | undefined) ?? {}) });
    return { smtp: parsed.success ? parsed.data : DEFAULT_SMTP, updatedAt: stored?.updatedAt ?? null };
  }

  async get(): Promise<NotificationSettingsView> {
    const { smtp, updatedAt } = await this.#load();
    const { password, ...rest } = smtp;
    return { smtp: { ...rest, passwordSet: password !== '' }, updatedAt: updatedAt?.toISOString() ?? null };
  }

  async update(caller: Caller, input: { smtp?: SmtpInput | undefined }): Promise<NotificationSettingsView> {
    const { smtp: before } = await this.#load();
    const { passwordSet: _p, ...given } = input.smtp ?? {};
    const next: StoredSmtp = { ...before, ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) };
    if (next.from !== '' && !isMailbox(next.from)) throw new AppError('VALIDATION_FAILED', 'The sender must be an address such as roomwarden@contoso.com or "Roomwarden <roomwarden@contoso.com>"', 'smtp.from');
    if (next.host !== '' && !/^[A-Za-z0-9.-]+$|^\[[0-9a-fA-F:.]+\]$/.test(next.host)) throw new AppError('VALIDATION_FAILED', 'The SMTP host must be a host name or an address', 'smtp.host');
    const passwordChanged = given.password !== undefined && given.password !== (before.password === '' ? '' : this.#open(before.password));
    const changed = (Object.keys(next) as Array<keyof StoredSmtp>).filter((k) => (k === 'password' ? passwordChanged : next[k] !== before[k]));
    if (changed.length > 0) {
      const redact = (s: StoredSmtp) => ({ ...s, password: undefined, passwordSet: s.password !== '' });
      const sealed = given.password === undefined ? before.password : given.password === '' ? '' : this.secrets.seal(given.password, SECRET_PURPOSE);
      const userId = caller.principal.kind === 'user' ? caller.principal.userId : null;
      await this.tx.run(async (ex) => {
        await this.repo.put(KEY, { smtp: { ...next, password: sealed } }, userId, ex);
        await this.audit.record(caller, { action: 'settings.notifications.update', targetType: 'settings', targetId: 'notifications', details: { before: redact(before), after: redact({ ...next, password: sealed }), changed } }, ex);
      });
    }
    return this.get();
  }

  #open(sealed: string): string | undefined {
    if (!SecretBox.isSealed(sealed)) return sealed;
    try {
      return this.secrets.open(sealed, SECRET_PURPOSE);
    } catch (err) {
      // A password sealed with another key cannot be used: logged, and treated as unset.
      this.onUnreadableSecret(err);
      return undefined;
    }
  }

  /** The SMTP settings with the password opened (for the email sender); undefined when no host is set. */
  async smtp(): Promise<SmtpSettings | undefined> {
    const { smtp } = await this.#load();
    if (smtp.host === '') return undefined;
    return { ...smtp, password: smtp.password === '' ? '' : (this.#open(smtp.password) ?? '') };
  }
}
