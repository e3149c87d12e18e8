// Loads what callers hold (their Grants) from the current state of role assignments and groups, and
// applies a route's declared organisation-wide permission. The decisions themselves are
// the pure policies beside it (grants.ts, policies/*).
import { atLeast, type Area, type Level } from '@roomwarden/protocol';
import type { AccessRepository } from '../repositories/access.repository.ts';
import { AppError } from '../errors.ts';
import type { Caller, Principal } from './caller.ts';
import { Grants, NO_GRANTS, SYSTEM_GRANTS, type RoomRef } from './grants.ts';

export class AuthorizationService {
  constructor(private readonly access: AccessRepository) {}

  /** Loads a principal's grants: decided on the current state of roles and groups. */
  async grantsFor(principal: Principal): Promise<Grants> {
    if (principal.kind === 'system') return SYSTEM_GRANTS;
    if (principal.kind !== 'user') return NO_GRANTS;
    return new Grants(await this.access.assignmentsHeldBy(principal.userId));
  }

  /** The caller for a principal, with its grants loaded. */
  async callerFor(principal: Principal, sourceIp: string | null): Promise<Caller> {
    return { principal, sourceIp, grants: await this.grantsFor(principal) };
  }

  /** The grants of many users at once (a fixed number of queries), by user id. */
  async grantsForEach(userIds: readonly string[]): Promise<Map<string, Grants>> {
    const held = await this.access.assignmentsHeldByEach([...new Set(userIds)]);
    return new Map([...held].map(([userId, assignments]) => [userId, assignments.length ? new Grants(assignments) : NO_GRANTS]));
  }

  /** A room's reference for decisions (its groups read now), from its id and site. */
  async roomRef(id: string, siteId: string | null): Promise<RoomRef> {
    return { id, siteId, roomGroupIds: (await this.access.roomGroupIdsOf([id])).get(id) ?? [] };
  }

  /** A route's declared permission: organisation-wide, or "on at least one room" for a room area. */
  requireArea(caller: Caller, area: Area, level: Level): void {
    if (caller.principal.kind === 'anonymous') throw new AppError('NOT_AUTHENTICATED', 'Sign in first');
    if (!atLeast(caller.grants.overall(area), level)) throw new AppError('FORBIDDEN', `This needs ${level} permission on ${area}`);
  }
}
