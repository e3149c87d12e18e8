// The start dialog's "Restart the device when this session ends" (roomActions Modify on
// the room): disabled, with the reason, when the agent has no restart-device command.
import { Checkbox, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { RoomAgentView } from '@roomwarden/protocol';
import type { Room } from '../../api/types.ts';
import { actionBlockedReason } from './roomActionChecks.ts';

const useStyles = makeStyles({ reason: { color: tokens.colorNeutralForeground3, display: 'block' } });

/** Whether the option is shown at all: only to roomActions Modify holders on this room. */
export const offersRestartOnEnd = (room: Room): boolean => room.myPermissions.roomActions === 'modify';

export function RestartOnEndOption(props: { room: Room; agent: RoomAgentView | undefined; checked: boolean; onChange: (checked: boolean) => void }) {
  const s = useStyles();
  if (!offersRestartOnEnd(props.room)) return null;
  const reason = actionBlockedReason(props.agent, 'restart-device');
  return (
    <div>
      <Checkbox
        checked={props.checked && reason === null}
        disabled={reason !== null}
        onChange={(_e, d) => props.onChange(d.checked === true)}
        label="Restart the device when this session ends"
        data-testid="restart-on-end"
      />
      {reason ? (
        <Text size={200} className={s.reason}>
          {reason}
        </Text>
      ) : null}
    </div>
  );
}
