// Notification channels (Settings > Notifications, area settings): create, read, change,
// delete, test, and rotate a webhook's signing secret. A webhook's secret is shown once,
// when it is made, and stored sealed. Every change is audited (never with the secret).
import type { NotificationChannelType, NotificationChannelView, NotificationEvent, IncidentSeverity, RoomScopeSpec } from '@roomwarden/protocol';
import type { ChannelPatch, ChannelRecord, NotificationChannelsRepository } from '../repositories/notification-channels.repository.ts';
import type { Page } from '../repositories/cursor.ts';
import type { Transactor } from '../repositories/transactor.ts';
import { AppError, notFound } from '../errors.ts';
import type { AuditService } from '../platform/audit.service.ts';
import { actorOf, type Caller } from '../access/caller.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import { channelView, deliveryView } from './channel-views.ts';
import type { NotificationOutbox } from './outbox.ts';
import { isMailbox } from './notification-settings.service.ts';
import { WEBHOOK_SECRET_PURPOSE } from './senders.ts';
import { newWebhookSecret } from './webhook-signature.ts';
import type { NotificationOutboxRepository } from '../repositories/notification-outbox.repository.ts';
import type { NotificationDeliveryView } from '@roomwarden/protocol';

export interface ChannelInput {
  type: NotificationChannelType;
  name: string;
  enabled?: boolean | undefined;
  events: NotificationEvent[];
  minSeverity?: IncidentSeverity | undefined;
  scope?: RoomScopeSpec | undefined;
  addresses?: string[] | undefined;
  url?: string | undefined;
}
export type ChannelChange = Partial<Omit<ChannelInput, 'type'>>;

export interface ChannelsServiceDeps {
  channels: NotificationChannelsRepository;
  deliveries: NotificationOutboxRepository;
  outbox: NotificationOutbox;
  tx: Transactor;
  audit: AuditService;
  secrets: SecretBox;
}

const NO_ROOMS: RoomScopeSpec = { allRooms: true, siteIds: [], roomGroupIds: [], roomIds: [] };

function checkUrl(url: string | undefined): string {
  if (!url) throw new AppError('VALIDATION_FAILED', 'This channel needs a URL', 'url');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError('VALIDATION_FAILED', 'The URL is not valid', 'url');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new AppError('VALIDATION_FAILED', 'The URL must be http:// or https://', 'url');
  return parsed.toString();
}

function checkAddresses(addresses: string[] | undefined): string[] {
  const list = [...new Set((addresses ?? []).map((a) => a.trim()).filter(Boolean))];
  if (list.length === 0) throw new AppError('VALIDATION_FAILED', 'An email channel needs at least one address', 'addresses');
  const bad = list.find((a) => !isMailbox(a));
  if (bad) throw new AppError('VALIDATION_FAILED', `${bad.slice(0, 80)} is not an email address`, 'addresses');
  return list;
}

export class ChannelsService {
  constructor(private readonly deps: ChannelsServiceDeps) {}

  async list(query: { limit: number; cursor?: string | undefined }): Promise<Page<NotificationChannelView>> {
    const page = await this.deps.channels.list(query.limit, query.cursor);
    return { items: page.items.map(channelView), nextCursor: page.nextCursor };
  }

  async get(id: string): Promise<NotificationChannelView> {
    return channelView(await this.#find(id));
  }

  async create(caller: Caller, input: ChannelInput): Promise<NotificationChannelView & { secret?: string }> {
    const email = input.type === 'email';
    if (email && input.url !== undefined) throw new AppError('VALIDATION_FAILED', 'An email channel has addresses, not a URL', 'url');
    if (!email && input.addresses !== undefined) throw new AppError('VALIDATION_FAILED', `A ${input.type} channel has a URL, not addresses`, 'addresses');
    const secret = input.type === 'webhook' ? newWebhookSecret() : undefined;
    const id = crypto.randomUUID();
    return this.deps.tx.run(async (ex) => {
      if (await this.deps.channels.findByName(input.name, ex)) throw new AppError('ALREADY_EXISTS', 'A channel with this name already exists', 'name');
      const row = await this.deps.channels.insert(
        {
          id,
          type: input.type,
          name: input.name,
          enabled: input.enabled ?? true,
          events: [...new Set(input.events)],
          minSeverity: input.minSeverity ?? 'low',
          scope: input.scope ?? NO_ROOMS,
          addresses: email ? checkAddresses(input.addresses) : [],
          url: email ? null : checkUrl(input.url),
          secret: secret ? this.deps.secrets.seal(secret, WEBHOOK_SECRET_PURPOSE) : null,
          updatedAt: new Date(),
        },
        ex,
      );
      const after = channelView(row);
      await this.deps.audit.record(caller, { action: 'notification_channel.create', targetType: 'notification_channel', targetId: id, details: { before: null, after } }, ex);
      return secret ? { ...after, secret } : after;
    });
  }

  async update(caller: Caller, id: string, change: ChannelChange): Promise<NotificationChannelView> {
    return this.deps.tx.run(async (ex) => {
      const before = await this.#find(id, ex);
      const email = before.type === 'email';
      if (email && change.url !== undefined) throw new AppError('VALIDATION_FAILED', 'An email channel has addresses, not a URL', 'url');
      if (!email && change.addresses !== undefined) throw new AppError('VALIDATION_FAILED', `A ${before.type} channel has a URL, not addresses`, 'addresses');
      if (change.name !== undefined && change.name.toLowerCase() !== before.name.toLowerCase()) {
        const other = await this.deps.channels.findByName(change.name, ex);
        if (other && other.id !== id) throw new AppError('ALREADY_EXISTS', 'A channel with this name already exists', 'name');
      }
      const patch: ChannelPatch = {
        ...(change.name !== undefined ? { name: change.name } : {}),
        ...(change.enabled !== undefined ? { enabled: change.enabled } : {}),
        ...(change.events !== undefined ? { events: [...new Set(change.events)] } : {}),
        ...(change.minSeverity !== undefined ? { minSeverity: change.minSeverity } : {}),
        ...(change.scope !== undefined ? { scope: change.scope } : {}),
        ...(change.addresses !== undefined ? { addresses: checkAddresses(change.addresses) } : {}),
        ...(change.url !== undefined ? { url: checkUrl(change.url) } : {}),
        updatedAt: new Date(),
      };
      const row = (await this.deps.channels.update(id, patch, ex)) ?? before;
      const after = channelView(row);
      await this.deps.audit.record(caller, { action: 'notification_channel.update', targetType: 'notification_channel', targetId: id, details: { before: channelView(before), after } }, ex);
      return after;
    });
  }

  async delete(caller: Caller, id: string): Promise<void> {
    await this.deps.tx.run(async (ex) => {
      const before = await this.#find(id, ex);
      await this.deps.channels.delete(id, ex);
      await this.deps.audit.record(caller, { action: 'notification_channel.delete', targetType: 'notification_channel', targetId: id, details: { before: channelView(before), after: null } }, ex);
    });
  }

  /** A new signing secret for a webhook, answered once; the old one stops signing at once. */
  async rotateSecret(caller: Caller, id: string): Promise<NotificationChannelView & { secret: string }> {
    const secret = newWebhookSecret();
    return this.deps.tx.run(async (ex) => {
      const before = await this.#find(id, ex);
      if (before.type !== 'webhook') throw new AppError('CONFLICT', 'Only a webhook channel has a signing secret');
      const row = (await this.deps.channels.update(id, { secret: this.deps.secrets.seal(secret, WEBHOOK_SECRET_PURPOSE), updatedAt: new Date() }, ex)) ?? before;
      await this.deps.audit.record(caller, { action: 'notification_channel.rotate_secret', targetType: 'notification_channel', targetId: id, details: { name: before.name } }, ex);
      return { ...channelView(row), secret };
    });
  }

  /** Enqueues a test notification for the channel (enabled or not) and answers its delivery; the dispatcher sends it at once. */
  async test(caller: Caller, id: string): Promise<NotificationDeliveryView> {
    const deliveryId = await this.deps.tx.run(async (ex) => {
      const channel = await this.#find(id, ex);
      const outboxId = await this.deps.outbox.enqueueTest(ex, channel, { type: 'notification.test', channelName: channel.name, by: actorOf(caller).actorLabel });
      await this.deps.audit.record(caller, { action: 'notification_channel.test', targetType: 'notification_channel', targetId: id, details: { name: channel.name, deliveryId: outboxId } }, ex);
      return outboxId;
    });
    return this.#delivery(deliveryId);
  }

  /** Sends a test email to one address through the SMTP settings; answers its delivery. */
  async testEmail(caller: Caller, to: string): Promise<NotificationDeliveryView> {
    if (!isMailbox(to)) throw new AppError('VALIDATION_FAILED', 'This is not an email address', 'to');
    const deliveryId = await this.deps.tx.run(async (ex) => {
      const outboxId = await this.deps.outbox.enqueueTestEmail(ex, to, { type: 'notification.test', channelName: 'the email server', by: actorOf(caller).actorLabel });
      await this.deps.audit.record(caller, { action: 'settings.notifications.test_email', targetType: 'settings', targetId: 'notifications', details: { to, deliveryId: outboxId } }, ex);
      return outboxId;
    });
    return this.#delivery(deliveryId);
  }

  /** The delivery as it is now (the dispatcher, nudged, may already have tried it). */
  async #delivery(id: string): Promise<NotificationDeliveryView> {
    const row = await this.deps.deliveries.findById(id);
    if (!row) throw notFound('Delivery');
    return deliveryView(row, (await this.deps.deliveries.attemptsOf([id])).get(id) ?? []);
  }

  async #find(id: string, ex?: Parameters<NotificationChannelsRepository['findById']>[1]): Promise<ChannelRecord> {
    const row = await this.deps.channels.findById(id, ex);
    if (!row) throw notFound('Notification channel');
    return row;
  }
}
