// A room's actions (roomActions View): newest first, with their outcome, who asked, when,
// the exit status and the first lines of the output; for Modify holders the two buttons.
// While an action is pending the list is fetched again every 2 s until it is done.
import { useEffect, useRef } from 'react';
import { Badge, Card, CardHeader, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { api } from '../../api/client.ts';
import type { Page as ApiPage } from '../../api/types.ts';
import { ErrorBar } from '../../components/Page.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { relative, when } from '../../live/format.ts';
import type { RoomActionView, RoomAgentView } from '@roomwarden/protocol';
import { RoomActionButtons } from './RoomActionButtons.tsx';
import { ACTION_NAMES, OUTCOME_NAMES } from './roomActionChecks.ts';

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalL },
  table: { backgroundColor: tokens.colorNeutralBackground1, tableLayout: 'auto' },
  output: {
    margin: 0,
    maxHeight: '6.5em',
    maxWidth: '48ch',
    overflow: 'auto',
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
  },
  muted: { color: tokens.colorNeutralForeground3 },
});

const POLL_MS = 2_000;

export function ActionOutcomeBadge({ a }: { a: RoomActionView }) {
  if (a.state === 'pending') return <Badge appearance="tint" color="warning">Running</Badge>;
  const color = a.outcome === 'succeeded' ? 'success' : a.outcome === 'failed' ? 'danger' : 'subtle';
  return (
    <Badge appearance="filled" color={color}>
      {a.outcome ? OUTCOME_NAMES[a.outcome] : 'Done'}
    </Badge>
  );
}

export function RoomActionsCard(props: { roomId: string; roomName: string; agent: RoomAgentView | undefined; canRun: boolean }) {
  const s = useStyles();
  const actions = useLoad(() => api.get<ApiPage<RoomActionView>>(`/rooms/${props.roomId}/actions`, { limit: 20 }).then((p) => p.items), [props.roomId]);
  const pending = (actions.data ?? []).some((a) => a.state === 'pending');
  const reloadLatest = useRef(actions.reload);
  reloadLatest.current = actions.reload;
  const reload = () => reloadLatest.current();
  useEffect(() => {
    if (!pending) return;
    const t = setInterval(() => reloadLatest.current(), POLL_MS);
    return () => clearInterval(t);
  }, [pending]);

  return (
    <Card className={s.card} data-testid="room-actions-card">
      <CardHeader header={<Text weight="semibold">Room actions</Text>} />
      {props.canRun ? <RoomActionButtons roomId={props.roomId} roomName={props.roomName} agent={props.agent} onRequested={() => reload()} /> : null}
      <ErrorBar error={actions.error} />
      {actions.data && actions.data.length === 0 ? (
        <Text italic>No action has been run on this room yet.</Text>
      ) : (
        <Table className={s.table} aria-label="Room actions" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Action</TableHeaderCell>
              <TableHeaderCell>Outcome</TableHeaderCell>
              <TableHeaderCell>Asked by</TableHeaderCell>
              <TableHeaderCell>When</TableHeaderCell>
              <TableHeaderCell>Output</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {(actions.data ?? []).map((a) => (
              <TableRow key={a.id} data-testid="room-action-row" data-action={a.action} data-state={a.state} data-outcome={a.outcome ?? ''}>
                <TableCell>
                  {ACTION_NAMES[a.action]}
                  {a.sessionId ? <Text size={200} className={s.muted} block>at the end of a session</Text> : null}
                </TableCell>
                <TableCell>
                  <ActionOutcomeBadge a={a} />
                  {a.exitCode !== null ? <Text size={200} className={s.muted} block>exit {a.exitCode}</Text> : null}
                </TableCell>
                <TableCell>{a.requestedBy}</TableCell>
                <TableCell>
                  <span title={when(a.requestedAt)}>{relative(a.requestedAt)}</span>
                </TableCell>
                <TableCell>
                  {a.message ? <Text size={200} block>{a.message}</Text> : null}
                  {a.output ? <pre className={s.output} data-testid="room-action-output">{a.output}</pre> : a.state === 'done' && !a.message ? <Text size={200} className={s.muted}>No output</Text> : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Card>
  );
}
