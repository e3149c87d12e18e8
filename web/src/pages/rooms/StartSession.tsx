// "Start session" on a room's page: disabled, with the reason, when the server's checks
// would refuse (remote access off, no remote access level on this room, room excluded,
// agent offline or without VNC); Control or View only when the caller holds Modify.
// On success the viewer page opens at once (the viewer ticket is one-time and short-lived).
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Radio, RadioGroup, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import { DesktopCursor20Regular } from '@fluentui/react-icons';
import { ApiError, api, messageOf } from '../../api/client.ts';
import type { Room } from '../../api/types.ts';
import { ErrorBar } from '../../components/Page.tsx';
import type { RoomAgentView, SessionMode, StartedSession } from '@roomwarden/protocol';
import { rememberViewer } from '../viewer/viewerHandoff.ts';
import { startBlockedReason } from './startChecks.ts';
import { RestartOnEndOption } from './RestartOnEndOption.tsx';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', alignItems: 'flex-end', gap: tokens.spacingVerticalXS, maxWidth: '360px' },
  reason: { color: tokens.colorNeutralForeground3, textAlign: 'right' },
});

/** Codes of a refusal that will not go away by trying again (until something changes). */
const BLOCKING = new Set(['REMOTE_ACCESS_DISABLED', 'REMOTE_ACCESS_NOT_PERMITTED', 'ROOM_REMOTE_ACCESS_EXCLUDED', 'AGENT_OFFLINE', 'AGENT_VNC_UNAVAILABLE']);

export function StartSession(props: { room: Room; agent: RoomAgentView | undefined; remoteAccessEnabled: boolean | undefined; refusal: ApiError | null; onRefused: (err: ApiError | null) => void }) {
  const s = useStyles();
  const navigate = useNavigate();
  const canControl = props.room.myPermissions.remoteAccess === 'modify';
  const [open, setOpen] = useState(false);
  const [mode, setMode] = useState<SessionMode>(canControl ? 'control' : 'view');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [restartOnEnd, setRestartOnEnd] = useState(false);

  const reason = startBlockedReason(props.room, props.agent, props.remoteAccessEnabled) ?? (props.refusal ? props.refusal.message : null);

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const started = await api.post<StartedSession>(`/rooms/${props.room.id}/sessions`, { mode: canControl ? mode : 'view', ...(restartOnEnd ? { restartDeviceOnEnd: true } : {}) });
      rememberViewer(started);
      setOpen(false);
      void navigate(`/sessions/${started.id}/view`, { state: { viewerUrl: started.viewerUrl, mode: started.mode } });
    } catch (err) {
      if (err instanceof ApiError && BLOCKING.has(err.code)) {
        props.onRefused(err);
        setOpen(false);
      } else {
        setError(messageOf(err));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className={s.root}>
      <Button
        appearance="primary"
        icon={<DesktopCursor20Regular />}
        disabled={reason !== null}
        onClick={() => {
          setError(null);
          setMode(canControl ? 'control' : 'view');
          setRestartOnEnd(false);
          setOpen(true);
        }}
      >
        Start session
      </Button>
      {reason ? (
        <Text size={200} className={s.reason} data-testid="start-session-blocked">
          {reason}
        </Text>
      ) : null}
      <Dialog open={open} onOpenChange={(_e, d) => setOpen(d.open)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>Start a remote session on {props.room.name}</DialogTitle>
            <DialogContent>
              <RadioGroup value={canControl ? mode : 'view'} onChange={(_e, d) => setMode(d.value as SessionMode)} aria-label="Session mode">
                <Radio value="control" disabled={!canControl} label="Control: use the room's keyboard and mouse" />
                <Radio value="view" label="View only: watch the screen" />
              </RadioGroup>
              {!canControl ? <Text size={200}>Your remote access on this room is View, so sessions are view-only.</Text> : null}
              <RestartOnEndOption room={props.room} agent={props.agent} checked={restartOnEnd} onChange={setRestartOnEnd} />
              <ErrorBar error={error} />
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button appearance="primary" disabled={busy} onClick={() => void start()} icon={busy ? <Spinner size="tiny" /> : undefined}>
                Start
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </div>
  );
}
