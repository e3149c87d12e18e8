// A room group's page: its name and description, its rooms (those the user can view) with
// remove, adding rooms, renaming and deleting the group (with confirmation).
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Button, Card, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowLeft20Regular, Delete20Regular, Dismiss20Regular, Edit20Regular } from '@fluentui/react-icons';
import { api, messageOf } from '../../api/client.ts';
import type { Room, RoomGroup } from '../../api/types.ts';
import { AppLink } from '../../components/AppLink.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { EntityPicker } from '../../components/EntityPicker.tsx';
import { ListFooter } from '../../components/ListFooter.tsx';
import { ErrorBar, Page } from '../../components/Page.tsx';
import { count } from '../../components/plural.ts';
import { useLoad, usePagedList } from '../../components/useLoad.ts';
import { useMe } from '../../app/session.tsx';
import { RoomGroupDialog } from './RoomGroupDialog.tsx';

const useStyles = makeStyles({
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalL },
  table: { backgroundColor: tokens.colorNeutralBackground1 },
});

export function RoomGroupDetailsPage() {
  const s = useStyles();
  const { groupId = '' } = useParams();
  const me = useMe();
  const navigate = useNavigate();
  const group = useLoad(() => api.get<RoomGroup>(`/room-groups/${groupId}`), [groupId]);
  const rooms = usePagedList<Room>(`/room-groups/${groupId}/rooms`, {});
  const [error, setError] = useState<string | null>(null);
  // The picker shows a pick at once; the group's answer then replaces it.
  const [picked, setPicked] = useState<string[]>([]);
  useEffect(() => {
    if (group.data) setPicked(group.data.roomIds);
  }, [group.data]);
  const canManage = me.permissions.rooms === 'modify';
  const roomLabel = useCallback((r: Room) => `${r.name}${r.siteName ? ` — ${r.siteName}` : ''}`, []);

  if (!group.data) {
    return (
      <Page title="Room group">
        <ErrorBar error={group.error} />
        {group.loading ? <Spinner /> : null}
      </Page>
    );
  }
  const g = group.data;
  const changed = () => {
    group.reload();
    rooms.reload();
  };
  const run = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      changed();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  // Picking a room adds it at once; un-picking removes it.
  const pick = (ids: string[]) => {
    const added = ids.filter((id) => !picked.includes(id));
    const removed = picked.filter((id) => !ids.includes(id));
    setPicked(ids);
    void run(async () => {
      for (const roomId of added) await api.post(`/room-groups/${g.id}/rooms`, { roomId });
      for (const roomId of removed) await api.del(`/room-groups/${g.id}/rooms/${roomId}`);
    });
  };

  return (
    <Page
      title={g.name}
      description={g.description || count(g.roomCount ?? g.roomIds.length, 'room')}
      actions={
        <>
          <Button appearance="subtle" icon={<ArrowLeft20Regular />} onClick={() => void navigate('/settings/room-groups')}>
            All room groups
          </Button>
          {canManage ? <RoomGroupDialog group={g} trigger={<Button icon={<Edit20Regular />}>Rename</Button>} onSaved={(saved) => group.setData(saved)} /> : null}
          {canManage ? (
            <ConfirmDialog
              trigger={<Button icon={<Delete20Regular />}>Delete group</Button>}
              title={`Delete ${g.name}?`}
              body="Its rooms stay. Assignments scoped to this group lose these rooms at once."
              confirmLabel="Delete group"
              onConfirm={async () => {
                await api.del(`/room-groups/${g.id}`);
                void navigate('/settings/room-groups');
              }}
            />
          ) : null}
        </>
      }
    >
      <ErrorBar error={error} />
      {canManage ? (
        <Card className={s.card}>
          <Text as="h2" size={400} weight="semibold">
            Add rooms
          </Text>
          <EntityPicker<Room> title="Rooms" path="/rooms" labelOf={roomLabel} selectedIds={picked} onChange={pick} />
        </Card>
      ) : null}
      <Table className={s.table} aria-label="Rooms of this group">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Room</TableHeaderCell>
            <TableHeaderCell>Site</TableHeaderCell>
            <TableHeaderCell>Region</TableHeaderCell>
            {canManage ? <TableHeaderCell style={{ width: 60 }} /> : null}
          </TableRow>
        </TableHeader>
        <TableBody>
          {rooms.items.map((r) => (
            <TableRow key={r.id} data-room-name={r.name}>
              <TableCell>
                <AppLink to={`/rooms/${r.id}`}>{r.name}</AppLink>
              </TableCell>
              <TableCell>{r.siteName ?? 'No site'}</TableCell>
              <TableCell>{r.region}</TableCell>
              {canManage ? (
                <TableCell>
                  <Button size="small" appearance="subtle" icon={<Dismiss20Regular />} aria-label={`Remove ${r.name}`} onClick={() => void run(() => api.del(`/room-groups/${g.id}/rooms/${r.id}`))} />
                </TableCell>
              ) : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <ListFooter list={rooms} shown={rooms.items.length} loadingLabel="Loading rooms…" empty={<EmptyState noun="room" filtered={false} none="No rooms in this group yet." action={null} />} />
    </Page>
  );
}
