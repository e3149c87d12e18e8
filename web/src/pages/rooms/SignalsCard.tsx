// A room's latest signals: what the agent measured (with its explanation when the state is
// not OK), its state and when it last changed.
import { Badge, Card, CardHeader, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { SignalState, SignalView } from '@roomwarden/protocol';
import { relative, when } from '../../live/format.ts';

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalL },
  detail: { display: 'block', color: tokens.colorNeutralForeground3 },
  table: { tableLayout: 'auto' },
});

const STATE: Record<SignalState, { color: 'success' | 'warning' | 'danger' | 'subtle'; label: string }> = {
  ok: { color: 'success', label: 'OK' },
  degraded: { color: 'warning', label: 'Degraded' },
  failed: { color: 'danger', label: 'Failed' },
  unknown: { color: 'subtle', label: 'Unknown' },
};

export function SignalStateBadge({ state }: { state: SignalState }) {
  const s = STATE[state] ?? { color: 'subtle' as const, label: state };
  return (
    <Badge appearance="tint" color={s.color} data-signal-state={state}>
      {s.label}
    </Badge>
  );
}

export function SignalsCard({ signals, error }: { signals: SignalView[] | undefined; error: string | null }) {
  const s = useStyles();
  return (
    <Card className={s.card}>
      <CardHeader header={<Text weight="semibold">Signals</Text>} description={<Text size={200}>What the room&apos;s agent last reported</Text>} />
      {error ? <Text>{error}</Text> : null}
      {signals && signals.length === 0 ? <Text italic>No signals yet: the room&apos;s agent has not reported.</Text> : null}
      {signals && signals.length > 0 ? (
        <Table className={s.table} aria-label="Signals" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Signal</TableHeaderCell>
              <TableHeaderCell style={{ width: 110 }}>State</TableHeaderCell>
              <TableHeaderCell>Value and detail</TableHeaderCell>
              <TableHeaderCell style={{ width: 130 }}>Last change</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {signals.map((sig) => (
              <TableRow key={sig.name} data-signal={sig.name}>
                <TableCell>{sig.label}</TableCell>
                <TableCell>
                  <SignalStateBadge state={sig.state} />
                </TableCell>
                <TableCell>
                  {sig.value ?? '—'}
                  {sig.detail ? (
                    <Text size={200} className={s.detail}>
                      {sig.detail}
                    </Text>
                  ) : null}
                </TableCell>
                <TableCell>
                  <span title={when(sig.changedAt)}>{relative(sig.changedAt)}</span>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
    </Card>
  );
}
