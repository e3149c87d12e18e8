// The remote screen of one session (noVNC): View-only badge, connection state, elapsed
// and remaining time, who is watching, scaling, fullscreen, Ctrl+Alt+Del (control
// sessions), End session, and, once it ends, why. An observer (who joined someone else's
// session) sees "Watching" instead, view-only, and leaves rather than ending the session.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import { Badge, Button, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Switch, Text, Tooltip, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowExit20Regular, ArrowMaximize20Regular, Dismiss20Regular, Keyboard20Regular } from '@fluentui/react-icons';
import { api, messageOf } from '../../api/client.ts';
import { useMe } from '../../app/session.tsx';
import { AppLink } from '../../components/AppLink.tsx';
import { ErrorBar } from '../../components/Page.tsx';
import { clock, endReasonText } from '../../live/format.ts';
import type { SessionView } from '@roomwarden/protocol';
import { useLiveEvents } from '../../live/useLiveEvents.ts';
import { useRfb, type RfbState } from '../../viewer/useRfb.ts';
import { ModeBadge } from '../sessions/SessionsTable.tsx';
import { absoluteWsUrl, forgetViewer, peekViewer } from './viewerHandoff.ts';
import { Watchers, shortLabel } from './Watchers.tsx';
import { ViewerRoomActions } from './ViewerRoomActions.tsx';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', height: '100%', minHeight: 0, minWidth: 0, overflow: 'hidden' },
  bar: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  title: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400 },
  spacer: { flexGrow: 1 },
  times: { display: 'flex', gap: tokens.spacingHorizontalM, fontVariantNumeric: 'tabular-nums' },
  messages: { padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  // noVNC draws into `target`, absolutely placed so that the remote screen's natural size
  // never widens the page: scaling fits it to this box instead.
  screen: { flex: '1 1 0', minHeight: '360px', minWidth: 0, backgroundColor: '#1b1b1b', position: 'relative', overflow: 'hidden' },
  target: { position: 'absolute', inset: 0 },
  viewOnly: { fontSize: tokens.fontSizeBase300, padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}` },
});

function ConnectionBadge({ state, ended }: { state: RfbState; ended: boolean }) {
  if (ended || state.phase === 'disconnected') return <Badge appearance="filled" color="subtle" data-testid="connection-state" data-state="disconnected">Disconnected</Badge>;
  if (state.phase === 'connected') return <Badge appearance="filled" color="success" data-testid="connection-state" data-state="connected">Connected</Badge>;
  if (state.phase === 'connecting') return <Badge appearance="filled" color="warning" data-testid="connection-state" data-state="connecting">Connecting…</Badge>;
  return <Badge appearance="tint" color="subtle" data-testid="connection-state" data-state="idle">Not connected</Badge>;
}

export function ViewerPage() {
  const s = useStyles();
  const { sessionId = '' } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const [handoff] = useState(() => peekViewer(sessionId, location.state));
  const url = handoff ? absoluteWsUrl(handoff.viewerUrl) : null;
  const [session, setSession] = useState<SessionView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [scale, setScale] = useState(true);
  const [ending, setEnding] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const screen = useRef<HTMLDivElement>(null);
  const me = useMe().user.id;
  const observing = handoff?.observerId !== undefined;
  const [left, setLeft] = useState(false);

  const load = useCallback(async () => {
    try {
      const s1 = await api.get<SessionView>(`/sessions/${sessionId}`);
      setSession(s1);
      setLoadError(null);
      return s1;
    } catch (err) {
      setLoadError(messageOf(err));
      return null;
    }
  }, [sessionId]);
  useEffect(() => {
    void load();
  }, [load]);

  const mode = observing ? 'view' : (session?.mode ?? handoff?.mode ?? 'view');
  const rfb = useRfb(screen, url, {
    viewOnly: mode === 'view',
    scale,
    onConnected: () => {
      // The ticket is spent: a reload must not try it again.
      forgetViewer(sessionId);
      void navigate(location.pathname, { replace: true, state: null });
      void load();
    },
  });

  // After the socket closes the server records why; fetch until it has (a few tries).
  const phase = rfb.state.phase;
  useEffect(() => {
    if (phase !== 'disconnected') return;
    let tries = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const poll = async () => {
      const got = await load();
      if (got?.state !== 'ended' && ++tries < 6) timer = setTimeout(() => void poll(), 700);
    };
    void poll();
    return () => {
      if (timer) clearTimeout(timer);
    };
  }, [phase, load]);

  useLiveEvents(
    (e) => {
      if ((e.type === 'session.ended' || e.type === 'session.updated') && e.session.id === sessionId) setSession(e.session);
    },
    { types: ['session.ended', 'session.updated'], onResync: () => void load() },
  );

  const ended = session?.state === 'ended';
  useEffect(() => {
    if (ended) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [ended]);
  useEffect(() => {
    if (ended) rfb.disconnect();
  }, [ended, rfb]);

  // Closing or reloading the tab ends the session (the ticket cannot be reused): ask first.
  const connected = rfb.state.phase === 'connected' && !ended;
  useEffect(() => {
    if (!connected) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [connected]);

  const end = async () => {
    setEnding(true);
    setActionError(null);
    try {
      setSession(await api.del<SessionView>(`/sessions/${sessionId}`));
      rfb.disconnect();
    } catch (err) {
      setActionError(messageOf(err));
    } finally {
      setEnding(false);
    }
  };

  const leave = () => {
    setLeft(true);
    rfb.disconnect();
  };

  const fullscreen = () => {
    const el = screen.current;
    if (!el) return;
    el.requestFullscreen().catch((err: unknown) => setActionError(`Fullscreen is not available: ${messageOf(err)}`));
  };

  const since = session ? new Date(session.connectedAt ?? session.startedAt).getTime() : null;
  const endAt = session?.endedAt ? new Date(session.endedAt).getTime() : now;
  const elapsed = since !== null ? (endAt - since) / 1000 : null;
  const remaining = session && !ended ? (new Date(session.expiresAt).getTime() - now) / 1000 : null;
  const disconnected = rfb.state.phase === 'disconnected' ? rfb.state : null;

  return (
    <div className={s.root} aria-label="Remote session viewer">
      <div className={s.bar}>
        <Text className={s.title} as="h1">
          {session ? session.roomName : 'Remote session'}
        </Text>
        {observing ? (
          <Badge appearance="filled" color="important" size="large" className={s.viewOnly} data-testid="view-only-badge" data-observer="true">
            Watching{session ? ` ${shortLabel(session.userLabel)}'s session` : ''} · view only
          </Badge>
        ) : mode === 'view' ? (
          <Badge appearance="filled" color="important" size="large" className={s.viewOnly} data-testid="view-only-badge">
            View only
          </Badge>
        ) : (
          <ModeBadge mode="control" />
        )}
        <ConnectionBadge state={rfb.state} ended={ended} />
        <span className={s.times}>
          {elapsed !== null ? <Text data-testid="elapsed">Elapsed {clock(elapsed)}</Text> : null}
          {remaining !== null ? <Text data-testid="remaining">Remaining {clock(remaining)}</Text> : null}
        </span>
        <Watchers observers={ended ? [] : session?.observers} me={me} />
        <span className={s.spacer} />
        <Switch checked={scale} onChange={(_e, d) => setScale(d.checked)} label="Scale to fit" />
        <Tooltip content="Show the remote screen full screen (Esc to leave)" relationship="description">
          <Button icon={<ArrowMaximize20Regular />} onClick={fullscreen} disabled={!connected}>
            Fullscreen
          </Button>
        </Tooltip>
        {mode === 'control' ? (
          <Button icon={<Keyboard20Regular />} onClick={rfb.sendCtrlAltDel} disabled={!connected}>
            Ctrl+Alt+Del
          </Button>
        ) : null}
        {session && !observing ? <ViewerRoomActions roomId={session.roomId} /> : null}
        {observing ? (
          <Button appearance="primary" icon={<ArrowExit20Regular />} disabled={ended || left} onClick={leave} data-testid="leave-session">
            Leave
          </Button>
        ) : (
          <Button appearance="primary" icon={ending ? <Spinner size="tiny" /> : <Dismiss20Regular />} disabled={ending || ended || !session} onClick={() => void end()}>
            End session
          </Button>
        )}
      </div>
      <div className={s.messages}>
        <ErrorBar error={loadError ?? actionError} />
        {ended ? (
          <MessageBar intent={session.endReason === 'ended_by_user' ? 'info' : 'warning'} data-testid="session-ended">
            <MessageBarBody>
              <MessageBarTitle>The session has ended</MessageBarTitle>
              {endReasonText(session.endReason, session.endMessage)}. <AppLink to={`/rooms/${session.roomId}`}>Back to {session.roomName}</AppLink>
            </MessageBarBody>
          </MessageBar>
        ) : null}
        {!ended && left && session ? (
          <MessageBar intent="info" data-testid="observer-left">
            <MessageBarBody>
              <MessageBarTitle>You stopped watching</MessageBarTitle>
              The session goes on. <AppLink to={`/rooms/${session.roomId}`}>Back to {session.roomName}</AppLink>
            </MessageBarBody>
          </MessageBar>
        ) : null}
        {!ended && !left && disconnected ? (
          <MessageBar intent="warning" data-testid="viewer-disconnected">
            <MessageBarBody>
              <MessageBarTitle>Disconnected</MessageBarTitle>
              {disconnected.reason ?? (disconnected.clean ? 'The connection closed.' : 'The connection to the remote desktop was lost.')}
            </MessageBarBody>
          </MessageBar>
        ) : null}
        {!url && session && !ended ? (
          <MessageBar intent="info">
            <MessageBarBody>
              <MessageBarTitle>This viewer cannot reconnect</MessageBarTitle>
              Its one-time ticket was already used. End this session, or start a new one from <AppLink to={`/rooms/${session.roomId}`}>{session.roomName}</AppLink>.
            </MessageBarBody>
          </MessageBar>
        ) : null}
      </div>
      <div className={s.screen} hidden={ended}>
        <div ref={screen} className={s.target} data-testid="remote-screen" />
      </div>
    </div>
  );
}
