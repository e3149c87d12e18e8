import { describe, expect, it } from 'vitest';
import { decodeBusEvent, encodeBusEvent, isLiveEvent, type BusEvent } from './bus-events.ts';
import { EventParseError, LIVE_EVENT_TYPES } from './live-events.ts';
import { liveEventSamples } from './event-samples.fixture.ts';

/** The events only the server acts on. */
const serverOnly: BusEvent[] = [
  { type: 'user.disabled', userId: 'user-1' },
  { type: 'user.disabled', userId: 'user-1', deleted: true },
  { type: 'user.updated', userId: 'user-1' },
  { type: 'role.changed', roleId: 'role-1' },
  { type: 'room_group.changed', roomGroupId: 'room-group-1' },
  { type: 'group.changed', groupId: 'group-1' },
  { type: 'group.membership.changed', groupId: 'group-1', added: ['user-1'], removed: [] },
];
const all: BusEvent[] = [...Object.values(liveEventSamples), ...serverOnly];

function decodeError(text: string): EventParseError {
  try {
    decodeBusEvent(text);
  } catch (err) {
    if (err instanceof EventParseError) return err;
    throw err;
  }
  throw new Error('decoded');
}

describe('bus events', () => {
  it.each(all)('carries a valid $type event unchanged', (event) => {
    expect(decodeBusEvent(encodeBusEvent(event))).toEqual(event);
  });

  it('tells the live events (for the portal) from the server-only ones', () => {
    expect(all.filter(isLiveEvent).map((e) => e.type).sort()).toEqual([...LIVE_EVENT_TYPES].sort());
  });

  it('rejects an unknown type with UNKNOWN_EVENT', () => {
    expect(decodeError(JSON.stringify({ type: 'user.exploded', userId: 'user-1' }))).toMatchObject({ name: 'EventParseError', code: 'UNKNOWN_EVENT' });
  });

  it('rejects what is not JSON, and wrong fields, with INVALID_EVENT', () => {
    expect(decodeError('{"type":').code).toBe('INVALID_EVENT');
    expect(decodeError(JSON.stringify({ type: 'group.membership.changed', groupId: 'group-1', added: 'user-1', removed: [] }))).toMatchObject({ code: 'INVALID_EVENT', message: expect.stringContaining('added') });
    expect(decodeError(JSON.stringify({ type: 'user.disabled', userId: 42 })).code).toBe('INVALID_EVENT');
  });
});
