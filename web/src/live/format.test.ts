import { describe, expect, it } from 'vitest';
import { bytes, clock, endReasonText, relative } from './format.ts';
import { nextDelay } from './useLiveEvents.ts';

describe('display helpers', () => {
  it('formats durations as a clock', () => {
    expect(clock(0)).toBe('0:00');
    expect(clock(125)).toBe('2:05');
    expect(clock(3725)).toBe('1:02:05');
    expect(clock(-4)).toBe('0:00');
  });

  it('formats byte counts', () => {
    expect(bytes(512)).toBe('512 B');
    expect(bytes(2048)).toBe('2.0 KiB');
    expect(bytes(3.5 * 1024 * 1024)).toBe('3.5 MiB');
  });

  it('says how long ago or until when', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(relative('2026-01-01T11:59:30Z', now)).toBe('30 s ago');
    expect(relative('2026-01-01T10:00:00Z', now)).toBe('2 h ago');
    expect(relative('2026-01-02T12:00:00Z', now)).toBe('in 1 d');
    expect(relative(null, now)).toBe('never');
  });

  it('explains end reasons, preferring the server message', () => {
    expect(endReasonText('ended_by_user')).toBe('Ended by the user');
    expect(endReasonText('remote_access_disabled')).toContain('Remote access was turned off');
    expect(endReasonText('something_new')).toBe('something new');
    expect(endReasonText('vnc_auth_failed', 'The VNC password was refused')).toBe('The VNC password was refused');
    expect(endReasonText(null)).toBe('—');
  });

  it('backs off live-update reconnects up to 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map(nextDelay)).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });
});
