// A room's latest signals (state, reading, when the state last changed).
import { SIGNAL_LABELS, SIGNAL_NAMES, type SignalView } from '@roomwarden/protocol';
import type { SignalsRepository } from '../repositories/signals.repository.ts';
import type { Caller } from '../access/caller.ts';
import type { RoomAccessService } from '../access/room-access.service.ts';
import { signalView } from './health-views.ts';

export class SignalsService {
  constructor(
    private readonly signals: SignalsRepository,
    private readonly roomAccess: RoomAccessService,
  ) {}

  /** In the catalogue's order; at most one per signal name, so the list is bounded. */
  async forRoom(caller: Caller, roomId: string): Promise<{ items: SignalView[]; nextCursor: null }> {
    const room = await this.roomAccess.requireRoom(caller, roomId, 'rooms', 'view');
    const order = new Map<string, number>(SIGNAL_NAMES.map((n, i) => [n, i]));
    const rows = await this.signals.forRoom(room.id);
    rows.sort((a, b) => (order.get(a.name) ?? 99) - (order.get(b.name) ?? 99));
    return { items: rows.map((r) => signalView(r, SIGNAL_LABELS)), nextCursor: null };
  }
}
