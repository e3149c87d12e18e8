// Rooms: counts per status at the top (each a filter), filters, search, sorting, "Load
// more" paging, and live status changes from the event stream.
import { useMemo, useRef, useState } from 'react';
import { Badge, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ROOM_STATUSES, type RoomStatus, type RoomSummary } from '@roomwarden/protocol';
import { api } from '../../api/client.ts';
import type { Room } from '../../api/types.ts';
import { AppLink } from '../../components/AppLink.tsx';
import { RoomStatusBadge, YesNoBadge } from '../../components/Badges.tsx';
import { ErrorBar, Page } from '../../components/Page.tsx';
import { ListFooter } from '../../components/ListFooter.tsx';
import { count } from '../../components/plural.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { useLoad, usePagedList } from '../../components/useLoad.ts';
import { useUrlFilters } from '../../components/useUrlFilters.ts';
import { relative } from '../../live/format.ts';
import { useLiveEvents } from '../../live/useLiveEvents.ts';
import { LiveBadge } from '../../live/LiveBadge.tsx';
import { useMe, useSession } from '../../app/session.tsx';
import { RoomFilters, type RoomFilter } from './RoomFilters.tsx';
import { RoomStatusCounts } from './RoomStatusCounts.tsx';

const useStyles = makeStyles({
  table: { backgroundColor: tokens.colorNeutralBackground1, tableLayout: 'auto' },
});

export function levelLabel(level: string): string {
  return level === 'modify' ? 'Modify' : level === 'view' ? 'View' : 'None';
}

const FILTER_DEFAULTS: Partial<RoomFilter> = { sort: 'name', order: 'asc' };

function readFilter(p: URLSearchParams): RoomFilter {
  const sort = p.get('sort');
  return {
    status: p.get('status') ?? '',
    siteId: p.get('siteId') ?? '',
    roomGroupId: p.get('roomGroupId') ?? '',
    region: p.get('region') ?? '',
    q: p.get('q') ?? '',
    sort: sort === 'status' || sort === 'lastSeenAt' ? sort : 'name',
    order: p.get('order') === 'desc' ? 'desc' : 'asc',
  };
}

export function RoomsPage() {
  const s = useStyles();
  const [params, onChange] = useUrlFilters<RoomFilter>(FILTER_DEFAULTS);
  const filter = useMemo(() => readFilter(params), [params]);

  // issue 14 B: retired rooms leave the list; ?retired=true lists them instead.
  const retired = params.get('retired') === 'true';
  const list = usePagedList<Room>('/rooms', {
    retired: retired || undefined,
    q: filter.q.trim() || undefined,
    status: filter.status || undefined,
    siteId: filter.siteId || undefined,
    roomGroupId: filter.roomGroupId || undefined,
    region: filter.region.trim() || undefined,
    sort: filter.sort,
    order: filter.order,
  });
  const summary = useLoad(() => api.get<RoomSummary>('/rooms/summary'), []);
  // A room "allowed" for remote access is still out of reach while the organisation has it
  // off (Settings > General); /me says which, to every user.
  const me = useMe();
  const orgRemoteAccess = me.remoteAccess;
  const canEnroll = me.permissions.enrollment === 'modify';
  const { refresh: refreshMe } = useSession();

  // Live status changes: shown in place at once; the counts reload (at most every second).
  const [liveStatus, setLiveStatus] = useState<Record<string, string>>({});
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const reloadSummary = summary.reload;
  const live = useLiveEvents(
    (e) => {
      if (e.type === 'settings.changed' || e.type === 'remoteAccess.disabled') {
        void refreshMe().catch((err: unknown) => console.error('Could not reload the signed-in user', err));
        return;
      }
      if (e.type !== 'room.status') return;
      setLiveStatus((prev) => ({ ...prev, [e.roomId]: e.status }));
      if (!pending.current) {
        pending.current = setTimeout(() => {
          pending.current = null;
          reloadSummary();
        }, 1000);
      }
    },
    {
      types: ['room.status', 'settings.changed', 'remoteAccess.disabled'],
      onResync: () => {
        reloadSummary();
        list.reload();
      },
    },
  );

  const filtered = filter.status || filter.siteId || filter.region || filter.q;
  return (
    <Page
      title="Rooms"
      description="Meeting rooms you can see, with their health and whether remote access is allowed."
      actions={
        <>
          <AppLink to={retired ? '/rooms' : '/rooms?retired=true'}>{retired ? 'Back to the rooms in service' : 'Retired rooms'}</AppLink>
          <LiveBadge state={live} />
        </>
      }
    >
      {retired ? <Text weight="semibold" data-testid="retired-rooms">Retired rooms: they left the other lists; their history stays on their pages.</Text> : null}
      <RoomStatusCounts
        summary={summary.data}
        selected={(ROOM_STATUSES as readonly string[]).includes(filter.status) ? (filter.status as RoomStatus) : null}
        onSelect={(status) => onChange({ status: status ?? '' })}
      />
      <RoomFilters filter={filter} onChange={onChange} />
      <ErrorBar error={list.error ?? summary.error} />
      <Table className={s.table} aria-label="Rooms">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Name</TableHeaderCell>
            <TableHeaderCell>Site</TableHeaderCell>
            <TableHeaderCell>Region</TableHeaderCell>
            <TableHeaderCell>Status</TableHeaderCell>
            <TableHeaderCell>Last seen</TableHeaderCell>
            <TableHeaderCell>Remote access</TableHeaderCell>
            <TableHeaderCell>Your remote access</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {list.items.map((r) => {
            const status = liveStatus[r.id] ?? r.status;
            return (
              <TableRow key={r.id} data-room-name={r.name} data-room-status={status}>
                <TableCell>
                  <AppLink to={`/rooms/${r.id}`}>{r.name}</AppLink>
                </TableCell>
                <TableCell>{r.siteName ?? <Text italic>No site</Text>}</TableCell>
                <TableCell>{r.region}</TableCell>
                <TableCell>
                  <RoomStatusBadge status={status} />
                  {r.maintenanceUntil ? (
                    <Badge appearance="tint" color="warning" style={{ marginLeft: 4, whiteSpace: 'nowrap' }} data-testid="room-maintenance" title={r.maintenanceReason ?? undefined}>
                      Maintenance until {new Date(r.maintenanceUntil).toLocaleString()}
                    </Badge>
                  ) : null}
                </TableCell>
                <TableCell>{r.lastSeenAt ? <span title={new Date(r.lastSeenAt).toLocaleString()}>{relative(r.lastSeenAt)}</span> : <Text italic>never</Text>}</TableCell>
                <TableCell data-testid="room-remote-access">
                  {orgRemoteAccess.enabled ? (
                    <YesNoBadge value={r.remoteAccessAllowed} yes="Allowed" no="Excluded" />
                  ) : (
                    <Badge appearance="tint" color="warning" title="Remote access is turned off for the whole organisation in Settings > General" style={{ whiteSpace: 'nowrap' }}>
                      Off for the organisation
                    </Badge>
                  )}
                </TableCell>
                <TableCell>
                  <Badge appearance="outline" color="informative" style={{ whiteSpace: 'nowrap' }}>
                    Remote access: {levelLabel(r.myPermissions.remoteAccess)}
                  </Badge>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      <ListFooter
        list={list}
        shown={list.items.length}
        loadingLabel="Loading rooms…"
        empty={
          <EmptyState
            noun="room"
            filtered={Boolean(filtered)}
            onClear={() => onChange({ status: '', siteId: '', region: '', q: '' })}
            none="No rooms yet. Rooms appear here when agents enroll or an administrator adds them."
            action={canEnroll ? <AppLink to="/settings/enrollment">Enroll a room agent</AppLink> : null}
          />
        }
      >
        {!list.loading && list.items.length > 0 ? <Text size={200}>{count(list.items.length, 'room')} shown{summary.data && !filtered ? ` of ${summary.data.total}` : ''}</Text> : null}
      </ListFooter>
    </Page>
  );
}
