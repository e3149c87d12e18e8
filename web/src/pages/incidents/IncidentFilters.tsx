// The Incidents list's filters, kept in the address: state, severity, room and site. One
// object (`IncidentFilter`) holds them; `incidentQuery` turns it into the list's query and
// `matches` tells whether a live incident belongs to the filtered list. Adding a filter
// is one field in each.
import { useEffect, useState } from 'react';
import { Button, Combobox, Dropdown, Field, Option, Tab, TabList, makeStyles, tokens } from '@fluentui/react-components';
import { INCIDENT_SEVERITIES, type IncidentView } from '@roomwarden/protocol';
import { api } from '../../api/client.ts';
import type { Page, Room, Site } from '../../api/types.ts';
import { useDebounced } from '../../components/useLoad.ts';
import { useMe } from '../../app/session.tsx';

export interface IncidentFilter {
  state: 'open' | 'resolved' | 'all';
  severity: string;
  roomId: string;
  siteId: string;
}

export function readIncidentFilter(p: URLSearchParams): IncidentFilter {
  const state = p.get('state');
  return { state: state === 'resolved' || state === 'all' ? state : 'open', severity: p.get('severity') ?? '', roomId: p.get('roomId') ?? '', siteId: p.get('siteId') ?? '' };
}

export function incidentQuery(f: IncidentFilter): Record<string, string | undefined> {
  return { state: f.state, severity: f.severity || undefined, roomId: f.roomId || undefined, siteId: f.siteId || undefined };
}

export const isFiltered = (f: IncidentFilter): boolean => Boolean(f.severity || f.roomId || f.siteId);

/** Whether a (live) incident belongs to the list the filter shows. */
export function matches(f: IncidentFilter, i: IncidentView): boolean {
  if (f.state !== 'all' && i.state !== f.state) return false;
  if (f.severity && !f.severity.split(',').includes(i.severity)) return false;
  if (f.roomId && i.roomId !== f.roomId) return false;
  if (f.siteId && i.siteId !== f.siteId) return false;
  return true;
}

const SEVERITY_LABEL: Record<string, string> = { '': 'Any severity', low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical', 'high,critical': 'High and critical' };

const useStyles = makeStyles({
  bar: { display: 'flex', gap: tokens.spacingHorizontalL, alignItems: 'flex-end', flexWrap: 'wrap' },
  narrow: { minWidth: '180px', width: '180px' },
});

export function IncidentFilters(props: { filter: IncidentFilter; onChange: (patch: Partial<IncidentFilter>) => void }) {
  const s = useStyles();
  const { filter, onChange } = props;
  const roomsVisible = useMe().permissions.rooms !== 'none';
  const [sites, setSites] = useState<Site[]>([]);
  const [roomQ, setRoomQ] = useState('');
  const [rooms, setRooms] = useState<Room[]>([]);
  const [roomName, setRoomName] = useState<string | null>(null);
  const dq = useDebounced(roomQ);

  useEffect(() => {
    if (!roomsVisible) return;
    api.get<Page<Site>>('/sites', { limit: 200 }).then(
      (p) => setSites(p.items),
      (err: unknown) => console.warn('Sites are not available for the filter', err),
    );
  }, [roomsVisible]);
  useEffect(() => {
    api.get<Page<Room>>('/rooms', { q: dq.trim() || undefined, limit: 20 }).then(
      (p) => setRooms(p.items),
      (err: unknown) => console.warn('Rooms are not available for the filter', err),
    );
  }, [dq]);
  useEffect(() => {
    if (!filter.roomId) return setRoomName(null);
    api.get<Room>(`/rooms/${filter.roomId}`).then(
      (r) => setRoomName(r.name),
      () => setRoomName('Selected room'),
    );
  }, [filter.roomId]);

  const siteName = filter.siteId ? (sites.find((x) => x.id === filter.siteId)?.name ?? 'Selected site') : 'Any site';
  return (
    <div className={s.bar}>
      <TabList selectedValue={filter.state} onTabSelect={(_e, d) => onChange({ state: d.value as IncidentFilter['state'] })} aria-label="Incident state">
        <Tab value="open">Open</Tab>
        <Tab value="resolved">Resolved</Tab>
        <Tab value="all">All</Tab>
      </TabList>
      <Field label="Severity">
        <Dropdown className={s.narrow} aria-label="Severity" value={SEVERITY_LABEL[filter.severity] ?? filter.severity} selectedOptions={[filter.severity]} onOptionSelect={(_e, d) => onChange({ severity: d.optionValue ?? '' })}>
          {['', ...INCIDENT_SEVERITIES, 'high,critical'].map((v) => (
            <Option key={v} value={v}>
              {SEVERITY_LABEL[v] ?? v}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Field label="Room">
        <Combobox
          className={s.narrow}
          aria-label="Room"
          placeholder="Any room"
          value={filter.roomId ? (roomName ?? '') : roomQ}
          selectedOptions={filter.roomId ? [filter.roomId] : []}
          onChange={(e) => {
            setRoomQ(e.target.value);
            if (filter.roomId) onChange({ roomId: '' });
          }}
          onOptionSelect={(_e, d) => {
            setRoomQ('');
            onChange({ roomId: d.optionValue ?? '' });
          }}
        >
          {rooms.map((r) => (
            <Option key={r.id} value={r.id}>
              {r.name}
            </Option>
          ))}
        </Combobox>
      </Field>
      {roomsVisible ? (
        <Field label="Site">
          <Dropdown className={s.narrow} aria-label="Site" value={siteName} selectedOptions={[filter.siteId]} onOptionSelect={(_e, d) => onChange({ siteId: d.optionValue ?? '' })}>
            <Option value="">Any site</Option>
            {sites.map((x) => (
              <Option key={x.id} value={x.id}>
                {x.name}
              </Option>
            ))}
          </Dropdown>
        </Field>
      ) : null}
      {isFiltered(filter) ? (
        <Button appearance="subtle" onClick={() => onChange({ severity: '', roomId: '', siteId: '' })}>
          Clear filters
        </Button>
      ) : null}
    </div>
  );
}
