// Personal API tokens for automation: shown once, stored as a hash, optional expiry.
import type { ApiTokensRepository, ApiTokenRecord } from '../repositories/api-tokens.repository.ts';
import type { Page } from '../repositories/cursor.ts';
import { AppError } from '../errors.ts';
import type { AuditService } from '../platform/audit.service.ts';
import type { Caller } from '../access/caller.ts';
import { randomSecret, sha256Hex } from '../secrets/random-secrets.ts';

export interface ApiTokenView {
  id: string;
  name: string;
  userId: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

const view = (r: ApiTokenRecord): ApiTokenView => ({
  id: r.id,
  name: r.name,
  userId: r.userId,
  createdAt: r.createdAt.toISOString(),
  expiresAt: r.expiresAt?.toISOString() ?? null,
  lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
});

export class ApiTokenService {
  constructor(
    private readonly repo: ApiTokensRepository,
    private readonly audit: AuditService,
  ) {}

  private userId(caller: Caller): string {
    if (caller.principal.kind !== 'user') throw new AppError('FORBIDDEN', 'Only users hold API tokens');
    return caller.principal.userId;
  }

  async create(caller: Caller, input: { name: string; expiresInDays?: number | undefined }): Promise<ApiTokenView & { token: string }> {
    const userId = this.userId(caller);
    const token = `rwt_${randomSecret(32)}`;
    const row = await this.repo.insert({
      id: crypto.randomUUID(),
      userId,
      name: input.name,
      tokenHash: sha256Hex(token),
      expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
    });
    await this.audit.record(caller, { action: 'token.create', targetType: 'api_token', targetId: row.id, details: { name: row.name, expiresAt: row.expiresAt?.toISOString() ?? null } });
    return { ...view(row), token };
  }

  async list(caller: Caller, limit: number, cursor?: string): Promise<Page<ApiTokenView>> {
    const page = await this.repo.listForUser(this.userId(caller), limit, cursor);
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  }

  async revoke(caller: Caller, id: string): Promise<void> {
    const row = await this.repo.findById(id);
    if (!row || row.userId !== this.userId(caller) || row.revokedAt) throw new AppError('NOT_FOUND', 'API token not found');
    await this.repo.revoke(id, new Date());
    await this.audit.record(caller, { action: 'token.revoke', targetType: 'api_token', targetId: id, details: { name: row.name } });
  }
}
