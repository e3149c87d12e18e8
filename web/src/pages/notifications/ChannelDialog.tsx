// Create or edit a notification channel: its type (on creation), name, the events it takes,
// the minimum severity of incidents, which rooms (all, or sites and rooms), and its
// addresses (email) or URL (webhook, Teams, Slack). Creating a webhook answers its signing
// secret, which the page shows once.
import { useState, type ReactElement } from 'react';
import { Button, Checkbox, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, DialogTrigger, Dropdown, Field, Input, Option, Spinner, Switch, makeStyles, tokens } from '@fluentui/react-components';
import {
  INCIDENT_SEVERITIES,
  NOTIFICATION_CHANNEL_TYPES,
  NOTIFICATION_EVENTS,
  NOTIFICATION_EVENT_LABELS,
  type IncidentSeverity,
  type NotificationChannelType,
  type NotificationChannelView,
  type NotificationEvent,
} from '@roomwarden/protocol';
import { api } from '../../api/client.ts';
import type { Site } from '../../api/types.ts';
import { EntityPicker } from '../../components/EntityPicker.tsx';
import { ErrorBar } from '../../components/Page.tsx';
import { useDialogSubmit } from '../../components/useDialogSubmit.ts';

export type CreatedChannel = NotificationChannelView & { secret?: string };

export const CHANNEL_TYPE_LABELS: Record<NotificationChannelType, string> = { email: 'Email', webhook: 'Webhook', teams: 'Microsoft Teams', slack: 'Slack' };
const URL_HINT: Record<Exclude<NotificationChannelType, 'email'>, string> = {
  webhook: 'Each request is signed (Standard Webhooks); the secret is shown once.',
  teams: 'A Teams Workflows “Post to a channel when a webhook request is received” URL.',
  slack: 'A Slack incoming-webhook URL.',
};
const FIELDS = ['type', 'name', 'events', 'minSeverity', 'scope', 'addresses', 'url'] as const;

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: '480px' },
  row: { display: 'flex', gap: tokens.spacingHorizontalM },
  events: { display: 'grid', gridTemplateColumns: '1fr 1fr' },
});

export function ChannelDialog(props: { trigger: ReactElement; channel?: NotificationChannelView; onSaved: (c: CreatedChannel) => void }) {
  const s = useStyles();
  const c = props.channel;
  const [type, setType] = useState<NotificationChannelType>(c?.type ?? 'webhook');
  const [name, setName] = useState(c?.name ?? '');
  const [events, setEvents] = useState<NotificationEvent[]>(c?.events ?? ['incident.opened', 'incident.resolved']);
  const [minSeverity, setMinSeverity] = useState<IncidentSeverity>(c?.minSeverity ?? 'low');
  const [allRooms, setAllRooms] = useState(c?.scope.allRooms ?? true);
  const [siteIds, setSiteIds] = useState<string[]>(c?.scope.siteIds ?? []);
  const [roomGroupIds, setRoomGroupIds] = useState<string[]>(c?.scope.roomGroupIds ?? []);
  const [roomIds, setRoomIds] = useState<string[]>(c?.scope.roomIds ?? []);
  const [addresses, setAddresses] = useState((c?.addresses ?? []).join(', '));
  const [url, setUrl] = useState(c?.url ?? '');
  const dialog = useDialogSubmit(FIELDS, (err) => err.field?.split('.')[0]);

  const save = () =>
    dialog.submit(
      async () => {
        const scope = { allRooms, siteIds: allRooms ? [] : siteIds, roomGroupIds: allRooms ? [] : roomGroupIds, roomIds: allRooms ? [] : roomIds };
        const target = type === 'email' ? { addresses: addresses.split(/[\s,;]+/).filter(Boolean) } : { url: url.trim() };
        const body = { name: name.trim(), events, minSeverity, scope, ...target };
        const saved = c ? await api.patch<CreatedChannel>(`/notification-channels/${c.id}`, body) : await api.post<CreatedChannel>('/notification-channels', { type, ...body });
        props.onSaved(saved);
      },
      name.trim() ? {} : { name: 'A channel needs a name' },
    );

  const toggle = (e: NotificationEvent, on: boolean) => setEvents((prev) => (on ? [...prev, e] : prev.filter((x) => x !== e)));
  return (
    <Dialog open={dialog.open} onOpenChange={(_e, d) => dialog.setOpen(d.open)}>
      <DialogTrigger disableButtonEnhancement>{props.trigger}</DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{c ? `Edit ${c.name}` : 'New channel'}</DialogTitle>
          <DialogContent>
            <div className={s.form}>
              <div className={s.row}>
                <Field label="Type" validationMessage={dialog.fieldMessage('type')}>
                  <Dropdown aria-label="Type" disabled={Boolean(c)} value={CHANNEL_TYPE_LABELS[type]} selectedOptions={[type]} onOptionSelect={(_e, d) => setType(d.optionValue as NotificationChannelType)}>
                    {NOTIFICATION_CHANNEL_TYPES.map((t) => (
                      <Option key={t} value={t}>
                        {CHANNEL_TYPE_LABELS[t]}
                      </Option>
                    ))}
                  </Dropdown>
                </Field>
                <Field label="Name" required validationMessage={dialog.fieldMessage('name')}>
                  <Input name="channelName" value={name} maxLength={200} onChange={(_e, d) => setName(d.value)} />
                </Field>
              </div>
              {type === 'email' ? (
                <Field label="Addresses" hint="Comma-separated" validationMessage={dialog.fieldMessage('addresses')}>
                  <Input name="channelAddresses" value={addresses} placeholder="noc@contoso.com, it-oncall@contoso.com" onChange={(_e, d) => setAddresses(d.value)} />
                </Field>
              ) : (
                <Field label="URL" hint={URL_HINT[type]} validationMessage={dialog.fieldMessage('url')}>
                  <Input name="channelUrl" value={url} placeholder="https://" onChange={(_e, d) => setUrl(d.value)} />
                </Field>
              )}
              <Field label="Events" validationMessage={dialog.fieldMessage('events')}>
                <div className={s.events}>
                  {NOTIFICATION_EVENTS.map((e) => (
                    <Checkbox key={e} label={NOTIFICATION_EVENT_LABELS[e]} checked={events.includes(e)} onChange={(_ev, d) => toggle(e, d.checked === true)} />
                  ))}
                </div>
              </Field>
              <Field label="Incidents from" hint="Incident events below this severity are not sent" validationMessage={dialog.fieldMessage('minSeverity')}>
                <Dropdown aria-label="Minimum severity" value={minSeverity} selectedOptions={[minSeverity]} onOptionSelect={(_e, d) => setMinSeverity(d.optionValue as IncidentSeverity)}>
                  {[...INCIDENT_SEVERITIES].reverse().map((sev) => (
                    <Option key={sev} value={sev}>
                      {sev}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
              <Field label="Rooms" validationMessage={dialog.fieldMessage('scope')}>
                <Switch checked={allRooms} label={allRooms ? 'All rooms' : 'Only the sites, room groups and rooms below'} onChange={(_e, d) => setAllRooms(d.checked)} />
              </Field>
              {!allRooms ? (
                <>
                  <EntityPicker<Site> title="Sites" path="/sites" labelOf={(x) => x.name} selectedIds={siteIds} onChange={(ids) => setSiteIds(ids)} />
                  <EntityPicker<{ id: string; name: string }> title="Room groups" path="/room-groups" labelOf={(x) => x.name} selectedIds={roomGroupIds} onChange={(ids) => setRoomGroupIds(ids)} />
                  <EntityPicker<{ id: string; name: string }> title="Rooms" path="/rooms" labelOf={(x) => x.name} selectedIds={roomIds} onChange={(ids) => setRoomIds(ids)} />
                </>
              ) : null}
              <ErrorBar error={dialog.error} />
            </div>
          </DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button appearance="secondary">Cancel</Button>
            </DialogTrigger>
            <Button appearance="primary" disabled={dialog.busy} onClick={() => void save()} icon={dialog.busy ? <Spinner size="tiny" /> : undefined}>
              {c ? 'Save channel' : 'Create channel'}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
