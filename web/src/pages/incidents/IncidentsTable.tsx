// A table of incidents (the Incidents page and a room's page): severity, title, room,
// opened/resolved times, acknowledgement, and the Acknowledge button when allowed.
import { useState } from 'react';
import { Badge, Button, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Checkmark20Regular } from '@fluentui/react-icons';
import type { IncidentSeverity, IncidentView } from '@roomwarden/protocol';
import { api, messageOf } from '../../api/client.ts';
import { AppLink } from '../../components/AppLink.tsx';
import { ErrorBar } from '../../components/Page.tsx';
import { relative, when } from '../../live/format.ts';

const useStyles = makeStyles({
  table: { backgroundColor: tokens.colorNeutralBackground1, tableLayout: 'auto' },
  title: { display: 'flex', flexDirection: 'column' },
});

const SEVERITY: Record<IncidentSeverity, { color: 'informative' | 'warning' | 'danger' | 'severe'; label: string }> = {
  low: { color: 'informative', label: 'Low' },
  medium: { color: 'warning', label: 'Medium' },
  high: { color: 'severe', label: 'High' },
  critical: { color: 'danger', label: 'Critical' },
};

export function SeverityBadge({ severity }: { severity: IncidentSeverity }) {
  const s = SEVERITY[severity];
  return (
    <Badge appearance="filled" color={s.color} data-severity={severity}>
      {s.label}
    </Badge>
  );
}

export function IncidentsTable(props: { items: IncidentView[]; showRoom: boolean; canAcknowledge: (i: IncidentView) => boolean; onChanged: (i: IncidentView) => void; label?: string }) {
  const s = useStyles();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const acknowledge = async (i: IncidentView) => {
    setBusy(i.id);
    setError(null);
    try {
      props.onChanged(await api.post<IncidentView>(`/incidents/${i.id}/acknowledge`));
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(null);
    }
  };
  return (
    <>
      <ErrorBar error={error} />
      <Table className={s.table} aria-label={props.label ?? 'Incidents'} size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell style={{ width: 100 }}>Severity</TableHeaderCell>
            <TableHeaderCell>Incident</TableHeaderCell>
            {props.showRoom ? <TableHeaderCell>Room</TableHeaderCell> : null}
            <TableHeaderCell>Opened</TableHeaderCell>
            <TableHeaderCell>Resolved</TableHeaderCell>
            <TableHeaderCell>Acknowledged</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {props.items.map((i) => (
            <TableRow key={i.id} data-incident-id={i.id} data-incident-state={i.state}>
              <TableCell>
                <SeverityBadge severity={i.severity} />
              </TableCell>
              <TableCell>
                <div className={s.title}>
                  <AppLink to={`/incidents/${i.id}`}>
                    <Text weight="semibold">{i.title}</Text>
                  </AppLink>
                  {i.detail ? <Text size={200}>{i.detail}</Text> : null}
                  <Text size={200}>{i.category}</Text>
                </div>
              </TableCell>
              {props.showRoom ? (
                <TableCell>
                  <AppLink to={`/rooms/${i.roomId}`}>{i.roomName}</AppLink>
                </TableCell>
              ) : null}
              <TableCell>
                <span title={when(i.openedAt)}>{relative(i.openedAt)}</span>
              </TableCell>
              <TableCell>
                {i.resolvedAt ? (
                  <span title={when(i.resolvedAt)}>{relative(i.resolvedAt)}</span>
                ) : (
                  <Badge appearance="tint" color="danger">
                    Open
                  </Badge>
                )}
              </TableCell>
              <TableCell>
                {i.acknowledged ? (
                  <Text size={200} title={when(i.acknowledgedAt)}>
                    By {i.acknowledgedBy ?? 'someone'}, {relative(i.acknowledgedAt)}
                  </Text>
                ) : props.canAcknowledge(i) ? (
                  <Button size="small" icon={<Checkmark20Regular />} disabled={busy === i.id} onClick={() => void acknowledge(i)} aria-label={`Acknowledge ${i.title}`}>
                    Acknowledge
                  </Button>
                ) : (
                  <Text size={200}>Not yet</Text>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
