// Live events for the portal (Server-Sent Events): room status, incidents and sessions from
// the bus, each delivered only to subscribers who may view its room. A subscriber's grants
// are reloaded when older than the refresh period, so a withdrawn permission stops that
// room's events within it. One shared timer sends keep-alives to every subscriber.
import { isLiveEvent, type LiveEvent } from '@roomwarden/protocol';
import type { BusEvent, EventBus } from '../bus/event-bus.ts';
import type { AuthorizationService } from '../access/authorization.service.ts';
import type { Grants, RoomRef } from '../access/grants.ts';
import { mayReceive } from '../access/policies/events.policy.ts';
import type { Principal } from '../access/caller.ts';
import { AppError } from '../errors.ts';

/** `end`: the subscriber's account was disabled; the stream closes. */
export type LiveMessage = { kind: 'event'; id: number; event: LiveEvent } | { kind: 'keepalive' } | { kind: 'end' };

interface Subscriber {
  principal: Principal;
  grants: Grants;
  grantsAt: number;
  deliver: (message: LiveMessage) => void;
  queue: Promise<void>;
}

export class EventsService {
  readonly #subscribers = new Set<Subscriber>();
  readonly #unsubscribeBus: () => void;
  readonly #keepAlive: NodeJS.Timeout;
  #seq = 0;

  constructor(
    bus: EventBus,
    private readonly authz: AuthorizationService,
    private readonly options: { keepAliveMs: number; grantsRefreshMs: number; streamsPerUser: number; onError: (err: unknown) => void },
    private readonly now: () => number = Date.now,
  ) {
    this.#unsubscribeBus = bus.subscribe((event) => this.#dispatch(event));
    this.#keepAlive = setInterval(() => {
      for (const s of this.#subscribers) s.deliver({ kind: 'keepalive' });
    }, options.keepAliveMs);
    this.#keepAlive.unref();
  }

  get subscriberCount(): number {
    return this.#subscribers.size;
  }

  /**
   * Refused with RATE_LIMITED when the principal already holds `streamsPerUser` streams (each one holds a connection).
   * Per node by nature (issue 12): the limit guards this node's sockets and memory, which a stream on another
   * node does not use; a browser's stream is one connection to one node, and closing it frees it on that node.
   */
  async subscribe(principal: Principal, deliver: (message: LiveMessage) => void): Promise<() => void> {
    const open = [...this.#subscribers].filter((s) => samePrincipal(s.principal, principal)).length;
    if (open >= this.options.streamsPerUser) {
      throw new AppError('RATE_LIMITED', `You already have ${open} live event streams open (at most ${this.options.streamsPerUser}): close a tab or window of the portal, then try again`);
    }
    const sub: Subscriber = { principal, grants: await this.authz.grantsFor(principal), grantsAt: this.now(), deliver, queue: Promise.resolve() };
    this.#subscribers.add(sub);
    return () => this.#subscribers.delete(sub);
  }

  /** Ends every stream (streams never end by themselves: the node ends them before it waits for its connections). */
  close(): void {
    clearInterval(this.#keepAlive);
    this.#unsubscribeBus();
    const subscribers = [...this.#subscribers];
    this.#subscribers.clear();
    for (const s of subscribers) s.deliver({ kind: 'end' });
  }

  #dispatch(event: BusEvent): void {
    if (event.type === 'user.disabled') {
      for (const s of this.#subscribers) {
        if (s.principal.kind === 'user' && s.principal.userId === event.userId) {
          this.#subscribers.delete(s);
          s.deliver({ kind: 'end' });
        }
      }
      return;
    }
    // Room events and the organisation-wide ones (remote access, settings) go out; the rest stay on the server.
    if (!isLiveEvent(event)) return;
    const room = 'roomId' in event ? { id: event.roomId, siteId: event.siteId } : null;
    // The room's groups matter only to subscribers whose assignments name room groups: read them once, when one needs them.
    let roomRef: Promise<RoomRef> | undefined;
    const refOf = (r: { id: string; siteId: string | null }): Promise<RoomRef> => (roomRef ??= this.authz.roomRef(r.id, r.siteId));
    const id = ++this.#seq;
    for (const s of this.#subscribers) {
      // In order per subscriber (global events included), even while its grants reload.
      s.queue = s.queue
        .then(async () => {
          if (room && this.now() - s.grantsAt >= this.options.grantsRefreshMs) {
            s.grants = await this.authz.grantsFor(s.principal);
            s.grantsAt = this.now();
          }
          if (!this.#subscribers.has(s)) return;
          if (!room) return s.deliver({ kind: 'event', id, event });
          const ref = s.grants.namesRoomGroups() ? await refOf(room) : { ...room, roomGroupIds: [] };
          if (this.#mayReceive(s, ref, event)) s.deliver({ kind: 'event', id, event });
        })
        .catch((err: unknown) => {
          // Grants could not be reloaded: drop the event for this subscriber rather than leak it, retry next time.
          s.grantsAt = 0;
          this.options.onError(err);
        });
    }
  }

  /** Who may receive a room event is decided in access/policies/events.policy.ts. */
  #mayReceive(s: Subscriber, room: RoomRef, event: LiveEvent): boolean {
    const subscriberUserId = s.principal.kind === 'user' ? s.principal.userId : null;
    if (!event.type.startsWith('session.')) return mayReceive(s.grants, subscriberUserId, { room });
    const session = 'session' in event ? event.session : undefined;
    return mayReceive(s.grants, subscriberUserId, { room, session: { userId: session?.userId ?? null } });
  }
}

function samePrincipal(a: Principal, b: Principal): boolean {
  return a.kind === 'user' && b.kind === 'user' ? a.userId === b.userId : a.kind === b.kind;
}
