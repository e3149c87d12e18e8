// Remote sessions as a table (the Sessions page and a room's page): who, room, mode,
// start, duration, end reason, bytes; End for the caller's own sessions or with
// Remote access: Modify (the server decides; a refusal is shown).
import { useEffect, useState } from 'react';
import { Badge, Button, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Dismiss20Regular } from '@fluentui/react-icons';
import { api } from '../../api/client.ts';
import { AppLink } from '../../components/AppLink.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { bytes, clock, endReasonText, when } from '../../live/format.ts';
import type { SessionView } from '@roomwarden/protocol';

const useStyles = makeStyles({
  table: { backgroundColor: tokens.colorNeutralBackground1, tableLayout: 'auto' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalXS },
});

export function SessionStateBadge({ session }: { session: SessionView }) {
  if (session.state === 'ended') return <Badge appearance="tint" color="subtle">Ended</Badge>;
  if (session.state === 'pending') return <Badge appearance="tint" color="warning">Connecting</Badge>;
  return <Badge appearance="filled" color="success">Live</Badge>;
}

export function ModeBadge({ mode }: { mode: SessionView['mode'] }) {
  return mode === 'view' ? (
    <Badge appearance="outline" color="informative">
      View only
    </Badge>
  ) : (
    <Badge appearance="outline" color="brand">
      Control
    </Badge>
  );
}

/** Seconds since start for live sessions, ticking once a second. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
  return now;
}

export function SessionsTable(props: {
  items: SessionView[];
  showRoom: boolean;
  canEnd: (s: SessionView) => boolean;
  onEnded: (s: SessionView) => void;
}) {
  const s = useStyles();
  const anyLive = props.items.some((x) => x.state !== 'ended');
  const now = useNow(anyLive);
  const [ended, setEnded] = useState<ReadonlySet<string>>(new Set());
  return (
    <Table className={s.table} aria-label="Sessions" size="small">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>State</TableHeaderCell>
          <TableHeaderCell>Who</TableHeaderCell>
          {props.showRoom ? <TableHeaderCell>Room</TableHeaderCell> : null}
          <TableHeaderCell>Mode</TableHeaderCell>
          <TableHeaderCell>Started</TableHeaderCell>
          <TableHeaderCell>Duration</TableHeaderCell>
          <TableHeaderCell>End reason</TableHeaderCell>
          <TableHeaderCell>Bytes (to / from viewer)</TableHeaderCell>
          <TableHeaderCell style={{ width: 120 }}>Actions</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {props.items.map((x) => {
          const duration = x.state === 'ended' ? x.durationSeconds : (now - new Date(x.startedAt).getTime()) / 1000;
          return (
            <TableRow key={x.id} data-session-id={x.id} data-session-state={x.state}>
              <TableCell>
                <SessionStateBadge session={x} />
              </TableCell>
              <TableCell>{x.userLabel}</TableCell>
              {props.showRoom ? (
                <TableCell>
                  <AppLink to={`/rooms/${x.roomId}`}>{x.roomName}</AppLink>
                </TableCell>
              ) : null}
              <TableCell>
                <ModeBadge mode={x.mode} />
              </TableCell>
              <TableCell>{when(x.startedAt)}</TableCell>
              <TableCell>{clock(duration)}</TableCell>
              <TableCell>{x.state === 'ended' ? endReasonText(x.endReason, x.endMessage) : <Text italic>—</Text>}</TableCell>
              <TableCell>
                {bytes(x.bytesToViewer)} / {bytes(x.bytesFromViewer)}
              </TableCell>
              <TableCell>
                <div className={s.actions}>
                  {/* Stays mounted (disabled) once ended, so that its dialog closes normally. */}
                  {props.canEnd(x) && (x.state !== 'ended' || ended.has(x.id)) ? (
                    <ConfirmDialog
                      trigger={
                        <Button size="small" icon={<Dismiss20Regular />} disabled={x.state === 'ended'} aria-label={`End session of ${x.userLabel} on ${x.roomName}`}>
                          End
                        </Button>
                      }
                      title="End this remote session?"
                      body={`${x.userLabel}'s ${x.mode === 'view' ? 'view-only' : 'control'} session on ${x.roomName} closes at once.`}
                      confirmLabel="End session"
                      onConfirm={async () => {
                        const after = await api.del<SessionView>(`/sessions/${x.id}`);
                        setEnded((prev) => new Set(prev).add(after.id));
                        props.onEnded(after);
                      }}
                    />
                  ) : null}
                </div>
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
