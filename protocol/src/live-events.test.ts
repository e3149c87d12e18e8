import { describe, expect, it } from 'vitest';
import { incident, liveEventSamples, room, session } from './event-samples.fixture.ts';
import { EventParseError, LIVE_EVENT_TYPES, parseLiveEvent } from './live-events.ts';

function parseError(value: unknown): EventParseError {
  try {
    parseLiveEvent(value);
  } catch (err) {
    if (err instanceof EventParseError) return err;
    throw err;
  }
  throw new Error('parsed');
}

describe('live events', () => {
  it('lists every type of the union', () => {
    expect([...LIVE_EVENT_TYPES].sort()).toEqual(Object.keys(liveEventSamples).sort());
  });

  it.each(Object.values(liveEventSamples))('parses a valid $type event', (event) => {
    expect(parseLiveEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
  });

  it('rejects an unknown or missing type with UNKNOWN_EVENT', () => {
    expect(parseError({ type: 'room.exploded', ...room })).toMatchObject({ name: 'EventParseError', code: 'UNKNOWN_EVENT' });
    expect(parseError({ ...room }).code).toBe('UNKNOWN_EVENT');
    expect(parseError({ type: 'user.disabled', userId: 'user-1' }).code).toBe('UNKNOWN_EVENT'); // a bus event the portal never receives
  });

  it('rejects a known type with wrong fields, or no object at all, with INVALID_EVENT', () => {
    expect(parseError({ ...liveEventSamples['room.status'], status: 'on fire' })).toMatchObject({ code: 'INVALID_EVENT', message: expect.stringContaining('status') });
    expect(parseError({ type: 'session.updated', ...room, session: { ...session, startedAt: 1741080600000 } }).message).toContain('session.startedAt');
    expect(parseError({ type: 'incident.opened', roomId: 'room-1', incident }).message).toContain('siteId');
    expect(parseError(null).code).toBe('INVALID_EVENT');
    expect(parseError('room.status').code).toBe('INVALID_EVENT');
  });

  it('accepts fields a newer server adds, and drops them', () => {
    expect(parseLiveEvent({ ...liveEventSamples['settings.changed'], by: 'someone' })).toEqual({ type: 'settings.changed', key: 'general' });
  });
});
