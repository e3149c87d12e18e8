// What "turn remote access off" will end, said before it happens: the live sessions the
// sessions list shows, or, for a caller who may not read it, every live session.
import { api } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';
import { count } from '../../components/plural.ts';

/** Live sessions now, as far as the caller may see: null when they may not read the list. */
export interface LiveCount {
  n: number;
  more: boolean;
}

const LIMIT = 200;

export async function liveSessionCount(mayReadSessions: boolean): Promise<LiveCount | null> {
  if (!mayReadSessions) return null;
  const page = await api.get<Page<unknown>>('/sessions', { state: 'live', limit: LIMIT });
  return { n: page.items.length, more: page.nextCursor !== null };
}

export function turnOffWarning(live: LiveCount | null | undefined): string {
  const after = 'Nobody can start a remote session until it is turned on again.';
  if (!live) return `Every live session will end at once. ${after}`;
  if (live.n === 0 && !live.more) return `No session is live right now. ${after}`;
  const what = live.more ? `More than ${count(live.n, 'live session')}` : count(live.n, 'live session');
  return `${what} will end at once. ${after}`;
}
