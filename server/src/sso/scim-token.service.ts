// SCIM bearer tokens, one per identity provider: shown once, stored as a hash, labelled
// with the provider's name (the label is the actor of every provisioning change).
import type { Page } from '../repositories/cursor.ts';
import type { ScimRepository, ScimTokenRecord } from '../repositories/scim.repository.ts';
import { AppError } from '../errors.ts';
import type { AuditService } from '../platform/audit.service.ts';
import type { Caller, Principal } from '../access/caller.ts';
import { randomSecret, sha256Hex } from '../secrets/random-secrets.ts';

export interface ScimTokenView {
  id: string;
  label: string;
  createdAt: string;
  createdBy: string | null;
  lastUsedAt: string | null;
}

const view = (r: ScimTokenRecord): ScimTokenView => ({
  id: r.id,
  label: r.label,
  createdAt: r.createdAt.toISOString(),
  createdBy: r.createdBy,
  lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
});

export const SCIM_TOKEN_PREFIX = 'rws_';

export class ScimTokenService {
  constructor(
    private readonly repo: ScimRepository,
    private readonly audit: AuditService,
  ) {}

  async create(caller: Caller, input: { label: string }): Promise<ScimTokenView & { token: string }> {
    const token = `${SCIM_TOKEN_PREFIX}${randomSecret(32)}`;
    const row = await this.repo.insertToken({
      id: crypto.randomUUID(),
      label: input.label,
      tokenHash: sha256Hex(token),
      createdBy: caller.principal.kind === 'user' ? caller.principal.userId : null,
    });
    await this.audit.record(caller, { action: 'scim_token.create', targetType: 'scim_token', targetId: row.id, details: { label: row.label } });
    return { ...view(row), token };
  }

  async list(limit: number, cursor?: string): Promise<Page<ScimTokenView>> {
    const page = await this.repo.listTokens(limit, cursor);
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  }

  async revoke(caller: Caller, id: string): Promise<void> {
    const row = await this.repo.findToken(id);
    if (!row || row.revokedAt) throw new AppError('NOT_FOUND', 'SCIM token not found');
    await this.repo.revokeToken(id, new Date());
    await this.audit.record(caller, { action: 'scim_token.revoke', targetType: 'scim_token', targetId: id, details: { label: row.label } });
  }

  /** The request context's bearer resolver for SCIM tokens. */
  readonly resolve = async (token: string): Promise<Principal | undefined> => {
    if (!token.startsWith(SCIM_TOKEN_PREFIX) || token.length > 200) return undefined;
    const row = await this.repo.findLiveTokenByHash(sha256Hex(token));
    if (!row) return undefined;
    const now = new Date();
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) await this.repo.touchToken(row.id, now);
    return { kind: 'scim', tokenId: row.id, label: row.label };
  };
}
