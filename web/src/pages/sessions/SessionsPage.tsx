// Sessions: live and past remote sessions the caller may see (their own, and those in
// rooms where they hold Remote access), live / ended / all, updated as they start and end.
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Tab, TabList, makeStyles, tokens } from '@fluentui/react-components';
import { ErrorBar, Page } from '../../components/Page.tsx';
import { ListFooter } from '../../components/ListFooter.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { usePagedList } from '../../components/useLoad.ts';
import { useMe } from '../../app/session.tsx';
import type { SessionView } from '@roomwarden/protocol';
import { useLiveEvents } from '../../live/useLiveEvents.ts';
import { LiveBadge } from '../../live/LiveBadge.tsx';
import { SessionsTable } from './SessionsTable.tsx';

const useStyles = makeStyles({
  bar: { display: 'flex', gap: tokens.spacingHorizontalL, alignItems: 'center' },
});

type StateFilter = 'live' | 'ended' | 'all';

/**
 * A session that has ended stays ended: an update (byte counts) published just before the
 * end may arrive after it, and must not turn the row back to active.
 */
function keepEnded(prev: Record<string, SessionView>, next: SessionView): Record<string, SessionView> {
  if (prev[next.id]?.state === 'ended' && next.state !== 'ended') return prev;
  return { ...prev, [next.id]: next };
}

export function SessionsPage() {
  const s = useStyles();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const raw = params.get('state');
  const state: StateFilter = raw === 'ended' || raw === 'all' ? raw : 'live';
  const list = usePagedList<SessionView>('/sessions', { state });
  const [changed, setChanged] = useState<Record<string, SessionView>>({});
  const [started, setStarted] = useState<SessionView[]>([]);
  const live = useLiveEvents(
    (e) => {
      if (e.type === 'session.started') setStarted((prev) => (prev.some((x) => x.id === e.session.id) ? prev : [e.session, ...prev]));
      else if (e.type === 'session.ended' || e.type === 'session.updated') setChanged((prev) => keepEnded(prev, e.session));
    },
    { types: ['session.started', 'session.updated', 'session.ended'], onResync: list.reload },
  );
  const items = useMemo(() => {
    const loaded = new Set(list.items.map((x) => x.id));
    const merged = [...(state === 'ended' ? [] : started.filter((x) => !loaded.has(x.id))), ...list.items].map((x) => changed[x.id] ?? x);
    // A session that ends while the "Live" tab is open stays, marked Ended, until the next reload.
    return merged;
  }, [list.items, started, changed, state]);

  return (
    <Page title="Sessions" description="Live and past remote desktop sessions to room consoles." actions={<LiveBadge state={live} />}>
      <div className={s.bar}>
        <TabList
          selectedValue={state}
          onTabSelect={(_e, d) => {
            setStarted([]);
            setChanged({});
            setParams(d.value === 'live' ? {} : { state: String(d.value) }, { replace: true });
          }}
          aria-label="Session state"
        >
          <Tab value="live">Live</Tab>
          <Tab value="ended">Ended</Tab>
          <Tab value="all">All</Tab>
        </TabList>
      </div>
      <ErrorBar error={list.error} />
      <SessionsTable
        items={items}
        showRoom
        canEnd={(x) => x.userId === me.user.id || me.permissions.remoteAccess === 'modify'}
        onEnded={(x) => setChanged((prev) => keepEnded(prev, x))}
      />
      <ListFooter list={list} shown={items.length} loadingLabel="Loading sessions…" empty={<EmptyState noun={state === 'live' ? 'live session' : state === 'ended' ? 'ended session' : 'session'} filtered={false} none={state === 'live' ? 'No live sessions right now.' : undefined} />} />
    </Page>
  );
}
