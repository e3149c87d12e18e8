// "Restart device" and "Restart room app" (roomActions Modify): each asks for a confirmation
// that names the room, then POSTs the action; disabled, with the reason, when the agent is
// offline or has no command for it. On the room page and in the viewer's toolbar.
import { useState, type ReactElement } from 'react';
import { Button, Text, Tooltip, makeStyles, tokens } from '@fluentui/react-components';
import { AppsListDetail20Regular, ArrowClockwise20Regular } from '@fluentui/react-icons';
import { api } from '../../api/client.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import type { RoomAction, RoomActionView, RoomAgentView } from '@roomwarden/protocol';
import { ACTION_NAMES, actionBlockedReason, confirmationOf } from './roomActionChecks.ts';

const useStyles = makeStyles({
  root: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  note: { color: tokens.colorNeutralForeground3 },
});

const ICONS: Record<RoomAction, ReactElement> = { 'restart-device': <ArrowClockwise20Regular />, 'restart-app': <AppsListDetail20Regular /> };

export function RoomActionButtons(props: { roomId: string; roomName: string; agent: RoomAgentView | undefined; onRequested?: (a: RoomActionView) => void; showReasons?: boolean }) {
  const s = useStyles();
  const [note, setNote] = useState<string | null>(null);
  const reasons = (['restart-device', 'restart-app'] as const).map((action) => ({ action, reason: actionBlockedReason(props.agent, action) }));
  const shownReasons = [...new Set(reasons.flatMap((r) => (r.reason ? [r.reason] : [])))];
  return (
    <div className={s.root} data-testid="room-action-buttons">
      {reasons.map(({ action, reason }) => {
        const confirm = confirmationOf(action, props.roomName);
        const button = (
          <Button icon={ICONS[action]} disabled={reason !== null} data-testid={`action-${action}`}>
            {ACTION_NAMES[action]}
          </Button>
        );
        if (reason) {
          return (
            <Tooltip key={action} content={reason} relationship="description">
              {button}
            </Tooltip>
          );
        }
        return (
          <ConfirmDialog
            key={action}
            trigger={button}
            title={confirm.title}
            body={confirm.body}
            confirmLabel={ACTION_NAMES[action]}
            onConfirm={async () => {
              const requested = await api.post<RoomActionView>(`/rooms/${props.roomId}/actions`, { action });
              setNote(`${ACTION_NAMES[action]} asked of ${props.roomName}; the result is listed under Room actions.`);
              props.onRequested?.(requested);
            }}
          />
        );
      })}
      {props.showReasons !== false && shownReasons.length ? (
        <Text size={200} className={s.note} data-testid="room-actions-blocked">
          {shownReasons.join(' ')}
        </Text>
      ) : null}
      {note ? (
        <Text size={200} className={s.note} data-testid="room-action-note">
          {note}
        </Text>
      ) : null}
    </div>
  );
}
