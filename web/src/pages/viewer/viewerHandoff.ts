// Hands the viewer URL (with its one-time ticket) from the page that started a session
// to the viewer page: navigation state first, sessionStorage as the fallback (a reload
// of the viewer tab before it connected). Taken once: a used ticket is worthless.
import type { JoinedObserver, SessionMode, StartedSession } from '@roomwarden/protocol';

const key = (id: string) => `roomwarden.viewer.${id}`;

export interface ViewerHandoff {
  viewerUrl: string;
  mode: SessionMode;
  /** Set when this viewer joined someone else's session as an observer (view-only). */
  observerId?: string;
}

function remember(sessionId: string, h: ViewerHandoff): void {
  try {
    sessionStorage.setItem(key(sessionId), JSON.stringify(h));
  } catch (err) {
    console.warn('sessionStorage is not available; the viewer relies on navigation state', err);
  }
}

export function rememberViewer(s: StartedSession): void {
  remember(s.id, { viewerUrl: s.viewerUrl, mode: s.mode });
}

/** The hand-off of an observer who joined a live session: always view-only. */
export function observerHandoff(j: JoinedObserver): ViewerHandoff {
  return { viewerUrl: j.viewerUrl, mode: 'view', observerId: j.observerId };
}

export function rememberObserver(j: JoinedObserver): void {
  remember(j.sessionId, observerHandoff(j));
}

function isHandoff(v: unknown): v is ViewerHandoff {
  if (typeof v !== 'object' || v === null || !('viewerUrl' in v) || typeof v.viewerUrl !== 'string' || !('mode' in v) || (v.mode !== 'view' && v.mode !== 'control')) return false;
  return !('observerId' in v) || typeof v.observerId === 'string';
}

/** The hand-off for this session, if the viewer has not used it yet. */
export function peekViewer(sessionId: string, fromState: unknown): ViewerHandoff | null {
  if (isHandoff(fromState)) return fromState;
  try {
    const raw = sessionStorage.getItem(key(sessionId));
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    return isHandoff(parsed) ? parsed : null;
  } catch (err) {
    console.warn('Could not read the viewer hand-off', err);
    return null;
  }
}

/** Forget the hand-off once the viewer used its ticket (navigation state is replaced by the caller). */
export function forgetViewer(sessionId: string): void {
  try {
    sessionStorage.removeItem(key(sessionId));
  } catch (err) {
    console.warn('Could not clear the viewer hand-off', err);
  }
}

/** The absolute ws(s):// URL noVNC opens, from the server's relative (or absolute) viewerUrl. */
export function absoluteWsUrl(viewerUrl: string, location: Pick<Location, 'href'> = window.location): string {
  const u = new URL(viewerUrl, location.href);
  if (u.protocol === 'http:') u.protocol = 'ws:';
  else if (u.protocol === 'https:') u.protocol = 'wss:';
  return u.toString();
}
