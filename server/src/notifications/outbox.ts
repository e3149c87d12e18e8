// The outbox's writing side: a notification becomes rows, in the transaction of its cause
// (the caller hands its executor), one for each channel that takes it (enabled, the event in
// its events, an incident at or above its minimum severity, the room in its scope — room
// groups through room_group_rooms) and, for incidents, one email for each assignment member
// who asked for them. Storm control folds a flapping room's extra items into one digest.
// After the rows are written the dispatcher is nudged (it sends them once they are committed).
import type { NotificationBody, NotificationChannelType, NotificationData, NotificationRoom } from '@roomwarden/protocol';
import { scopeContains, severityAtLeast } from '@roomwarden/protocol';
import type { Executor } from '../db/database.ts';
import type { ChannelRecord, NotificationChannelsRepository } from '../repositories/notification-channels.repository.ts';
import type { NewOutboxItem, NotificationOutboxRepository } from '../repositories/notification-outbox.repository.ts';
import type { NotificationRecipientsRepository, NotificationRoomFacts } from '../repositories/notification-recipients.repository.ts';
import { DEFAULT_STORM_LIMITS, stormDecision, stormKey, type StormLimits } from './storm-control.ts';

/** What the server's other modules hold: one call, in their transaction. */
export interface NotificationEnqueuer {
  enqueue(ex: Executor, notices: NotificationData | readonly NotificationData[]): Promise<void>;
}

export interface NotificationOutboxDeps {
  channels: NotificationChannelsRepository;
  outbox: NotificationOutboxRepository;
  recipients: NotificationRecipientsRepository;
  now?: () => Date;
  storm?: StormLimits;
}

interface Target {
  channelId: string | null;
  channelType: NotificationChannelType;
  recipient: string | null;
  recipientUserId: string | null;
  stormKey: string | null;
}

const isIncident = (d: NotificationData): d is Extract<NotificationData, { type: 'incident.opened' | 'incident.resolved' }> => d.type === 'incident.opened' || d.type === 'incident.resolved';

function roomOf(d: NotificationData): NotificationRoom | null {
  return 'room' in d ? d.room : null;
}

export class NotificationOutbox implements NotificationEnqueuer {
  readonly #listeners: Array<() => void> = [];
  private readonly now: () => Date;
  private readonly storm: StormLimits;

  constructor(private readonly deps: NotificationOutboxDeps) {
    this.now = deps.now ?? (() => new Date());
    this.storm = deps.storm ?? DEFAULT_STORM_LIMITS;
  }

  /** Called after each enqueue (the dispatcher's nudge). */
  onEnqueued(listener: () => void): void {
    this.#listeners.push(listener);
  }

  async enqueue(ex: Executor, notices: NotificationData | readonly NotificationData[]): Promise<void> {
    const list = Array.isArray(notices) ? (notices as readonly NotificationData[]) : [notices as NotificationData];
    let written = 0;
    for (const data of list) written += await this.#enqueueOne(ex, data);
    if (written > 0) this.#nudge();
  }

  /** A channel's test: one item for that channel, whatever its filters (storm control does not count it). */
  async enqueueTest(ex: Executor, channel: ChannelRecord, data: NotificationData): Promise<string> {
    const id = crypto.randomUUID();
    const now = this.now();
    await this.deps.outbox.insert([this.#item(id, { ...this.#channelTarget(channel), stormKey: null }, data, null, now, now)], ex);
    this.#nudge();
    return id;
  }

  /** Settings > Notifications' "Send a test email": one email item to one address. */
  async enqueueTestEmail(ex: Executor, to: string, data: NotificationData): Promise<string> {
    const id = crypto.randomUUID();
    const now = this.now();
    await this.deps.outbox.insert([this.#item(id, { channelId: null, channelType: 'email', recipient: to, recipientUserId: null, stormKey: null }, data, null, now, now)], ex);
    this.#nudge();
    return id;
  }

  #nudge(): void {
    for (const l of this.#listeners) l();
  }

  async #enqueueOne(ex: Executor, given: NotificationData): Promise<number> {
    const ref = roomOf(given);
    const facts: NotificationRoomFacts | undefined = ref ? ((await this.deps.recipients.room(ref.id, ex)) ?? { ...ref, roomGroupIds: [] }) : undefined;
    const data = (facts && ref ? { ...given, room: { id: facts.id, name: facts.name, siteId: facts.siteId } } : given) as NotificationData;
    const channels = (await this.deps.channels.enabledFor(data.type, ex)).filter((c) => this.#takes(c, data, facts));
    const targets: Target[] = channels.map((c) => ({ ...this.#channelTarget(c), stormKey: facts ? stormKey({ channelId: c.id }, facts.id) : null }));
    if (isIncident(data) && facts) {
      for (const m of await this.deps.recipients.incidentRecipients(facts, ex)) {
        targets.push({ channelId: null, channelType: 'email', recipient: m.email, recipientUserId: m.userId, stormKey: stormKey({ userId: m.userId }, facts.id) });
      }
    }
    const now = this.now();
    const items: NewOutboxItem[] = [];
    for (const target of targets) {
      if (target.stormKey && facts && (await this.#folded(ex, target, data, facts, now))) continue;
      items.push(this.#item(crypto.randomUUID(), target, data, facts?.id ?? null, now, now));
    }
    await this.deps.outbox.insert(items, ex);
    return targets.length;
  }

  #takes(c: ChannelRecord, data: NotificationData, room: NotificationRoomFacts | undefined): boolean {
    if (isIncident(data) && !severityAtLeast(data.incident.severity, c.minSeverity as Parameters<typeof severityAtLeast>[1])) return false;
    // An organisation-wide event (remote access turned on or off for everyone) reaches every channel that takes it.
    if (!room) return true;
    return scopeContains(c.scope, room);
  }

  #channelTarget(c: ChannelRecord): Omit<Target, 'stormKey'> {
    return { channelId: c.id, channelType: c.type, recipient: c.type === 'email' ? c.addresses.join(', ') : null, recipientUserId: null };
  }

  #item(id: string, t: Target, data: NotificationData, roomId: string | null, createdAt: Date, due: Date): NewOutboxItem {
    const body: NotificationBody = { type: data.type, timestamp: createdAt.toISOString(), data: data as unknown as Record<string, unknown> };
    return { id, ...t, event: data.type, roomId, body, createdAt, nextAttemptAt: due };
  }

  /** Storm control: true when this item was folded into the room's digest (made or grown). */
  async #folded(ex: Executor, target: Target, data: NotificationData, room: NotificationRoomFacts, now: Date): Promise<boolean> {
    const key = target.stormKey!;
    const decision = stormDecision(await this.deps.outbox.stormTimes(key, new Date(now.getTime() - this.storm.windowMs), ex), now, this.storm);
    if (!decision.fold) return false;
    const existing = await this.deps.outbox.pendingDigest(key, ex);
    if (existing) {
      const d = existing.body.data as Extract<NotificationData, { type: 'notification.digest' }>;
      const grown: NotificationData = { ...d, count: d.count + 1, types: [...new Set([...d.types, data.type])], lastAt: now.toISOString() };
      await this.deps.outbox.setBody(existing.id, { ...existing.body, data: grown as unknown as Record<string, unknown> }, ex);
      return true;
    }
    const digest: NotificationData = {
      type: 'notification.digest',
      room: { id: room.id, name: room.name, siteId: room.siteId },
      count: 1,
      types: [data.type],
      firstAt: now.toISOString(),
      lastAt: now.toISOString(),
    };
    await this.deps.outbox.insert([this.#item(crypto.randomUUID(), target, digest, room.id, now, decision.releaseAt)], ex);
    return true;
  }
}
