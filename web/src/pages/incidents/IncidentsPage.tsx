// Incidents across the rooms the caller may see: open / resolved / all, by severity,
// newest first, with live updates and Acknowledge for Incidents: Modify.
import { useMemo, useState } from 'react';
import { Button, Dropdown, Field, Option, Tab, TabList, makeStyles, tokens } from '@fluentui/react-components';
import { INCIDENT_SEVERITIES, type IncidentView } from '@roomwarden/protocol';
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

const useStyles = makeStyles({
  bar: { display: 'flex', gap: tokens.spacingHorizontalL, alignItems: 'flex-end', flexWrap: 'wrap' },
});

type StateFilter = 'open' | 'resolved' | 'all';
const SEVERITY_LABEL: Record<string, string> = { '': 'Any severity', low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical', 'high,critical': 'High and critical' };

export function IncidentsPage() {
  const s = useStyles();
  const me = useMe();
  const [params, setFilters] = useUrlFilters<{ state: string; severity: string }>();
  const state: StateFilter = params.get('state') === 'resolved' ? 'resolved' : params.get('state') === 'all' ? 'all' : 'open';
  const severity = params.get('severity') ?? '';
  const list = usePagedList<IncidentView>('/incidents', { state, severity: severity || undefined });
  // Acknowledgements and live changes, shown over the loaded page without a reload.
  const [changed, setChanged] = useState<Record<string, IncidentView>>({});
  const [fresh, setFresh] = useState(0);
  const live = useLiveEvents(
    (e) => {
      if (e.type === 'incident.opened') setFresh((n) => n + 1);
      else if (e.type === 'incident.resolved' || e.type === 'incident.acknowledged') setChanged((prev) => ({ ...prev, [e.incident.id]: e.incident }));
    },
    { types: ['incident.opened', 'incident.resolved', 'incident.acknowledged'], onResync: list.reload },
  );
  const items = useMemo(() => list.items.map((i) => changed[i.id] ?? i), [list.items, changed]);
  const reload = () => {
    setFresh(0);
    setChanged({});
    list.reload();
  };

  return (
    <Page title="Incidents" description="Problems the health engine found in your rooms, newest first." actions={<LiveBadge state={live} />}>
      <div className={s.bar}>
        <TabList selectedValue={state} onTabSelect={(_e, d) => setFilters({ state: d.value === 'open' ? '' : String(d.value) })} aria-label="Incident state">
          <Tab value="open">Open</Tab>
          <Tab value="resolved">Resolved</Tab>
          <Tab value="all">All</Tab>
        </TabList>
        <Field label="Severity">
          <Dropdown aria-label="Severity" value={SEVERITY_LABEL[severity] ?? severity} selectedOptions={[severity]} onOptionSelect={(_e, d) => setFilters({ severity: d.optionValue ?? '' })}>
            {['', ...INCIDENT_SEVERITIES, 'high,critical'].map((v) => (
              <Option key={v} value={v}>
                {SEVERITY_LABEL[v] ?? v}
              </Option>
            ))}
          </Dropdown>
        </Field>
        {fresh > 0 ? (
          <Button appearance="primary" onClick={reload} data-testid="new-incidents">
            {count(fresh, 'new incident')} — show
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
      <ListFooter list={list} shown={items.length} loadingLabel="Loading incidents…" empty={
          <EmptyState
            noun={state === 'open' ? 'open incident' : state === 'resolved' ? 'resolved incident' : 'incident'}
            filtered={severity !== ''}
            onClear={() => setFilters({ severity: '' })}
            none={state === 'open' ? 'No open incidents. All quiet.' : undefined}
          />
        }
      />
    </Page>
  );
}
