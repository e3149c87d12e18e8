// Incidents across the rooms the caller may see, newest first, filtered by state, severity,
// room and site (in the address). It never reorders under the pointer: new incidents are
// announced ("2 new incidents — show") and come in only when asked; changes to the shown
// ones (acknowledged, resolved) are applied in place. A click opens an incident's page.
import { useMemo, useState } from 'react';
import { Button, makeStyles, tokens } from '@fluentui/react-components';
import type { IncidentView } from '@roomwarden/protocol';
import { ErrorBar, Page } from '../../components/Page.tsx';
import { count } from '../../components/plural.ts';
import { ListFooter } from '../../components/ListFooter.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { usePagedList } from '../../components/useLoad.ts';
import { useUrlFilters } from '../../components/useUrlFilters.ts';
import { useMe } from '../../app/session.tsx';
import { useLiveEvents } from '../../live/useLiveEvents.ts';
import { LiveBadge } from '../../live/LiveBadge.tsx';
import { IncidentsTable } from './IncidentsTable.tsx';
import { IncidentFilters, incidentQuery, isFiltered, matches, readIncidentFilter, type IncidentFilter } from './IncidentFilters.tsx';

const useStyles = makeStyles({
  top: { display: 'flex', gap: tokens.spacingHorizontalL, alignItems: 'flex-end', flexWrap: 'wrap', justifyContent: 'space-between' },
});

const DEFAULTS: Partial<IncidentFilter> = { state: 'open' };

export function IncidentsPage() {
  const s = useStyles();
  const me = useMe();
  const [params, setFilters] = useUrlFilters<IncidentFilter>(DEFAULTS);
  const filter = useMemo(() => readIncidentFilter(params), [params]);
  const list = usePagedList<IncidentView>('/incidents', incidentQuery(filter));
  // Acknowledgements and live changes, shown over the loaded page without a reload.
  const [changed, setChanged] = useState<Record<string, IncidentView>>({});
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const live = useLiveEvents(
    (e) => {
      if (e.type === 'incident.opened') {
        if (matches(filter, e.incident)) setFresh((prev) => new Set(prev).add(e.incident.id));
      } else if (e.type === 'incident.resolved' || e.type === 'incident.acknowledged') setChanged((prev) => ({ ...prev, [e.incident.id]: e.incident }));
    },
    { types: ['incident.opened', 'incident.resolved', 'incident.acknowledged'], onResync: list.reload },
  );
  const items = useMemo(() => list.items.map((i) => changed[i.id] ?? i), [list.items, changed]);
  const reload = () => {
    setFresh(new Set());
    setChanged({});
    list.reload();
  };
  const onChange = (patch: Partial<IncidentFilter>) => {
    setFresh(new Set());
    setFilters(patch);
  };

  return (
    <Page title="Incidents" description="Problems found in your rooms, by the health engine or recorded by people, newest first." actions={<LiveBadge state={live} />}>
      <div className={s.top}>
        <IncidentFilters filter={filter} onChange={onChange} />
        {fresh.size > 0 ? (
          <Button appearance="primary" onClick={reload} data-testid="new-incidents">
            {count(fresh.size, 'new incident')} — show
          </Button>
        ) : null}
      </div>
      <ErrorBar error={list.error} />
      <IncidentsTable
        items={items}
        showRoom
        canAcknowledge={(i) => me.permissions.incidents === 'modify' && i.state === 'open'}
        onChanged={(i) => setChanged((prev) => ({ ...prev, [i.id]: i }))}
      />
      <ListFooter
        list={list}
        shown={items.length}
        loadingLabel="Loading incidents…"
        empty={
          <EmptyState
            noun={filter.state === 'open' ? 'open incident' : filter.state === 'resolved' ? 'resolved incident' : 'incident'}
            filtered={isFiltered(filter)}
            onClear={() => onChange({ severity: '', roomId: '', siteId: '' })}
            none={filter.state === 'open' ? 'No open incidents. All quiet.' : undefined}
          />
        }
      />
    </Page>
  );
}
