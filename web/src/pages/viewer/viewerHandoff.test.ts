import { describe, expect, it } from 'vitest';
import { absoluteWsUrl, observerHandoff, peekViewer } from './viewerHandoff.ts';

describe('viewer hand-off', () => {
  it('makes the relative viewer URL an absolute ws(s) URL, keeping the ticket', () => {
    expect(absoluteWsUrl('/api/v1/sessions/s1/viewer?ticket=abc', { href: 'http://portal.example:8080/rooms/r1' })).toBe('ws://portal.example:8080/api/v1/sessions/s1/viewer?ticket=abc');
    expect(absoluteWsUrl('/api/v1/sessions/s1/viewer?ticket=abc', { href: 'https://portal.example/rooms/r1' })).toBe('wss://portal.example/api/v1/sessions/s1/viewer?ticket=abc');
    expect(absoluteWsUrl('wss://node2.example/api/v1/sessions/s1/viewer?ticket=x', { href: 'https://portal.example/' })).toBe('wss://node2.example/api/v1/sessions/s1/viewer?ticket=x');
  });

  it('takes the hand-off from navigation state when it is well formed', () => {
    expect(peekViewer('s1', { viewerUrl: '/v?ticket=1', mode: 'view' })).toEqual({ viewerUrl: '/v?ticket=1', mode: 'view' });
  });

  it("an observer's hand-off is view-only and says whose it is", () => {
    const h = observerHandoff({ observerId: 'o1', sessionId: 's1', viewerUrl: '/v?ticket=2', ticketExpiresAt: '2026-01-01T00:00:00.000Z' });
    expect(h).toEqual({ viewerUrl: '/v?ticket=2', mode: 'view', observerId: 'o1' });
    expect(peekViewer('s1', h)).toEqual(h);
    expect(peekViewer('s1', { viewerUrl: '/v', mode: 'view', observerId: 3 })).toBeNull();
  });
});
