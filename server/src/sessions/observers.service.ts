// Joining a live remote session as an observer (DESIGN Remote session 7): anyone with
// Remote access View on the session's room may watch it beside its controller. The join
// is written and audited (session-observers.ts), the agent is asked to open one more data
// connection for the observer (`session.observe`), and the observer gets a viewer URL with
// a one-time ticket of their own.
import { randomUUID } from 'node:crypto';
import type { JoinedObserver } from '@roomwarden/protocol';
import { userIdOf, type Caller } from '../access/caller.ts';
import { maySee, mayObserve } from '../access/policies/sessions.policy.ts';
import { AppError } from '../errors.ts';
import type { AgentLink } from '../gateway/agent-link.ts';
import type { SettingsService } from '../platform/settings.service.ts';
import type { SessionsRepository } from '../repositories/sessions.repository.ts';
import { MAX_LIVE_OBSERVERS } from './session-observers.ts';
import type { SessionSupervisor } from './session-supervisor.ts';
import { agentRelayUrl, viewerRelayUrl } from './relay-url.ts';

export interface ObserversServiceDeps {
  repo: SessionsRepository;
  settings: SettingsService;
  agentLink: AgentLink;
  supervisor: SessionSupervisor;
  /** This node's public base URL; the agent's relay URL is derived from it. */
  options: { publicUrl: string; absoluteViewerUrls?: boolean };
}

export class ObserversService {
  constructor(private readonly deps: ObserversServiceDeps) {}

  async join(caller: Caller, sessionId: string): Promise<JoinedObserver> {
    const p = caller.principal;
    if (p.kind !== 'user') throw new AppError('FORBIDDEN', 'Only a user can observe a remote session');
    const s = await this.deps.repo.find(sessionId);
    const ref = s && { userId: s.userId, room: { id: s.roomId, siteId: s.siteId, roomGroupIds: s.roomGroupIds } };
    if (!s || !ref || !maySee(caller.grants, userIdOf(caller), ref)) throw new AppError('NOT_FOUND', 'Session not found');
    if (!mayObserve(caller.grants, ref.room)) throw new AppError('REMOTE_ACCESS_NOT_PERMITTED', 'Observing a session needs Remote access View on its room');
    if (!(await this.deps.settings.getGeneral()).remoteAccessEnabled) throw new AppError('REMOTE_ACCESS_DISABLED', 'Remote access is turned off in Settings > General');
    const live = this.deps.supervisor.liveSubject(s.id);
    if (s.state === 'ended' || !live) throw new AppError('SESSION_NOT_ACTIVE', 'The session is not live: there is nothing to watch');
    if (this.deps.supervisor.observers.ofSession(s.id).length >= MAX_LIVE_OBSERVERS) throw new AppError('CONFLICT', `A session has at most ${MAX_LIVE_OBSERVERS} observers at once`);

    const observerId = randomUUID();
    const userLabel = p.displayName ? `${p.displayName} <${p.email}>` : p.email;
    const tickets = await this.deps.supervisor.observers.join(live, { id: observerId, userId: p.userId, userLabel }, caller);
    const relayUrl = agentRelayUrl(this.deps.options.publicUrl, s.id, tickets.agent.ticket);
    const delivered = await this.deps.agentLink.send(s.roomId, { type: 'session.observe', sessionId: s.id, observerId, relayUrl, ticket: tickets.agent.ticket, ...(s.display ? { display: s.display } : {}) });
    if (!delivered) {
      await this.deps.supervisor.observers.leave(observerId, 'agent_unreachable');
      throw new AppError('AGENT_OFFLINE', "The room's agent went offline before the observer could join");
    }
    return {
      observerId,
      sessionId: s.id,
      viewerUrl: viewerRelayUrl(s.id, tickets.viewer.ticket, this.deps.options.absoluteViewerUrls ? this.deps.options.publicUrl : undefined),
      ticketExpiresAt: tickets.viewer.expiresAt.toISOString(),
    };
  }
}
