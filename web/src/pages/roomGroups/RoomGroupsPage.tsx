// Settings > Room groups: named sets of rooms, like sites but free (a room is in one site
// and any number of groups), used as the scope of role assignments. Anyone signed in
// reads them (with only the rooms they can view); managing them needs Rooms: Modify on
// all rooms.
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, SearchBox, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens } from '@fluentui/react-components';
import { Add20Regular } from '@fluentui/react-icons';
import type { RoomGroup } from '../../api/types.ts';
import { AppLink } from '../../components/AppLink.tsx';
import { ErrorBar, Page } from '../../components/Page.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ListFooter } from '../../components/ListFooter.tsx';
import { count } from '../../components/plural.ts';
import { useDebounced, usePagedList } from '../../components/useLoad.ts';
import { useMe } from '../../app/session.tsx';
import { RoomGroupDialog } from './RoomGroupDialog.tsx';

const useStyles = makeStyles({
  search: { maxWidth: '320px' },
  table: { backgroundColor: tokens.colorNeutralBackground1 },
});

export function RoomGroupsPage() {
  const s = useStyles();
  const me = useMe();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const query = useDebounced(q);
  const list = usePagedList<RoomGroup>('/room-groups', { q: query.trim() || undefined });
  // The server decides (Rooms: Modify on all rooms); the buttons show for Rooms: Modify.
  const canManage = me.permissions.rooms === 'modify';
  const opened = (g: RoomGroup) => void navigate(`/settings/room-groups/${g.id}`);
  const create = (label: string) => <RoomGroupDialog trigger={<Button appearance="primary" icon={<Add20Regular />}>{label}</Button>} onSaved={opened} />;

  return (
    <Page title="Room groups" description="Named sets of rooms, such as Boardrooms or Floor 3: assign roles on them, filter rooms and incidents by them." actions={canManage ? create('New room group') : null}>
      <SearchBox className={s.search} placeholder="Search room groups" value={q} onChange={(_e, d) => setQ(d.value)} aria-label="Search room groups" />
      <ErrorBar error={list.error} />
      <Table className={s.table} aria-label="Room groups">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Name</TableHeaderCell>
            <TableHeaderCell>Description</TableHeaderCell>
            <TableHeaderCell style={{ width: 160 }}>Rooms</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {list.items.map((g) => (
            <TableRow key={g.id} data-room-group-name={g.name}>
              <TableCell>
                <AppLink to={`/settings/room-groups/${g.id}`}>{g.name}</AppLink>
              </TableCell>
              <TableCell>{g.description}</TableCell>
              <TableCell>{count(g.roomCount ?? g.roomIds.length, 'room')}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <ListFooter
        list={list}
        shown={list.items.length}
        loadingLabel="Loading room groups…"
        empty={
          <EmptyState
            noun="room group"
            filtered={query.trim() !== ''}
            onClear={() => setQ('')}
            none={canManage ? 'No room groups yet. Group rooms (Boardrooms, Floor 3…) to assign roles on them.' : 'No room groups yet.'}
            action={canManage ? create('Create the first room group') : null}
          />
        }
      />
    </Page>
  );
}
