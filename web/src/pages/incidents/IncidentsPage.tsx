// Incidents across the rooms the caller may see: open / resolved / all, by severity,
// newest first, with live updates and Acknowledge for Incidents: Modify.
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Button, Dropdown, Field, Option, Spinner, Tab, TabList, Text, makeStyles, tokens } from '@fluentui/react-components';
import { INCIDENT_SEVERITIES } from '@roomwarden/protocol';
import { ErrorBar, Page } from '../../components/Page.tsx';
import { usePagedList } from '../../components/useLoad.ts';
import { useMe } from '../../app/session.tsx';
import type { Incident } from '../../live/resources.ts';
import { useLiveEvents } from '../../live/useLiveEvents.ts';
import { LiveBadge } from '../../live/LiveBadge.tsx';
import { IncidentsTable } from './IncidentsTable.tsx';

const useStyles = makeStyles({
  bar: { display: 'flex', gap: tokens.spacingHorizontalL, alignItems: 'flex-end', flexWrap: 'wrap' },
  footer: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
});

type StateFilter = 'open' | 'resolved' | 'all';
const SEVERITY_LABEL: Record<string, string> = { '': 'Any severity', low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical', 'high,critical': 'High and critical' };

export function IncidentsPage() {
  const s = useStyles();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const state: StateFilter = params.get('state') === 'resolved' ? 'resolved' : params.get('state') === 'all' ? 'all' : 'open';
  const severity = params.get('severity') ?? '';
  const set = (k: string, v: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (v) next.set(k, v);
        else next.delete(k);
        return next;
      },
      { replace: true },
    );
  const list = usePagedList<Incident>('/incidents', { state, severity: severity || undefined });
  // Acknowledgements and live changes, shown over the loaded page without a reload.
  const [changed, setChanged] = useState<Record<string, Incident>>({});
  const [fresh, setFresh] = useState(0);
  const live = useLiveEvents(
    (e) => {
      if (e.type === 'incident.opened') setFresh((n) => n + 1);
      else if (e.type === 'incident.resolved' || e.type === 'incident.acknowledged') setChanged((prev) => ({ ...prev, [e.incident.id]: e.incident }));
    },
    { types: ['incident.opened', 'incident.resolved', 'incident.acknowledged'], onReconnect: list.reload },
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
        <TabList selectedValue={state} onTabSelect={(_e, d) => set('state', d.value === 'open' ? '' : String(d.value))} aria-label="Incident state">
          <Tab value="open">Open</Tab>
          <Tab value="resolved">Resolved</Tab>
          <Tab value="all">All</Tab>
        </TabList>
        <Field label="Severity">
          <Dropdown aria-label="Severity" value={SEVERITY_LABEL[severity] ?? severity} selectedOptions={[severity]} onOptionSelect={(_e, d) => set('severity', d.optionValue ?? '')}>
            {['', ...INCIDENT_SEVERITIES, 'high,critical'].map((v) => (
              <Option key={v} value={v}>
                {SEVERITY_LABEL[v] ?? v}
              </Option>
            ))}
          </Dropdown>
        </Field>
        {fresh > 0 ? (
          <Button appearance="primary" onClick={reload} data-testid="new-incidents">
            {fresh === 1 ? '1 new incident' : `${fresh} new incidents`} — show
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
      <div className={s.footer}>
        {list.loading ? <Spinner size="tiny" label="Loading incidents…" /> : null}
        {!list.loading && items.length === 0 ? <Text>{state === 'open' ? 'No open incidents. All quiet.' : 'No incidents match.'}</Text> : null}
        {list.hasMore ? (
          <Button onClick={list.loadMore} disabled={list.loading}>
            Load more
          </Button>
        ) : null}
      </div>
    </Page>
  );
}
