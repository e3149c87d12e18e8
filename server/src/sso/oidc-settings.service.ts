// Settings > General > Single sign-on: the OpenID Connect provider (secret write-only),
// what the sign-in page shows, and the password sign-in policy (off for everyone but a
// break-glass administrator when the organisation signs in through its provider).
import { z } from 'zod';
import type { EventBus } from '../bus/event-bus.ts';
import type { IdentityRepository } from '../repositories/identity.repository.ts';
import type { SettingsRepository } from '../repositories/settings.repository.ts';
import type { Transactor } from '../repositories/transactor.ts';
import type { UserRecord, UsersRepository } from '../repositories/users.repository.ts';
import { AppError } from '../errors.ts';
import type { AuditService } from '../platform/audit.service.ts';
import type { Caller } from '../access/caller.ts';
import { SecretBox } from '../secrets/secret-box.ts';

/** The purpose the client secret is sealed for (a sealed value opens only for its purpose). */
const SECRET_PURPOSE = 'settings.oidc.clientSecret';

const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a domain name such as contoso.com');

const storedSchema = z.object({
  enabled: z.boolean(),
  displayName: z.string().trim().max(80),
  issuer: z.string().trim().max(500),
  clientId: z.string().trim().max(500),
  clientSecret: z.string().max(4000),
  scopes: z.string().trim().max(500),
  groupsClaim: z.string().trim().min(1).max(100),
  allowedEmailDomains: z.array(domain).max(100),
  localLoginDisabled: z.boolean(),
  breakGlassUserIds: z.array(z.uuid()).max(20),
});
export type OidcSettings = z.infer<typeof storedSchema>;

/** PUT body: every field optional; clientSecret absent keeps the stored one, "" clears it. */
export const oidcSettingsInput = storedSchema.extend({ clientSecret: z.string().max(2000) }).partial().strict();
export type OidcSettingsInput = z.infer<typeof oidcSettingsInput>;

export type OidcSettingsView = Omit<OidcSettings, 'clientSecret'> & {
  clientSecretSet: boolean;
  /** A secret is stored but does not open with this server's secrets key: it must be entered again. */
  clientSecretUnreadable: boolean;
  redirectUri: string;
  updatedAt: string | null;
};

export const DEFAULT_OIDC: OidcSettings = {
  enabled: false,
  displayName: 'your organisation account',
  issuer: '',
  clientId: '',
  clientSecret: '',
  scopes: 'openid profile email',
  groupsClaim: 'groups',
  allowedEmailDomains: [],
  localLoginDisabled: false,
  breakGlassUserIds: [],
};

export const OIDC_LOGIN_PATH = '/api/v1/auth/oidc/login';
export const OIDC_CALLBACK_PATH = '/api/v1/auth/oidc/callback';

export interface ProvidersView {
  localLoginEnabled: boolean;
  oidc: { enabled: boolean; displayName: string; loginUrl: string | null };
}

export interface OidcSettingsServiceDeps {
  repo: SettingsRepository;
  identity: IdentityRepository;
  users: UsersRepository;
  tx: Transactor;
  audit: AuditService;
  bus: EventBus;
  secrets: SecretBox;
  opts: { publicUrl: string; allowInsecureIssuer: boolean };
  onUnreadableSecret: (err: unknown) => void;
}

export class OidcSettingsService {
  constructor(private readonly deps: OidcSettingsServiceDeps) {}

  get redirectUri(): string {
    return `${this.deps.opts.publicUrl}${OIDC_CALLBACK_PATH}`;
  }

  get allowInsecureIssuer(): boolean {
    return this.deps.opts.allowInsecureIssuer;
  }

  /**
   * The stored settings. `clientSecret` is as stored (sealed, or in clear from before
   * secrets were sealed): only the sign-in flow opens it, with openClientSecret().
   */
  async load(): Promise<OidcSettings & { updatedAt: Date | null }> {
    const stored = await this.deps.repo.get('oidc');
    const parsed = storedSchema.safeParse({ ...DEFAULT_OIDC, ...(stored?.value ?? {}) });
    return { ...(parsed.success ? parsed.data : DEFAULT_OIDC), updatedAt: stored?.updatedAt ?? null };
  }

  /**
   * The client secret in clear, undefined if none is set. A secret that does not open with
   * this server's secrets key stops the sign-in with a clear error (and the portal asks for it again).
   */
  openClientSecret(stored: string): string | undefined {
    if (stored === '') return undefined;
    const secret = this.tryOpen(stored);
    if (secret === undefined) throw new AppError('OIDC_LOGIN_FAILED', "The single sign-on client secret cannot be read with this server's secrets key; an administrator must enter it again");
    return secret;
  }

  /** A secret in clear from before sealing is used as it is (the next save seals it). */
  private tryOpen(stored: string): string | undefined {
    if (!SecretBox.isSealed(stored)) return stored;
    try {
      return this.deps.secrets.open(stored, SECRET_PURPOSE);
    } catch (err) {
      this.deps.onUnreadableSecret(err);
      return undefined;
    }
  }

  async get(): Promise<OidcSettingsView> {
    const { clientSecret, updatedAt, ...rest } = await this.load();
    const readable = clientSecret !== '' && this.tryOpen(clientSecret) !== undefined;
    return { ...rest, clientSecretSet: readable, clientSecretUnreadable: clientSecret !== '' && !readable, redirectUri: this.redirectUri, updatedAt: updatedAt?.toISOString() ?? null };
  }

  async update(caller: Caller, input: OidcSettingsInput): Promise<OidcSettingsView> {
    const { updatedAt: _u, ...before } = await this.load();
    const next: OidcSettings = { ...before, ...input };
    next.allowedEmailDomains = [...new Set(next.allowedEmailDomains)];
    next.breakGlassUserIds = [...new Set(next.breakGlassUserIds)];
    this.validate(next);
    for (const id of next.breakGlassUserIds) {
      if (!(await this.deps.users.findById(id))) throw new AppError('VALIDATION_FAILED', `No user ${id}`, 'breakGlassUserIds');
    }
    const changed = (Object.keys(next) as Array<keyof OidcSettings>).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(before[k]));
    if (changed.length > 0) {
      const userId = caller.principal.kind === 'user' ? caller.principal.userId : null;
      const redact = (s: OidcSettings) => ({ ...s, clientSecret: undefined, clientSecretSet: s.clientSecret !== '' });
      await this.deps.tx.run(async (ex) => {
        // A new secret (or one kept in clear from before sealing) is sealed; a sealed one is kept as it is.
        const secret = next.clientSecret === '' || SecretBox.isSealed(next.clientSecret) ? next.clientSecret : this.deps.secrets.seal(next.clientSecret, SECRET_PURPOSE);
        await this.deps.repo.put('oidc', { ...next, clientSecret: secret }, userId, ex);
        await this.deps.audit.record(caller, { action: 'settings.oidc.update', targetType: 'settings', targetId: 'oidc', details: { before: redact(before), after: redact(next), changed } }, ex);
      });
      await this.deps.bus.publish({ type: 'settings.changed', key: 'oidc' });
    }
    return this.get();
  }

  private validate(s: OidcSettings): void {
    if (s.issuer !== '') {
      let url: URL;
      try {
        url = new URL(s.issuer);
      } catch {
        throw new AppError('VALIDATION_FAILED', 'The issuer must be a URL', 'issuer');
      }
      if (url.protocol !== 'https:' && !(url.protocol === 'http:' && this.deps.opts.allowInsecureIssuer)) {
        throw new AppError('VALIDATION_FAILED', 'The issuer must be an https:// URL', 'issuer');
      }
    }
    if (!s.scopes.split(/\s+/).includes('openid')) throw new AppError('VALIDATION_FAILED', 'The scopes must include openid', 'scopes');
    if (s.enabled) {
      if (s.issuer === '') throw new AppError('VALIDATION_FAILED', 'An issuer is required to turn single sign-on on', 'issuer');
      if (s.clientId === '') throw new AppError('VALIDATION_FAILED', 'A client id is required to turn single sign-on on', 'clientId');
      if (s.displayName === '') throw new AppError('VALIDATION_FAILED', 'A button label is required', 'displayName');
    }
    if (s.localLoginDisabled && !s.enabled) {
      throw new AppError('VALIDATION_FAILED', 'Password sign-in can only be turned off while single sign-on is on', 'localLoginDisabled');
    }
  }

  async providers(): Promise<ProvidersView> {
    const s = await this.load();
    return {
      localLoginEnabled: !(s.enabled && s.localLoginDisabled),
      oidc: { enabled: s.enabled, displayName: s.displayName, loginUrl: s.enabled ? OIDC_LOGIN_PATH : null },
    };
  }

  /** AuthService's LocalLoginPolicy: with password sign-in off, only break-glass accounts may use it. */
  readonly localLoginAllowed = async (user: UserRecord): Promise<boolean> => {
    const s = await this.load();
    if (!(s.enabled && s.localLoginDisabled)) return true;
    if (s.breakGlassUserIds.includes(user.id)) return true;
    return (await this.deps.identity.builtInAdministratorId()) === user.id;
  };
}
