// Admitting the two sides of this node's live remote sessions, and their observers: the
// one-time ticket of each WebSocket (or raw agent stream) is checked, the viewer's cookie
// session if any must be the session's user, a session not live here is refused without
// spending the ticket (it is for the node that holds the session), and an admitted socket
// is handed to the relay (or to the observer's own pair).
import type { RelayTransportKind } from '@roomwarden/protocol';
import { AppError } from '../errors.ts';
import { isLive, type LiveState } from './live-session.ts';
import type { SessionObservers } from './session-observers.ts';
import type { RelaySocket } from './relay-socket.ts';
import type { SessionRelay } from './session-relay.ts';
import type { TicketSide, TicketStore } from './ticket-store.ts';

export interface Admission {
  sessionId: string;
  side: TicketSide;
  mode: 'control' | 'view';
  /** The ticket was an observer's: the socket joins their own pair. */
  observerId?: string;
}

/** What admission needs to know of a session live on this node. */
export interface AdmittedSession {
  userId: string;
  mode: 'control' | 'view';
  state: LiveState;
}

export interface SessionAdmissionDeps {
  tickets: Pick<TicketStore, 'check' | 'redeem'>;
  observers: Pick<SessionObservers, 'get' | 'attach'>;
  relay: Pick<SessionRelay, 'attach'>;
  /** The user id of a portal cookie session, if it is valid. */
  cookieUser: (cookie: string) => Promise<string | undefined>;
  /** The session as this node holds it (live or ending), or undefined when it is not on this node. */
  session: (id: string) => AdmittedSession | undefined;
  /** A side of a live session was attached to the relay: its machine is told. */
  attached: (sessionId: string, side: TicketSide) => void;
}

export class SessionAdmission {
  /** Agent data connections attached on this node, by transport (for /metrics). */
  readonly agentConnections: Record<RelayTransportKind, number> = { raw: 0, websocket: 0 };

  constructor(private readonly deps: SessionAdmissionDeps) {}

  /**
   * Checks a WebSocket's ticket (and, for the viewer, that a cookie session if any is the
   * session's user). The owner, and that the session is live on this node, are checked
   * before the ticket is spent: a refusal for the wrong cookie, or on the wrong node, leaves
   * the ticket to its rightful owner on the node that holds the session.
   */
  async admit(side: TicketSide, sessionId: string, ticket: string, cookie: string | undefined): Promise<Admission> {
    const { tickets, observers } = this.deps;
    const refuse = (why: string) => new AppError('TICKET_INVALID', `The ${side} ticket is not valid (${why.replace('_', ' ')})`);
    const checked = await tickets.check(ticket, sessionId, side);
    if (!checked.ok) {
      await tickets.redeem(ticket, sessionId, side); // a ticket presented for the wrong session or side is used up
      throw refuse(checked.why);
    }
    const observerId = checked.observerId;
    const owner = observerId === undefined ? this.deps.session(sessionId)?.userId : observers.get(observerId)?.userId;
    if (side === 'viewer' && cookie && owner !== undefined) {
      const userId = await this.deps.cookieUser(cookie);
      if (userId !== undefined && userId !== owner) throw new AppError('FORBIDDEN', 'This session belongs to another user');
    }
    // A session not live here (ended, or held by another node of the cluster) keeps its ticket for the node that holds it.
    if (!this.deps.session(sessionId)) throw new AppError('SESSION_NOT_ACTIVE', 'The session is not live on this node');
    const redeemed = await tickets.redeem(ticket, sessionId, side);
    if (!redeemed.ok) throw refuse(redeemed.why);
    const e = this.deps.session(sessionId);
    if (!e || !isLive(e.state)) throw new AppError('SESSION_NOT_ACTIVE', 'The session has ended');
    if (observerId === undefined) return { sessionId, side, mode: e.mode };
    if (!observers.get(observerId)) throw new AppError('SESSION_NOT_ACTIVE', 'The observer has left the session');
    return { sessionId, side, mode: 'view', observerId };
  }

  /** Hands an admitted, upgraded socket to the relay (the agent's: a WebSocket or a raw stream). */
  attach(a: Admission, ws: RelaySocket, transport: RelayTransportKind = 'websocket'): void {
    if (a.observerId !== undefined) {
      this.deps.observers.attach(a.observerId, a.side, ws);
      return;
    }
    const e = this.deps.session(a.sessionId);
    if (!(e && isLive(e.state)) || !this.deps.relay.attach(a.sessionId, a.mode, a.side, ws)) {
      ws.close(1008, 'session not available');
      return;
    }
    if (a.side === 'agent') this.agentConnections[transport]++;
    this.deps.attached(a.sessionId, a.side);
  }
}
