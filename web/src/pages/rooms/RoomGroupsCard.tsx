// The room page's room groups: the groups this room is in, as links, and (for whoever
// manages room groups: Rooms: Modify on all rooms, which the server checks) adding the
// room to a group or taking it out.
import { useEffect, useState } from 'react';
import { Card, CardHeader, Dropdown, Option, Tag, TagGroup, Text, makeStyles, tokens } from '@fluentui/react-components';
import { api, messageOf } from '../../api/client.ts';
import type { Page, RoomGroup } from '../../api/types.ts';
import { AppLink } from '../../components/AppLink.tsx';
import { ErrorBar } from '../../components/Page.tsx';

const useStyles = makeStyles({
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
  add: { minWidth: '220px' },
});

export function RoomGroupsCard(props: { roomId: string; roomGroupIds: string[]; canManage: boolean; onChanged: () => void }) {
  const s = useStyles();
  const [groups, setGroups] = useState<RoomGroup[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    api.get<Page<RoomGroup>>('/room-groups', { limit: 200 }).then(
      (p) => setGroups(p.items),
      (err: unknown) => setError(messageOf(err)),
    );
  }, [tick]);
  const nameOf = (id: string) => groups?.find((g) => g.id === id)?.name ?? '…';
  const others = (groups ?? []).filter((g) => !props.roomGroupIds.includes(g.id));

  const run = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      props.onChanged();
      setTick((t) => t + 1);
    } catch (err) {
      setError(messageOf(err));
    }
  };

  return (
    <Card className={s.card} data-testid="room-groups-card">
      <CardHeader header={<Text weight="semibold">Room groups</Text>} />
      <ErrorBar error={error} />
      <div className={s.row}>
        {props.roomGroupIds.length === 0 ? <Text italic>In no room group</Text> : null}
        <TagGroup aria-label="Room groups of this room" onDismiss={(_e, d) => void run(() => api.del(`/room-groups/${String(d.value)}/rooms/${props.roomId}`))}>
          {props.roomGroupIds.map((id) => (
            <Tag key={id} value={id} dismissible={props.canManage} dismissIcon={{ 'aria-label': `Remove from ${nameOf(id)}` }}>
              <AppLink to={`/settings/room-groups/${id}`}>{nameOf(id)}</AppLink>
            </Tag>
          ))}
        </TagGroup>
        {props.canManage && others.length > 0 ? (
          <Dropdown className={s.add} aria-label="Add to a room group" placeholder="Add to a room group" value="" selectedOptions={[]} onOptionSelect={(_e, d) => d.optionValue && void run(() => api.post(`/room-groups/${d.optionValue}/rooms`, { roomId: props.roomId }))}>
            {others.map((g) => (
              <Option key={g.id} value={g.id}>
                {g.name}
              </Option>
            ))}
          </Dropdown>
        ) : null}
      </div>
    </Card>
  );
}
