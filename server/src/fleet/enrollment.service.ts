// Enrollment: administrators create tokens (shown once, stored hashed); an agent exchanges
// one for a device credential, its room and the gateway URL of its region. A use is
// consumed atomically, so two agents racing for a single-use token cannot both win.
import type { EnrollmentTokenState, EnrollmentTokenView, EnrollRequest, EnrollResponse } from '@roomwarden/protocol';
import { AppError } from '../errors.ts';
import type { AgentRoomsRepository } from '../repositories/agent-rooms.repository.ts';
import type { Page } from '../repositories/cursor.ts';
import type { DevicesRepository } from '../repositories/devices.repository.ts';
import type { EnrollmentRepository, EnrollmentTokenRecord } from '../repositories/enrollment.repository.ts';
import type { Transactor } from '../repositories/transactor.ts';
import type { AuditEvent, AuditService } from '../platform/audit.service.ts';
import type { Caller } from '../access/caller.ts';
import type { LoginThrottle } from '../auth/login-throttle.ts';
import { randomSecret, sha256Hex } from '../secrets/random-secrets.ts';

export interface CreateTokenInput {
  maxUses?: number | undefined;
  expiresInMinutes?: number | undefined;
  siteId?: string | undefined;
  region?: string | undefined;
  label?: string | undefined;
}

export function tokenState(r: EnrollmentTokenRecord, now: Date): EnrollmentTokenState {
  if (r.revokedAt) return 'revoked';
  if (r.uses >= r.maxUses) return 'used';
  if (r.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'active';
}

function view(r: EnrollmentTokenRecord, now: Date): EnrollmentTokenView {
  return {
    id: r.id,
    label: r.label,
    siteId: r.siteId,
    region: r.region,
    maxUses: r.maxUses,
    uses: r.uses,
    remaining: Math.max(0, r.maxUses - r.uses),
    state: tokenState(r, now),
    expiresAt: r.expiresAt.toISOString(),
    createdAt: r.createdAt.toISOString(),
    revokedAt: r.revokedAt?.toISOString() ?? null,
  };
}

const TOKEN_ERRORS = {
  revoked: ['ENROLLMENT_TOKEN_REVOKED', 'This enrollment token was revoked'],
  used: ['ENROLLMENT_TOKEN_USED', 'This enrollment token has no uses left'],
  expired: ['ENROLLMENT_TOKEN_EXPIRED', 'This enrollment token has expired'],
} as const;
const tokenError = (state: Exclude<EnrollmentTokenState, 'active'>): AppError => new AppError(TOKEN_ERRORS[state][0], TOKEN_ERRORS[state][1]);

export interface EnrollmentOptions {
  /** This node's region: rooms without a region from their token get it. */
  region: string;
  /** ws(s) URL of /api/v1/agent/connect on a node of the region. */
  gatewayUrlFor(region: string): string;
}

export interface EnrollmentServiceDeps {
  tokens: EnrollmentRepository;
  devices: DevicesRepository;
  rooms: AgentRoomsRepository;
  tx: Transactor;
  audit: AuditService;
  throttle: LoginThrottle;
  options: EnrollmentOptions;
}

export class EnrollmentService {
  constructor(private readonly deps: EnrollmentServiceDeps) {}

  async createToken(caller: Caller, input: CreateTokenInput): Promise<EnrollmentTokenView & { token: string }> {
    if (input.siteId && !(await this.deps.tokens.siteExists(input.siteId))) throw new AppError('VALIDATION_FAILED', 'No such site', 'siteId');
    const token = `rwe_${randomSecret(32)}`;
    const now = new Date();
    const row = await this.deps.tx.run(async (ex) => {
      const created = await this.deps.tokens.insert(
        {
          id: crypto.randomUUID(),
          tokenHash: sha256Hex(token),
          label: input.label ?? '',
          siteId: input.siteId ?? null,
          region: input.region ?? null,
          maxUses: input.maxUses ?? 1,
          expiresAt: new Date(now.getTime() + (input.expiresInMinutes ?? 1440) * 60_000),
          createdAt: now,
          createdBy: caller.principal.kind === 'user' ? caller.principal.userId : null,
        },
        ex,
      );
      await this.deps.audit.record(
        caller,
        {
          action: 'enrollment.token_create',
          targetType: 'enrollment_token',
          targetId: created.id,
          details: { label: created.label, maxUses: created.maxUses, expiresAt: created.expiresAt.toISOString(), siteId: created.siteId, region: created.region },
        },
        ex,
      );
      return created;
    });
    return { ...view(row, now), token };
  }

  async listTokens(limit: number, cursor?: string): Promise<Page<EnrollmentTokenView>> {
    const page = await this.deps.tokens.list(limit, cursor);
    const now = new Date();
    return { items: page.items.map((r) => view(r, now)), nextCursor: page.nextCursor };
  }

  async revokeToken(caller: Caller, id: string): Promise<void> {
    const row = await this.deps.tokens.findById(id);
    if (!row || row.revokedAt) throw new AppError('NOT_FOUND', 'Enrollment token not found');
    await this.deps.tx.run(async (ex) => {
      if (!(await this.deps.tokens.revoke(id, new Date(), ex))) throw new AppError('NOT_FOUND', 'Enrollment token not found');
      await this.deps.audit.record(caller, { action: 'enrollment.token_revoke', targetType: 'enrollment_token', targetId: id, details: { label: row.label, uses: row.uses } }, ex);
    });
  }

  /** The token is the credential: failures count against the caller's address. */
  async enroll(caller: Caller, input: EnrollRequest): Promise<EnrollResponse> {
    const retryAfter = await this.deps.throttle.retryAfter('enroll', caller.sourceIp);
    if (retryAfter > 0) throw new AppError('RATE_LIMITED', 'Too many failed enrollments from this address; try again later', undefined, { retryAfterSeconds: retryAfter });
    try {
      return await this.#enroll(caller, input);
    } catch (err) {
      if (err instanceof AppError && err.status < 500) await this.deps.throttle.fail('enroll', caller.sourceIp);
      throw err;
    }
  }

  async #enroll(caller: Caller, input: EnrollRequest): Promise<EnrollResponse> {
    const now = new Date();
    const token = await this.deps.tokens.findByHash(sha256Hex(input.token));
    if (!token) throw new AppError('ENROLLMENT_TOKEN_INVALID', 'This enrollment token is not valid');
    const state = tokenState(token, now);
    if (state !== 'active') throw tokenError(state);
    const previous = await this.deps.devices.findByMachine(input.machineId);
    if (previous && !previous.revokedAt) {
      throw new AppError('DEVICE_ALREADY_ENROLLED', 'This machine is already enrolled; revoke its device first to enroll it again');
    }
    // A machine enrolled before and revoked since gets its room back, unless that room was retired.
    const previousRoom = previous ? await this.deps.rooms.find(previous.roomId) : undefined;
    const reuse = previousRoom && !previousRoom.retiredAt ? previousRoom : undefined;
    const secret = randomSecret(32);
    const deviceId = crypto.randomUUID();
    const agent = { ...caller, principal: { kind: 'system' as const, label: `agent:${input.hostname}` } };
    try {
      // The two rows every enrollment shares with the others, the audit chain's head and the
      // token's use count, are taken last, so that enrollments wait for each other only for
      // those statements and the commit (see bench/README.md, "Cluster").
      const room = await this.deps.tx.run(async (ex) => {
        let room = reuse && { id: reuse.id, name: reuse.name, region: reuse.region };
        const events: AuditEvent[] = [];
        if (!room) {
          room = { id: crypto.randomUUID(), name: input.roomName ?? input.hostname, region: token.region ?? this.deps.options.region };
          await this.deps.rooms.insert({ ...room, siteId: token.siteId, at: now }, ex);
          events.push({ action: 'room.create', targetType: 'room', targetId: room.id, details: { name: room.name, siteId: token.siteId, region: room.region, via: 'enrollment' } });
        }
        await this.deps.devices.insert(
          {
            id: deviceId,
            roomId: room.id,
            machineId: input.machineId,
            secretHash: sha256Hex(secret),
            hostname: input.hostname,
            platform: input.platform,
            agentVersion: input.agentVersion,
            capabilities: JSON.stringify({}),
            enrollmentTokenId: token.id,
            enrolledAt: now,
          },
          ex,
        );
        events.push({
          action: 'device.enroll',
          targetType: 'device',
          targetId: deviceId,
          details: { roomId: room.id, hostname: input.hostname, platform: input.platform, agentVersion: input.agentVersion, enrollmentTokenId: token.id, reenrolled: Boolean(reuse) },
        });
        // The chain's head first: the token's row is then only ever locked under it, so
        // enrollments with one token do not queue on that row as well.
        await this.deps.audit.recordAll(agent, events, ex);
        const consumed = await this.deps.tokens.consume(token.id, now, ex);
        if (!consumed) {
          // Another enrollment took the last use (or the token changed) since the check above.
          const fresh = tokenState((await this.deps.tokens.findById(token.id, ex)) ?? token, now);
          throw tokenError(fresh === 'active' ? 'used' : fresh);
        }
        return room;
      });
      return { deviceId, deviceSecret: secret, roomId: room.id, region: room.region, gatewayUrl: this.deps.options.gatewayUrlFor(room.region) };
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('DEVICE_ALREADY_ENROLLED', 'This machine is already enrolled; revoke its device first to enroll it again');
      throw err;
    }
  }
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}

/** The gateway URL of a region: this node's public URL for its own region, the configured URL of another. */
export function gatewayUrlResolver(publicUrl: string, ownRegion: string, regionUrls: Record<string, string>): (region: string) => string {
  return (region) => {
    const base = (region !== ownRegion ? regionUrls[region] : undefined) ?? publicUrl;
    return `${base.replace(/\/$/, '').replace(/^http/, 'ws')}/api/v1/agent/connect`;
  };
}
