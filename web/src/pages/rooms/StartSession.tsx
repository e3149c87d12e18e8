// "Start session" on a room's page: disabled, with the reason, when the server's checks
// would refuse (remote access off for the organisation, with whom to ask; no remote
// access level on this room, room excluded,
// agent offline or without VNC); Control or View only when the caller holds Modify.
// On success the viewer page opens at once (the viewer ticket is one-time and short-lived).
// One controller at a time: when someone holds the room in a control session, the dialog
// says who before anyone clicks, and offers to join their session as an observer.
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { DesktopCursor20Regular, Eye20Regular } from '@fluentui/react-icons';
import { ApiError, api, messageOf } from '../../api/client.ts';
import type { Me, Room } from '../../api/types.ts';
import { ErrorBar } from '../../components/Page.tsx';
import type { JoinedObserver, RoomAgentView, SessionMode, SessionView, StartedSession } from '@roomwarden/protocol';
import { observerHandoff, rememberObserver, rememberViewer } from '../viewer/viewerHandoff.ts';
import { startBlockedReason } from './startChecks.ts';
import { MeetingAndDisplay } from './MeetingAndDisplay.tsx';
import { startExtras, type MeetingAndDisplayChoice } from './startExtras.ts';
import { RestartOnEndOption } from './RestartOnEndOption.tsx';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', alignItems: 'flex-end', gap: tokens.spacingVerticalXS, maxWidth: '360px' },
  reason: { color: tokens.colorNeutralForeground3, textAlign: 'right' },
  nowrap: { whiteSpace: 'nowrap', flexShrink: 0 },
});

/** Who holds the room in a control session, from the room's live sessions or a SESSION_IN_PROGRESS answer. */
export interface LiveController {
  sessionId: string;
  userLabel: string;
  since: string | null;
}

function controllerOf(err: ApiError): LiveController | null {
  const d = err.details;
  if (err.code !== 'SESSION_IN_PROGRESS' || !d || typeof d !== 'object' || !('sessionId' in d) || typeof d.sessionId !== 'string') return null;
  return { sessionId: d.sessionId, userLabel: 'userLabel' in d && typeof d.userLabel === 'string' ? d.userLabel : 'Someone', since: null };
}

/** Codes of a refusal that will not go away by trying again (until something changes). */
const BLOCKING = new Set(['REMOTE_ACCESS_DISABLED', 'REMOTE_ACCESS_NOT_PERMITTED', 'ROOM_REMOTE_ACCESS_EXCLUDED', 'AGENT_OFFLINE', 'AGENT_VNC_UNAVAILABLE']);

export function StartSession(props: {
  room: Room;
  agent: RoomAgentView | undefined;
  remoteAccess: Me['remoteAccess'] | undefined;
  /** The room's latest inMeeting signal (inMeetingOf); undefined: unknown, it does not block. */
  inMeeting?: boolean | undefined;
  refusal: ApiError | null;
  onRefused: (err: ApiError | null) => void;
}) {
  const s = useStyles();
  const navigate = useNavigate();
  const canControl = props.room.myPermissions.remoteAccess === 'modify';
  const [open, setOpen] = useState(false);
  const [mode, setMode] = useState<SessionMode>(canControl ? 'control' : 'view');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [choice, setChoice] = useState<MeetingAndDisplayChoice>({ display: undefined, reason: '' });
  // The server's ROOM_IN_MEETING says so even before the page's signals do.
  const [meetingSaid, setMeetingSaid] = useState(false);
  const inMeeting = props.inMeeting === true || meetingSaid;
  const extras = startExtras(choice, inMeeting, props.room.myPermissions.remoteAccess);
  const [restartOnEnd, setRestartOnEnd] = useState(false);

  const [controller, setController] = useState<LiveController | null>(null);

  const reason = startBlockedReason(props.room, props.agent, props.remoteAccess) ?? (props.refusal ? props.refusal.message : null);
  const roomId = props.room.id;
  const mayUseRemote = props.room.myPermissions.remoteAccess !== 'none';
  const loadController = useCallback(async () => {
    if (!mayUseRemote) return;
    try {
      const live = await api.get<{ items: SessionView[] }>(`/rooms/${roomId}/sessions?state=live&limit=20`);
      const c = live.items.find((x) => x.mode === 'control');
      setController(c ? { sessionId: c.id, userLabel: c.userLabel, since: c.connectedAt ?? c.startedAt } : null);
    } catch (err) {
      console.warn('Could not read who is connected to the room', err);
    }
  }, [roomId, mayUseRemote]);
  useEffect(() => {
    void loadController();
  }, [loadController]);
  const controlTaken = controller !== null;

  const join = async () => {
    if (!controller) return;
    setBusy(true);
    setError(null);
    try {
      const joined = await api.post<JoinedObserver>(`/sessions/${controller.sessionId}/observers`);
      rememberObserver(joined);
      setOpen(false);
      void navigate(`/sessions/${joined.sessionId}/view`, { state: observerHandoff(joined) });
    } catch (err) {
      setError(messageOf(err));
      void loadController();
    } finally {
      setBusy(false);
    }
  };

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const started = await api.post<StartedSession>(`/rooms/${props.room.id}/sessions`, { mode: canControl && !controlTaken ? mode : 'view', ...extras.body, ...(restartOnEnd ? { restartDeviceOnEnd: true } : {}) });
      rememberViewer(started);
      setOpen(false);
      void navigate(`/sessions/${started.id}/view`, { state: { viewerUrl: started.viewerUrl, mode: started.mode } });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'ROOM_IN_MEETING') setMeetingSaid(true);
      const holder = err instanceof ApiError ? controllerOf(err) : null;
      if (holder) {
        setController(holder);
        setMode('view');
      } else if (err instanceof ApiError && BLOCKING.has(err.code)) {
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
          setMode(canControl && !controlTaken ? 'control' : 'view');
          setChoice({ display: undefined, reason: '' });
          setRestartOnEnd(false);
          setOpen(true);
          void loadController();
        }}
      >
        Start session
      </Button>
      {reason ? (
        <Text size={200} className={s.reason} data-testid="start-session-blocked">
          {reason}
        </Text>
      ) : controller ? (
        <Text size={200} className={s.reason} data-testid="start-session-connected">
          {controller.userLabel} is connected (control)
        </Text>
      ) : inMeeting ? (
        <Text size={200} className={s.reason} data-testid="start-session-in-meeting">
          This room is in a meeting.
        </Text>
      ) : null}
      <Dialog open={open} onOpenChange={(_e, d) => setOpen(d.open)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>Start a remote session on {props.room.name}</DialogTitle>
            <DialogContent>
              {controller ? (
                <MessageBar intent="info" data-testid="session-in-progress">
                  <MessageBarBody>
                    <MessageBarTitle>{controller.userLabel} is connected</MessageBarTitle>
                    They control this room{controller.since ? ` since ${new Date(controller.since).toLocaleTimeString()}` : ''}. One controller at a time: join their session as an observer to watch, or start a view-only session.
                  </MessageBarBody>
                </MessageBar>
              ) : null}
              <RadioGroup value={canControl && !controlTaken ? mode : 'view'} onChange={(_e, d) => setMode(d.value as SessionMode)} aria-label="Session mode">
                <Radio value="control" disabled={!canControl || controlTaken} label="Control: use the room's keyboard and mouse" />
                <Radio value="view" label="View only: watch the screen" />
              </RadioGroup>
              {!canControl ? <Text size={200}>Your remote access on this room is View, so sessions are view-only.</Text> : null}
              <MeetingAndDisplay inMeeting={inMeeting} level={props.room.myPermissions.remoteAccess} displays={props.agent?.capabilities.displays ?? []} choice={choice} onChange={setChoice} />
              <RestartOnEndOption room={props.room} agent={props.agent} checked={restartOnEnd} onChange={setRestartOnEnd} />
              <ErrorBar error={error} />
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              {controller ? (
                <Button appearance="primary" className={s.nowrap} disabled={busy} onClick={() => void join()} icon={busy ? <Spinner size="tiny" /> : <Eye20Regular />} data-testid="join-as-observer">
                  Join as observer
                </Button>
              ) : null}
              <Button appearance={controller ? 'secondary' : 'primary'} disabled={busy || !extras.ready} onClick={() => void start()} icon={busy && !controller ? <Spinner size="tiny" /> : undefined}>
                Start
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </div>
  );
}
