// Who is asking, from where, and what they hold. Every route hands one Caller to every
// service; the grants are loaded once per request (by the request hook), so a role or
// membership change decides the very next request.
import { NO_GRANTS, SYSTEM_GRANTS, type Grants } from './grants.ts';

export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'user'; userId: string; email: string; displayName: string; via: 'cookie' | 'bearer'; authSessionId?: string; apiTokenId?: string }
  | { kind: 'scim'; tokenId: string; label: string }
  | { kind: 'system'; label: string };

export interface Caller {
  readonly principal: Principal;
  readonly sourceIp: string | null;
  readonly grants: Grants;
}

/** What an audit entry needs of a caller: who and from where. */
export type CallerIdentity = Pick<Caller, 'principal' | 'sourceIp'>;

export function actorOf(caller: CallerIdentity): { actorId: string | null; actorLabel: string } {
  const p = caller.principal;
  switch (p.kind) {
    case 'user':
      return { actorId: p.userId, actorLabel: p.email };
    case 'scim':
      return { actorId: `scim:${p.tokenId}`, actorLabel: p.label };
    case 'system':
      return { actorId: null, actorLabel: p.label };
    case 'anonymous':
      return { actorId: null, actorLabel: 'anonymous' };
  }
}

/** The signed-in user's id, or null for anyone else. */
export const userIdOf = (caller: CallerIdentity): string | null => (caller.principal.kind === 'user' ? caller.principal.userId : null);

export const systemCaller = (label = 'system'): Caller => ({ principal: { kind: 'system', label }, sourceIp: null, grants: SYSTEM_GRANTS });

export const anonymousCaller = (sourceIp: string | null): Caller => ({ principal: { kind: 'anonymous' }, sourceIp, grants: NO_GRANTS });
