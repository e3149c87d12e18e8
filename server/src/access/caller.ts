// Who is asking, and from where. Routes build it; services decide with it.
export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'user'; userId: string; email: string; displayName: string; via: 'cookie' | 'bearer'; authSessionId?: string; apiTokenId?: string }
  | { kind: 'scim'; tokenId: string; label: string }
  | { kind: 'system'; label: string };

export interface RequestContext {
  principal: Principal;
  sourceIp: string | null;
}

export function actorOf(ctx: RequestContext): { actorId: string | null; actorLabel: string } {
  const p = ctx.principal;
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

export const systemContext = (label = 'system'): RequestContext => ({ principal: { kind: 'system', label }, sourceIp: null });
