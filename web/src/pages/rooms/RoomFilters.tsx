// The rooms list's filters: status, site, room group, region, text, and the sort order. They live in
// the address (?status=…&siteId=…) so a filtered view can be shared and survives a reload.
import { useEffect, useState } from 'react';
import { Button, Dropdown, Field, Input, Option, SearchBox, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowSortDown20Regular, ArrowSortUp20Regular } from '@fluentui/react-icons';
import { ROOM_STATUSES } from '@roomwarden/protocol';
import { api } from '../../api/client.ts';
import type { Page, Site } from '../../api/types.ts';
import { useDebounced } from '../../components/useLoad.ts';
import { useMe } from '../../app/session.tsx';
import { RoomGroupFilter } from './RoomGroupFilter.tsx';

export interface RoomFilter {
  status: string;
  siteId: string;
  roomGroupId: string;
  region: string;
  q: string;
  sort: 'name' | 'status' | 'lastSeenAt';
  order: 'asc' | 'desc';
}

const SORTS: Record<RoomFilter['sort'], string> = { name: 'Name', status: 'Status', lastSeenAt: 'Last seen' };
const STATUS_LABEL: Record<string, string> = { '': 'Any status', healthy: 'Healthy', warning: 'Warning', unhealthy: 'Unhealthy', offline: 'Offline' };

const useStyles = makeStyles({
  bar: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'flex-end' },
  narrow: { minWidth: '160px', width: '160px' },
  search: { width: '280px' },
});

export function RoomFilters(props: { filter: RoomFilter; onChange: (patch: Partial<RoomFilter>) => void }) {
  const s = useStyles();
  const { filter, onChange } = props;
  // The sites list needs Rooms: View; a caller with only Remote access filters without it.
  const sitesVisible = useMe().permissions.rooms !== 'none';
  const [sites, setSites] = useState<Site[] | null>(null);
  const [q, setQ] = useState(filter.q);
  const [region, setRegion] = useState(filter.region);
  const dq = useDebounced(q);
  const dRegion = useDebounced(region);

  useEffect(() => {
    if (!sitesVisible) return;
    api.get<Page<Site>>('/sites', { limit: 200 }).then(
      (p) => setSites(p.items),
      (err: unknown) => {
        console.warn('Sites are not available for the filter', err);
        setSites([]);
      },
    );
  }, [sitesVisible]);
  useEffect(() => {
    if (dq !== filter.q) onChange({ q: dq });
  }, [dq, filter.q, onChange]);
  useEffect(() => {
    if (dRegion !== filter.region) onChange({ region: dRegion });
  }, [dRegion, filter.region, onChange]);

  const siteName = filter.siteId ? (sites?.find((x) => x.id === filter.siteId)?.name ?? 'Selected site') : 'Any site';
  return (
    <div className={s.bar}>
      <Field label="Search">
        <SearchBox className={s.search} placeholder="Search rooms by name" value={q} onChange={(_e, d) => setQ(d.value)} aria-label="Search rooms" />
      </Field>
      <Field label="Status">
        <Dropdown className={s.narrow} aria-label="Status" value={STATUS_LABEL[filter.status] ?? filter.status} selectedOptions={[filter.status]} onOptionSelect={(_e, d) => onChange({ status: d.optionValue ?? '' })}>
          {['', ...ROOM_STATUSES].map((v) => (
            <Option key={v} value={v}>
              {STATUS_LABEL[v] ?? v}
            </Option>
          ))}
        </Dropdown>
      </Field>
      {sitesVisible ? (
      <Field label="Site">
        <Dropdown className={s.narrow} aria-label="Site" value={siteName} selectedOptions={[filter.siteId]} onOptionSelect={(_e, d) => onChange({ siteId: d.optionValue ?? '' })}>
          <Option value="">Any site</Option>
          {(sites ?? []).map((x) => (
            <Option key={x.id} value={x.id}>
              {x.name}
            </Option>
          ))}
        </Dropdown>
      </Field>
      ) : null}
      <RoomGroupFilter value={filter.roomGroupId} onChange={(roomGroupId) => onChange({ roomGroupId })} />
      <Field label="Region">
        <Input className={s.narrow} aria-label="Region" placeholder="Any region" value={region} onChange={(_e, d) => setRegion(d.value)} />
      </Field>
      <Field label="Sort by">
        <Dropdown className={s.narrow} aria-label="Sort by" value={SORTS[filter.sort]} selectedOptions={[filter.sort]} onOptionSelect={(_e, d) => onChange({ sort: (d.optionValue ?? 'name') as RoomFilter['sort'] })}>
          {Object.entries(SORTS).map(([v, label]) => (
            <Option key={v} value={v}>
              {label}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Button
        aria-label={filter.order === 'asc' ? 'Ascending (click for descending)' : 'Descending (click for ascending)'}
        icon={filter.order === 'asc' ? <ArrowSortUp20Regular /> : <ArrowSortDown20Regular />}
        onClick={() => onChange({ order: filter.order === 'asc' ? 'desc' : 'asc' })}
      >
        {filter.order === 'asc' ? 'Ascending' : 'Descending'}
      </Button>
    </div>
  );
}
