import { EventParseError, type BusEvent } from '@roomwarden/protocol';
import { describe, expect, it, vi } from 'vitest';
import { LocalEventBus } from './event-bus.ts';

const deleted: BusEvent = { type: 'room.deleted', roomId: 'room-1', siteId: null };
const disabled: BusEvent = { type: 'user.disabled', userId: 'user-1', deleted: true };

describe('LocalEventBus', () => {
  it('gives every subscriber the event as another node would receive it: a parsed copy', async () => {
    const bus = new LocalEventBus(() => undefined);
    const seen: BusEvent[] = [];
    bus.subscribe((e) => void seen.push(e));
    const event = { type: 'room.updated', roomId: 'room-1', siteId: 'site-1', previousSiteId: null, remoteAccessAllowed: true } as const;
    await bus.publish(event);
    expect(seen).toEqual([event]);
    expect(seen[0]).not.toBe(event);
  });

  it('gives a handler that names types only those, narrowed', async () => {
    const bus = new LocalEventBus(() => undefined);
    const rooms: string[] = [];
    bus.subscribe(['room.deleted', 'room.updated'], (e) => void rooms.push(`${e.type} ${e.roomId}`));
    await bus.publish(disabled);
    await bus.publish(deleted);
    expect(rooms).toEqual(['room.deleted room-1']);
  });

  it('refuses an event that is not a valid bus event, before any subscriber sees it', async () => {
    const bus = new LocalEventBus(() => undefined);
    const handler = vi.fn();
    bus.subscribe(handler);
    // What the types forbid but a cast could slip through: a function, an invalid Date, an unknown type.
    await expect(bus.publish({ type: 'user.disabled', userId: () => 'user-1' } as unknown as BusEvent)).rejects.toBeInstanceOf(EventParseError);
    const badDate = { type: 'room.status', roomId: 'room-1', siteId: null, status: 'offline', previous: 'healthy', at: new Date(Number.NaN) } as unknown as BusEvent;
    await expect(bus.publish(badDate)).rejects.toMatchObject({ code: 'INVALID_EVENT' });
    await expect(bus.publish({ type: 'room.exploded' } as unknown as BusEvent)).rejects.toMatchObject({ code: 'UNKNOWN_EVENT' });
    expect(handler).not.toHaveBeenCalled();
  });

  it('reports a failing handler and still delivers to the others; unsubscribe and close stop delivery', async () => {
    const errors: Array<[unknown, string]> = [];
    const bus = new LocalEventBus((err, event) => errors.push([err, event.type]));
    const after = vi.fn();
    bus.subscribe(() => {
      throw new Error('boom');
    });
    const off = bus.subscribe(after);
    await bus.publish(disabled);
    expect(errors).toEqual([[new Error('boom'), 'user.disabled']]);
    expect(after).toHaveBeenCalledTimes(1);
    off();
    await bus.publish(disabled);
    expect(after).toHaveBeenCalledTimes(1);
    const typed = vi.fn();
    bus.subscribe(['user.disabled'], typed);
    await bus.close();
    await bus.publish(disabled);
    expect(typed).not.toHaveBeenCalled();
  });
});
