// One incident: what it is, its room, and its timeline (opened, acknowledged by whom,
// notes, resolved by recovery or by hand), with Acknowledge, Add a note and Resolve for
// whoever holds Incidents: Modify on its room. Live: any change to it reloads it.
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { Badge, Button, Card, CardHeader, Field, Spinner, Text, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { Checkmark20Regular } from '@fluentui/react-icons';
import type { IncidentDetailView, IncidentView } from '@roomwarden/protocol';
import { api, messageOf } from '../../api/client.ts';
import type { Room } from '../../api/types.ts';
import { AppLink } from '../../components/AppLink.tsx';
import { ErrorBar, Page } from '../../components/Page.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useLiveEvents } from '../../live/useLiveEvents.ts';
import { LiveBadge } from '../../live/LiveBadge.tsx';
import { when } from '../../live/format.ts';
import { SeverityBadge } from './IncidentsTable.tsx';
import { IncidentTimeline } from './IncidentTimeline.tsx';

const useStyles = makeStyles({
  facts: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXXL, padding: tokens.spacingHorizontalL },
  fact: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  key: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  card: { padding: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  note: { minWidth: '420px', flexGrow: 1 },
});

export function IncidentPage() {
  const s = useStyles();
  const { incidentId = '' } = useParams();
  const incident = useLoad(() => api.get<IncidentDetailView>(`/incidents/${incidentId}`), [incidentId]);
  const roomId = incident.data?.roomId;
  const room = useLoad(() => (roomId ? api.get<Room>(`/rooms/${roomId}`) : Promise.resolve(undefined)), [roomId]);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const live = useLiveEvents(
    (e) => {
      if ('incident' in e && e.incident.id === incidentId) incident.reload();
    },
    { types: ['incident.resolved', 'incident.acknowledged'], onResync: incident.reload },
  );

  if (!incident.data) {
    return (
      <Page title="Incident">
        {incident.error ? <ErrorBar error={incident.error} /> : <Spinner label="Loading the incident…" />}
        {incident.error ? <AppLink to="/incidents">Back to incidents</AppLink> : null}
      </Page>
    );
  }
  const i = incident.data;
  const canWrite = room.data?.myPermissions.incidents === 'modify';
  const act = async (what: () => Promise<IncidentDetailView | IncidentView>, clearNote = false) => {
    setBusy(true);
    setError(null);
    try {
      await what();
      if (clearNote) setNote('');
      incident.reload();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  const resolvedHow = i.resolution === 'manual' ? `Resolved by ${i.resolvedBy ?? 'someone'}` : i.resolution === 'retired' ? 'Resolved: the room was retired' : 'Resolved: the signal recovered';

  return (
    <Page
      title={i.title}
      description={
        <>
          <AppLink to="/incidents">Incidents</AppLink> › <AppLink to={`/rooms/${i.roomId}`}>{i.roomName}</AppLink> › {i.title}
        </>
      }
      actions={<LiveBadge state={live} />}
    >
      <ErrorBar error={error ?? room.error} />
      <Card>
        <div className={s.facts}>
          <div className={s.fact}>
            <Text className={s.key}>Severity</Text>
            <span>
              <SeverityBadge severity={i.severity} />
            </span>
          </div>
          <div className={s.fact}>
            <Text className={s.key}>State</Text>
            <span data-testid="incident-state" data-state={i.state}>
              {i.state === 'open' ? (
                <Badge appearance="tint" color="danger">
                  Open
                </Badge>
              ) : (
                <Badge appearance="tint" color="success">
                  {resolvedHow}
                </Badge>
              )}
            </span>
          </div>
          <div className={s.fact}>
            <Text className={s.key}>Room</Text>
            <AppLink to={`/rooms/${i.roomId}`}>{i.roomName}</AppLink>
          </div>
          <div className={s.fact}>
            <Text className={s.key}>Category</Text>
            <Text>{i.category}</Text>
          </div>
          <div className={s.fact}>
            <Text className={s.key}>Opened</Text>
            <Text>
              {when(i.openedAt)}
              {i.openedBy ? ` by ${i.openedBy}` : ''}
            </Text>
          </div>
        </div>
      </Card>
      {canWrite ? (
        <Card className={s.card} aria-label="Work on this incident">
          {i.state === 'open' && !i.acknowledged ? (
            <div className={s.row}>
              <Button icon={<Checkmark20Regular />} disabled={busy} onClick={() => void act(() => api.post<IncidentView>(`/incidents/${i.id}/acknowledge`))}>
                Acknowledge
              </Button>
            </div>
          ) : null}
          <div className={s.row}>
            <Field label="Note" className={s.note}>
              <Textarea aria-label="Note" value={note} placeholder="What you found or did" onChange={(_e, d) => setNote(d.value)} />
            </Field>
            <Button disabled={busy || !note.trim()} onClick={() => void act(() => api.post<IncidentDetailView>(`/incidents/${i.id}/notes`, { text: note.trim() }), true)}>
              Add note
            </Button>
            {i.state === 'open' ? (
              <Button appearance="primary" disabled={busy} onClick={() => void act(() => api.post<IncidentDetailView>(`/incidents/${i.id}/resolve`, note.trim() ? { note: note.trim() } : {}), true)}>
                {note.trim() ? 'Resolve with this note' : 'Resolve'}
              </Button>
            ) : null}
          </div>
        </Card>
      ) : null}
      <Card className={s.card}>
        <CardHeader header={<Text weight="semibold">Timeline</Text>} />
        <IncidentTimeline entries={i.timeline} />
      </Card>
    </Page>
  );
}
