// Settings > Notifications: the email server, and the channels notifications go to (list,
// create — a webhook's secret shown once —, edit, turn on or off, test, delete).
import { useState } from 'react';
import { Badge, Button, Switch, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Add20Regular, Delete20Regular, Edit20Regular, Send20Regular } from '@fluentui/react-icons';
import { NOTIFICATION_EVENT_LABELS, type NotificationChannelView } from '@roomwarden/protocol';
import { api, messageOf } from '../../api/client.ts';
import { AppLink } from '../../components/AppLink.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ListFooter } from '../../components/ListFooter.tsx';
import { ErrorBar, Page } from '../../components/Page.tsx';
import { usePagedList } from '../../components/useLoad.ts';
import { useMe } from '../../app/session.tsx';
import { SecretLine, SecretOnce } from '../../live/SecretOnce.tsx';
import { CHANNEL_TYPE_LABELS, ChannelDialog, type CreatedChannel } from './ChannelDialog.tsx';
import { SmtpSettingsCard } from './SmtpSettingsCard.tsx';

const useStyles = makeStyles({
  table: { backgroundColor: tokens.colorNeutralBackground1, tableLayout: 'auto' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalXS },
  section: { display: 'flex', alignItems: 'center', justifyContent: 'space-between' },
});

const scopeText = (c: NotificationChannelView) =>
  c.scope.allRooms ? 'All rooms' : [c.scope.siteIds.length && `${c.scope.siteIds.length} site(s)`, c.scope.roomGroupIds.length && `${c.scope.roomGroupIds.length} room group(s)`, c.scope.roomIds.length && `${c.scope.roomIds.length} room(s)`].filter(Boolean).join(', ') || 'No rooms';

export function NotificationsPage() {
  const s = useStyles();
  const me = useMe();
  const canModify = me.permissions.settings === 'modify';
  const list = usePagedList<NotificationChannelView>('/notification-channels', {});
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const saved = (c: CreatedChannel) => {
    if (c.secret) setSecret({ name: c.name, secret: c.secret });
    list.reload();
  };
  const act = async (work: () => Promise<void>) => {
    setError(null);
    setMessage(null);
    try {
      await work();
    } catch (err) {
      setError(messageOf(err));
    }
  };

  return (
    <Page title="Notifications" description="Who hears about incidents, rooms going offline, remote sessions and the remote access switch, and how.">
      <SmtpSettingsCard readOnly={!canModify} />
      <div className={s.section}>
        <Text weight="semibold" size={400} as="h2">
          Channels
        </Text>
        <div className={s.actions}>
          <AppLink to="/settings/notifications/deliveries">Deliveries</AppLink>
          {canModify ? (
            <ChannelDialog
              onSaved={saved}
              trigger={
                <Button appearance="primary" icon={<Add20Regular />}>
                  New channel
                </Button>
              }
            />
          ) : null}
        </div>
      </div>
      {secret ? (
        <SecretOnce title={`Signing secret of “${secret.name}”`} onDismiss={() => setSecret(null)}>
          <SecretLine value={secret.secret} label="Copy the signing secret" testId="webhook-secret" />
        </SecretOnce>
      ) : null}
      <ErrorBar error={list.error ?? error} />
      {message ? <Text role="status">{message}</Text> : null}
      <Table className={s.table} aria-label="Notification channels">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Name</TableHeaderCell>
            <TableHeaderCell>Type</TableHeaderCell>
            <TableHeaderCell>Events</TableHeaderCell>
            <TableHeaderCell>Rooms</TableHeaderCell>
            <TableHeaderCell>On</TableHeaderCell>
            {canModify ? <TableHeaderCell>Actions</TableHeaderCell> : null}
          </TableRow>
        </TableHeader>
        <TableBody>
          {list.items.map((c) => (
            <TableRow key={c.id} data-channel-name={c.name}>
              <TableCell>
                <Text weight="semibold">{c.name}</Text>
                <br />
                <Text size={200}>{c.type === 'email' ? c.addresses?.join(', ') : c.url}</Text>
              </TableCell>
              <TableCell>
                <Badge appearance="tint">{CHANNEL_TYPE_LABELS[c.type]}</Badge>
              </TableCell>
              <TableCell>{c.events.length ? c.events.map((e) => NOTIFICATION_EVENT_LABELS[e]).join(', ') : <Text italic>None (tests only)</Text>}</TableCell>
              <TableCell>{scopeText(c)}</TableCell>
              <TableCell>
                <Switch
                  aria-label={`${c.name} on`}
                  checked={c.enabled}
                  disabled={!canModify}
                  onChange={(_e, d) =>
                    void act(async () => {
                      await api.patch(`/notification-channels/${c.id}`, { enabled: d.checked });
                      list.reload();
                    })
                  }
                />
              </TableCell>
              {canModify ? (
                <TableCell>
                  <div className={s.actions}>
                    <Button
                      size="small"
                      icon={<Send20Regular />}
                      aria-label={`Test ${c.name}`}
                      onClick={() =>
                        void act(async () => {
                          await api.post(`/notification-channels/${c.id}/test`);
                          setMessage(`A test notification is on its way to ${c.name}. See Deliveries for the answer.`);
                        })
                      }
                    >
                      Test
                    </Button>
                    <ChannelDialog channel={c} onSaved={saved} trigger={<Button size="small" icon={<Edit20Regular />} aria-label={`Edit ${c.name}`} />} />
                    {c.type === 'webhook' ? (
                      <ConfirmDialog
                        trigger={<Button size="small">New secret</Button>}
                        title="Make a new signing secret?"
                        body="The old secret stops signing at once: the receiver must be given the new one."
                        confirmLabel="Make a new secret"
                        onConfirm={async () => {
                          const r = await api.post<CreatedChannel>(`/notification-channels/${c.id}/rotate-secret`);
                          if (r.secret) setSecret({ name: r.name, secret: r.secret });
                        }}
                      />
                    ) : null}
                    <ConfirmDialog
                      trigger={<Button size="small" icon={<Delete20Regular />} aria-label={`Delete ${c.name}`} />}
                      title={`Delete ${c.name}?`}
                      body="Nothing more is sent through it, and its deliveries are deleted with it."
                      confirmLabel="Delete channel"
                      onConfirm={async () => {
                        await api.del(`/notification-channels/${c.id}`);
                        list.reload();
                      }}
                    />
                  </div>
                </TableCell>
              ) : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <ListFooter list={list} shown={list.items.length} loadingLabel="Loading channels…" empty={<EmptyState noun="channel" filtered={false} none={canModify ? 'No channels yet. Create one to send notifications to email, a webhook, Teams or Slack.' : undefined} />} />
    </Page>
  );
}
