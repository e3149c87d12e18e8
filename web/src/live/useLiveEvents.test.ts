import { afterEach, describe, expect, it, vi } from 'vitest';
import { readLiveEvent } from './useLiveEvents.ts';

describe('readLiveEvent', () => {
  afterEach(() => vi.restoreAllMocks());

  it('parses a live event the server sent', () => {
    expect(readLiveEvent(JSON.stringify({ type: 'settings.changed', key: 'general' }))).toEqual({ type: 'settings.changed', key: 'general' });
  });

  it('ignores, with a console warning, what is not JSON, not a known event or not valid', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(readLiveEvent('{"type":')).toBeNull();
    expect(readLiveEvent(JSON.stringify({ type: 'room.exploded', roomId: 'r', siteId: null }))).toBeNull();
    expect(readLiveEvent(JSON.stringify({ type: 'room.status', roomId: 'r', siteId: null, status: 'on fire', previous: 'healthy', at: '2025-03-04T09:30:00.000Z' }))).toBeNull();
    expect(readLiveEvent(undefined)).toBeNull();
    expect(warn).toHaveBeenCalledTimes(4);
    expect(warn.mock.calls[1]?.[1]).toMatchObject({ name: 'EventParseError', code: 'UNKNOWN_EVENT' });
  });
});
