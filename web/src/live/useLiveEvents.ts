// Live updates from GET /api/v1/events (Server-Sent Events). One EventSource per page
// that asks; on an error it is closed and reopened with a growing delay (1 s … 30 s), and
// `onResync` lets the page reload what it may have missed while not subscribed. Each event is
// parsed with the protocol's schema; one that does not parse is ignored with a warning.
import { useEffect, useRef, useState } from 'react';
import { parseLiveEvent, type LiveEvent, type LiveEventType } from '@roomwarden/protocol';

export type LiveState = 'connecting' | 'open' | 'reconnecting';

const ALL_TYPES: readonly LiveEventType[] = [
  'room.status',
  'incident.opened',
  'incident.resolved',
  'incident.acknowledged',
  'session.started',
  'session.ended',
  'session.updated',
  'remoteAccess.disabled',
  'settings.changed',
];

export interface LiveOptions {
  types?: readonly LiveEventType[];
  /**
   * Called each time the stream opens, the first time included: a page loads its data and
   * subscribes at about the same moment, and an event published in between (a session that
   * ended just then) would otherwise be missed until the next reload.
   */
  onResync?: () => void;
  enabled?: boolean;
}

export function nextDelay(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));
}

/** The event one SSE message carries, or null (with a console warning) when it is not one we know. */
export function readLiveEvent(data: unknown): LiveEvent | null {
  try {
    if (typeof data !== 'string') throw new TypeError('a live event message carries no text');
    return parseLiveEvent(JSON.parse(data));
  } catch (err) {
    console.warn('Ignoring a live event that could not be read', err);
    return null;
  }
}

export function useLiveEvents(onEvent: (event: LiveEvent) => void, opts: LiveOptions = {}): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  // The latest callbacks, without reopening the stream when they change.
  const handler = useRef(onEvent);
  const resync = useRef(opts.onResync);
  handler.current = onEvent;
  resync.current = opts.onResync;
  const types = (opts.types ?? ALL_TYPES).join(',');
  const enabled = opts.enabled ?? true;

  useEffect(() => {
    if (!enabled) return;
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let attempt = 0;
    let stopped = false;
    const listener = (e: Event) => {
      const event = readLiveEvent(e instanceof MessageEvent ? e.data : undefined);
      if (!event) return;
      try {
        handler.current(event);
      } catch (err) {
        console.warn('A live event could not be handled', err);
      }
    };
    const open = () => {
      source = new EventSource('/api/v1/events', { withCredentials: true });
      for (const t of types.split(',')) source.addEventListener(t, listener);
      source.onopen = () => {
        attempt = 0;
        setState('open');
        resync.current?.();
      };
      source.onerror = () => {
        source?.close();
        source = null;
        if (stopped) return;
        setState('reconnecting');
        timer = setTimeout(open, nextDelay(attempt++));
      };
    };
    open();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      source?.close();
    };
  }, [types, enabled]);

  return state;
}
