// One room: status, site and region, the remote access switch, signals, incidents, the
// agent, live sessions and "Start session". Live: status, incidents and sessions come
// from the event stream; signals and the agent are refreshed every 15 s as well.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router-dom';
import { Badge, Card, CardHeader, MessageBar, MessageBarBody, Spinner, Switch, Tab, TabList, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { ApiError} from '../../api/client.ts';
import { api, messageOf } from '../../api/client.ts';
import type { Page as ApiPage, Room } from '../../api/types.ts';
import { AppLink } from '../../components/AppLink.tsx';
import { RoomStatusBadge } from '../../components/Badges.tsx';
import { ErrorBar, Page } from '../../components/Page.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useMe, useSession } from '../../app/session.tsx';
import { relative, when } from '../../live/format.ts';
import type { IncidentView, RoomAgentView, SessionView, SignalView } from '@roomwarden/protocol';
import { inMeetingOf } from '@roomwarden/protocol';
import { useLiveEvents } from '../../live/useLiveEvents.ts';
import { LiveBadge } from '../../live/LiveBadge.tsx';
import { IncidentsTable } from '../incidents/IncidentsTable.tsx';
import { SessionsTable } from '../sessions/SessionsTable.tsx';
import { AgentCard } from './AgentCard.tsx';
import { RoomActionsCard } from './RoomActionsCard.tsx';
import { RoomGroupsCard } from './RoomGroupsCard.tsx';
import { SignalsCard } from './SignalsCard.tsx';
import { StartSession } from './StartSession.tsx';
// issue 14 B: managing the room, its maintenance window, recording an issue
import { RoomManageCard } from './RoomManageCard.tsx';
import { RecordIssueDialog } from '../incidents/RecordIssueDialog.tsx';

const useStyles = makeStyles({
  facts: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXXL, alignItems: 'center', padding: tokens.spacingHorizontalL },
  fact: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  key: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  columns: { display: 'grid', gridTemplateColumns: 'minmax(0, 2fr) minmax(280px, 1fr)', gap: tokens.spacingHorizontalL, alignItems: 'start' },
  card: { padding: tokens.spacingHorizontalL },
});

const REFRESH_MS = 15_000;

/**
 * What the page loads, decided from the caller's levels on this room (`myPermissions`):
 * nothing is asked of an endpoint that would refuse them (signals and the agent need
 * Rooms: View, incidents Incidents: View, live sessions Remote access: View).
 */
function useRoomData(roomId: string, room: Room | undefined) {
  const healthVisible = room !== undefined && room.myPermissions.rooms !== 'none';
  const incidentsVisible = room !== undefined && room.myPermissions.incidents !== 'none';
  const sessionsVisible = room !== undefined && room.myPermissions.remoteAccess !== 'none';
  const signals = useLoad(
    () => (healthVisible ? api.get<SignalView[] | { items: SignalView[] }>(`/rooms/${roomId}/signals`).then((r) => (Array.isArray(r) ? r : r.items)) : Promise.resolve(undefined)),
    [roomId, healthVisible],
  );
  const agent = useLoad(() => (healthVisible ? api.get<RoomAgentView>(`/rooms/${roomId}/agent`) : Promise.resolve(undefined)), [roomId, healthVisible]);
  const [incidentState, setIncidentState] = useState<'open' | 'all'>('open');
  const incidents = useLoad(
    () => (incidentsVisible ? api.get<ApiPage<IncidentView>>(`/rooms/${roomId}/incidents`, { state: incidentState, limit: 20 }).then((p) => p.items) : Promise.resolve([])),
    [roomId, incidentsVisible, incidentState],
  );
  const sessions = useLoad(
    () => (sessionsVisible ? api.get<ApiPage<SessionView>>(`/rooms/${roomId}/sessions`, { state: 'live', limit: 20 }).then((p) => p.items) : Promise.resolve([])),
    [roomId, sessionsVisible],
  );
  return { signals, agent, incidents, sessions, incidentState, setIncidentState, healthVisible, incidentsVisible, sessionsVisible };
}

export function RoomPage() {
  const s = useStyles();
  const me = useMe();
  const { refresh: refreshMe } = useSession();
  const { roomId = '' } = useParams();
  const room = useLoad(() => api.get<Room>(`/rooms/${roomId}`), [roomId]);
  const data = useRoomData(roomId, room.data);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const [patchError, setPatchError] = useState<string | null>(null);
  const [patchDone, setPatchDone] = useState<string | null>(null);

  const { signals, agent, incidents, sessions } = data;
  const refreshHealth = useCallback(() => {
    signals.reload();
    agent.reload();
  }, [signals, agent]);
  const refreshLatest = useRef(refreshHealth);
  refreshLatest.current = refreshHealth;
  useEffect(() => {
    const t = setInterval(() => refreshLatest.current(), REFRESH_MS);
    return () => clearInterval(t);
  }, []);

  const live = useLiveEvents(
    (e) => {
      if (e.type === 'remoteAccess.disabled' || e.type === 'settings.changed') {
        setRefusal(null);
        // /me says whether the organisation allows remote access, and whom to ask.
        void refreshMe().catch((err: unknown) => setPatchError(messageOf(err)));
        return;
      }
      if (e.roomId !== roomId) return;
      if (e.type === 'room.status') {
        if (room.data) room.setData({ ...room.data, status: e.status });
        refreshHealth();
        setRefusal(null);
      } else if (e.type.startsWith('incident.')) incidents.reload();
      else if (e.type.startsWith('session.')) sessions.reload();
    },
    {
      onResync: () => {
        room.reload();
        refreshHealth();
        incidents.reload();
        sessions.reload();
      },
    },
  );

  if (!room.data) {
    return (
      <Page title="Room">
        {room.error ? <ErrorBar error={room.error} /> : <Spinner label="Loading the room…" />}
        {room.error ? <AppLink to="/rooms">Back to rooms</AppLink> : null}
      </Page>
    );
  }
  const r = room.data;
  const retired = r.retiredAt !== null;
  const canModifyRoom = r.myPermissions.rooms === 'modify' && !retired;

  const setAllowed = async (allowed: boolean) => {
    setPatchError(null);
    setPatchDone(null);
    try {
      room.setData(await api.patch<Room>(`/rooms/${r.id}`, { remoteAccessAllowed: allowed }));
      setPatchDone(allowed ? 'Remote access is allowed for this room again.' : 'Remote access is refused for this room: live sessions on it end.');
      setRefusal(null);
    } catch (err) {
      setPatchError(messageOf(err));
    }
  };

  return (
    <Page
      title={r.name}
      description={
        <>
          <AppLink to="/rooms">Rooms</AppLink> › {r.name}
        </>
      }
      actions={
        <>
          <LiveBadge state={live} />
          {retired ? null : <StartSession room={r} agent={agent.data} remoteAccess={me.remoteAccess} inMeeting={meetingOf(signals.data)} refusal={refusal} onRefused={setRefusal} />}
        </>
      }
    >
      <ErrorBar error={patchError} />
      {patchDone ? (
        <MessageBar intent="success" data-testid="room-patch-done">
          <MessageBarBody>{patchDone}</MessageBarBody>
        </MessageBar>
      ) : null}
      {retired ? (
        <MessageBar intent="warning" data-testid="room-retired">
          <MessageBarBody>This room was retired {when(r.retiredAt)}. It left the lists; its history stays below.</MessageBarBody>
        </MessageBar>
      ) : null}
      <Card>
        <div className={s.facts}>
          <div className={s.fact}>
            <Text className={s.key}>Status</Text>
            <span data-testid="room-status">
              <RoomStatusBadge status={r.status} />
            </span>
          </div>
          <div className={s.fact}>
            <Text className={s.key}>Site</Text>
            <Text>{r.siteName ?? 'No site'}</Text>
          </div>
          <div className={s.fact}>
            <Text className={s.key}>Region</Text>
            <Text>{r.region}</Text>
          </div>
          <div className={s.fact}>
            <Text className={s.key}>Last seen</Text>
            <Text title={when(r.lastSeenAt)}>{relative(r.lastSeenAt)}</Text>
          </div>
          <div className={s.fact}>
            <Text className={s.key}>Remote access</Text>
            <Switch
              checked={r.remoteAccessAllowed}
              disabled={!canModifyRoom}
              label={r.remoteAccessAllowed ? 'Allowed for this room' : 'Excluded'}
              onChange={(_e, d) => void setAllowed(d.checked)}
              aria-label="Remote access allowed for this room"
            />
          </div>
          <div className={s.fact}>
            <Text className={s.key}>Maintenance</Text>
            {r.maintenanceUntil ? (
              <Badge appearance="tint" color="warning" data-testid="room-maintenance" title={r.maintenanceReason ?? undefined}>
                Until {when(r.maintenanceUntil)}: {r.maintenanceReason}
              </Badge>
            ) : (
              <Text>None</Text>
            )}
          </div>
        </div>
      </Card>
      {canModifyRoom ? <RoomManageCard room={r} onChanged={(x) => room.setData(x)} onRetired={(x) => room.setData(x)} /> : null}
      <RoomGroupsCard roomId={r.id} roomGroupIds={r.roomGroupIds} canManage={canModifyRoom} onChanged={room.reload} />
      {data.healthVisible ? (
        <div className={s.columns}>
          <SignalsCard signals={signals.data} error={signals.error} />
          <AgentCard roomId={r.id} roomName={r.name} agent={agent.data} error={agent.error} canRevoke={canModifyRoom} onRevoked={refreshHealth} />
        </div>
      ) : (
        <Text italic data-testid="room-health-hidden">
          This room&apos;s signals and agent are not available to your roles (they need Rooms: View).
        </Text>
      )}
      {r.myPermissions.roomActions !== 'none' && !retired ? <RoomActionsCard roomId={r.id} roomName={r.name} agent={agent.data} canRun={r.myPermissions.roomActions === 'modify'} /> : null}
      {data.incidentsVisible ? (
        <Card className={s.card}>
          <CardHeader
            header={<Text weight="semibold">Incidents</Text>}
            action={
              <span style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
              {r.myPermissions.incidents === 'modify' && !retired ? <RecordIssueDialog roomId={r.id} roomName={r.name} onRecorded={() => incidents.reload()} /> : null}
              <TabList size="small" selectedValue={data.incidentState} onTabSelect={(_e, d) => data.setIncidentState(d.value === 'all' ? 'all' : 'open')}>
                <Tab value="open">Open</Tab>
                <Tab value="all">Recent</Tab>
              </TabList>
              </span>
            }
          />
          <ErrorBar error={incidents.error} />
          {incidents.data && incidents.data.length === 0 ? (
            <Text italic>{data.incidentState === 'open' ? 'No open incidents.' : 'No incidents in this room yet.'}</Text>
          ) : (
            <IncidentsTable
              label="Room incidents"
              items={incidents.data ?? []}
              showRoom={false}
              canAcknowledge={(i) => r.myPermissions.incidents === 'modify' && i.state === 'open'}
              onChanged={() => incidents.reload()}
            />
          )}
        </Card>
      ) : null}
      {data.sessionsVisible ? (
        <Card className={s.card}>
          <CardHeader header={<Text weight="semibold">Live sessions</Text>} />
          <ErrorBar error={sessions.error} />
          {sessions.data && sessions.data.length === 0 ? (
            <Text italic>Nobody is connected to this room.</Text>
          ) : (
            <SessionsTable
              items={sessions.data ?? []}
              showRoom={false}
              canEnd={(x) => x.userId === me.user.id || r.myPermissions.remoteAccess === 'modify'}
              onEnded={() => sessions.reload()}
            />
          )}
        </Card>
      ) : (
        <Text italic>Live sessions are not available to your roles (they need Remote access: View).</Text>
      )}
    </Page>
  );
}

/** Whether the room is in a meeting, from its signals (undefined: unknown or not reported). */
function meetingOf(signals: readonly SignalView[] | undefined): boolean | undefined {
  const signal = signals?.find((x) => x.name === 'inMeeting');
  return signal && inMeetingOf({ state: signal.state, value: signal.value ?? undefined });
}
