// GET /notification-deliveries: each outbox item (newest first) with its attempts and the
// far end's answers, filtered by channel, state and event.
import type { DeliveryState, NotificationDeliveryView, NotificationType } from '@roomwarden/protocol';
import type { Page } from '../repositories/cursor.ts';
import type { NotificationOutboxRepository } from '../repositories/notification-outbox.repository.ts';
import { deliveryView } from './channel-views.ts';

export interface DeliveryQuery {
  channelId?: string | undefined;
  state?: DeliveryState | undefined;
  event?: NotificationType | undefined;
  limit: number;
  cursor?: string | undefined;
}

export class DeliveriesService {
  constructor(private readonly outbox: NotificationOutboxRepository) {}

  async list(q: DeliveryQuery): Promise<Page<NotificationDeliveryView>> {
    const page = await this.outbox.list({ channelId: q.channelId, state: q.state, event: q.event }, q.limit, q.cursor);
    const attempts = await this.outbox.attemptsOf(page.items.map((i) => i.id));
    return { items: page.items.map((i) => deliveryView(i, attempts.get(i.id) ?? [])), nextCursor: page.nextCursor };
  }
}
