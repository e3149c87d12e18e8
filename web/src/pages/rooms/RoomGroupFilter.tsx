// The rooms list's room-group filter (?roomGroupId=): any signed-in user may read the
// room groups; a group shows only the rooms the user can view.
import { useEffect, useState } from 'react';
import { Dropdown, Field, Option, makeStyles } from '@fluentui/react-components';
import { api } from '../../api/client.ts';
import type { Page, RoomGroup } from '../../api/types.ts';

const useStyles = makeStyles({ narrow: { minWidth: '180px', width: '180px' } });

export function RoomGroupFilter(props: { value: string; onChange: (roomGroupId: string) => void }) {
  const s = useStyles();
  const [groups, setGroups] = useState<RoomGroup[] | null>(null);
  useEffect(() => {
    api.get<Page<RoomGroup>>('/room-groups', { limit: 200 }).then(
      (p) => setGroups(p.items),
      (err: unknown) => {
        console.warn('Room groups are not available for the filter', err);
        setGroups([]);
      },
    );
  }, []);
  if (groups !== null && groups.length === 0 && !props.value) return null;
  const name = props.value ? (groups?.find((g) => g.id === props.value)?.name ?? 'Selected group') : 'Any room group';
  return (
    <Field label="Room group">
      <Dropdown className={s.narrow} aria-label="Room group" value={name} selectedOptions={[props.value]} onOptionSelect={(_e, d) => props.onChange(d.optionValue ?? '')}>
        <Option value="">Any room group</Option>
        {(groups ?? []).map((g) => (
          <Option key={g.id} value={g.id}>
            {g.name}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}
