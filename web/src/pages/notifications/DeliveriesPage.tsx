// Settings > Notifications > Deliveries: every notification sent or to send, newest first,
// each with its attempts and the far end's answers; filtered by channel, state and event.
import { Badge, Button, Dropdown, Option, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowClockwise20Regular } from '@fluentui/react-icons';
import { DELIVERY_STATES, NOTIFICATION_EVENT_LABELS, NOTIFICATION_TYPES, type DeliveryState, type NotificationChannelView, type NotificationDeliveryView } from '@roomwarden/protocol';
import { api } from '../../api/client.ts';
import type { Page as ApiPage } from '../../api/types.ts';
import { AppLink } from '../../components/AppLink.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ListFooter } from '../../components/ListFooter.tsx';
import { ErrorBar, Page } from '../../components/Page.tsx';
import { useLoad, usePagedList } from '../../components/useLoad.ts';
import { useUrlFilters } from '../../components/useUrlFilters.ts';
import { relative, when } from '../../live/format.ts';

const useStyles = makeStyles({
  table: { backgroundColor: tokens.colorNeutralBackground1, tableLayout: 'auto' },
  filters: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
  attempts: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, margin: 0, paddingLeft: tokens.spacingHorizontalL },
  answer: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, wordBreak: 'break-all' },
});

const STATE: Record<DeliveryState, { color: 'success' | 'informative' | 'warning' | 'danger'; label: string }> = {
  pending: { color: 'warning', label: 'Waiting' },
  sending: { color: 'informative', label: 'Sending' },
  sent: { color: 'success', label: 'Sent' },
  dead: { color: 'danger', label: 'Gave up' },
};

type Filters = { channelId: string; state: string; event: string };

export function DeliveriesPage() {
  const s = useStyles();
  const [params, setFilters] = useUrlFilters<Filters>();
  const channelId = params.get('channelId') ?? '';
  const state = params.get('state') ?? '';
  const event = params.get('event') ?? '';
  const list = usePagedList<NotificationDeliveryView>('/notification-deliveries', { channelId: channelId || undefined, state: state || undefined, event: event || undefined });
  const channels = useLoad(() => api.get<ApiPage<NotificationChannelView>>('/notification-channels', { limit: 200 }), []);
  const channelName = (id: string) => channels.data?.items.find((c) => c.id === id)?.name ?? 'A channel';
  const filtered = Boolean(channelId || state || event);

  return (
    <Page
      title="Deliveries"
      description={<>Each notification with every attempt to send it and what the far end answered. <AppLink to="/settings/notifications">Back to Notifications</AppLink></>}
      actions={
        <Button icon={<ArrowClockwise20Regular />} onClick={list.reload}>
          Refresh
        </Button>
      }
    >
      <div className={s.filters}>
        <Dropdown aria-label="Channel" value={channelId ? channelName(channelId) : 'All channels'} selectedOptions={[channelId]} onOptionSelect={(_e, d) => setFilters({ channelId: d.optionValue ?? '' })}>
          <Option value="">All channels</Option>
          {(channels.data?.items ?? []).map((c) => (
            <Option key={c.id} value={c.id}>
              {c.name}
            </Option>
          ))}
        </Dropdown>
        <Dropdown aria-label="State" value={state ? STATE[state as DeliveryState].label : 'Any state'} selectedOptions={[state]} onOptionSelect={(_e, d) => setFilters({ state: d.optionValue ?? '' })}>
          <Option value="">Any state</Option>
          {DELIVERY_STATES.map((x) => (
            <Option key={x} value={x}>
              {STATE[x].label}
            </Option>
          ))}
        </Dropdown>
        <Dropdown aria-label="Event" value={event ? NOTIFICATION_EVENT_LABELS[event as keyof typeof NOTIFICATION_EVENT_LABELS] : 'Any event'} selectedOptions={[event]} onOptionSelect={(_e, d) => setFilters({ event: d.optionValue ?? '' })}>
          <Option value="">Any event</Option>
          {NOTIFICATION_TYPES.map((x) => (
            <Option key={x} value={x}>
              {NOTIFICATION_EVENT_LABELS[x]}
            </Option>
          ))}
        </Dropdown>
      </div>
      <ErrorBar error={list.error} />
      <Table className={s.table} aria-label="Deliveries">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Notification</TableHeaderCell>
            <TableHeaderCell>To</TableHeaderCell>
            <TableHeaderCell>State</TableHeaderCell>
            <TableHeaderCell>Attempts and answers</TableHeaderCell>
            <TableHeaderCell>Made</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {list.items.map((d) => (
            <TableRow key={d.id} data-delivery-id={d.id} data-delivery-state={d.state}>
              <TableCell>
                <Text weight="semibold">{d.summary}</Text>
                <br />
                <Text size={200}>{NOTIFICATION_EVENT_LABELS[d.event]}</Text>
              </TableCell>
              <TableCell>{d.channelName ?? 'Assignment member'}{d.recipient ? <><br /><Text size={200}>{d.recipient}</Text></> : null}</TableCell>
              <TableCell>
                <Badge appearance="tint" color={STATE[d.state].color}>
                  {STATE[d.state].label}
                </Badge>
                {d.nextAttemptAt && d.state === 'pending' ? <Text size={200}> next {relative(d.nextAttemptAt)}</Text> : null}
              </TableCell>
              <TableCell>
                {d.attempts.length === 0 ? (
                  <Text italic>Not tried yet</Text>
                ) : (
                  <ol className={s.attempts}>
                    {d.attempts.map((a) => (
                      <li key={a.at} data-attempt-outcome={a.outcome}>
                        <Text title={when(a.at)}>
                          {a.outcome === 'sent' ? 'Sent' : 'Failed'} {a.statusCode !== null ? `(${a.statusCode})` : ''} {relative(a.at)}, {a.durationMs} ms
                        </Text>
                        {a.error ? <Text size={200}> — {a.error}</Text> : null}
                        {a.answer ? <div className={s.answer}>{a.answer}</div> : null}
                      </li>
                    ))}
                  </ol>
                )}
              </TableCell>
              <TableCell title={when(d.createdAt)}>{relative(d.createdAt)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <ListFooter list={list} shown={list.items.length} loadingLabel="Loading deliveries…" empty={<EmptyState noun="delivery" filtered={filtered} onClear={() => setFilters({ channelId: '', state: '', event: '' })} none="Nothing has been sent yet." />} />
    </Page>
  );
}
