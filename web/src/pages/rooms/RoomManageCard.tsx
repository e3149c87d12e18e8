// Managing one room (Rooms: Modify on it): rename, move to another site, set or end a
// maintenance window (new incidents are muted until then), and retire it. Each says what it
// did, or why the server refused.
import { useEffect, useState } from 'react';
import { Button, Card, CardHeader, Dropdown, Field, Input, MessageBar, MessageBarBody, Option, Text, makeStyles, tokens } from '@fluentui/react-components';
import { MAINTENANCE_MAX_DAYS } from '@roomwarden/protocol';
import { api, ApiError, messageOf } from '../../api/client.ts';
import type { Page as ApiPage, Room, Site } from '../../api/types.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorBar } from '../../components/Page.tsx';
import { when } from '../../live/format.ts';

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'flex-end' },
  wide: { minWidth: '260px' },
});

/** A local date-time input value (yyyy-mm-ddThh:mm) some hours from now. */
function localInput(hoursAhead: number): string {
  const d = new Date(Date.now() + hoursAhead * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function RoomManageCard(props: { room: Room; onChanged: (room: Room) => void; onRetired: (room: Room) => void }) {
  const s = useStyles();
  const r = props.room;
  const [name, setName] = useState(r.name);
  const [siteId, setSiteId] = useState(r.siteId ?? '');
  const [sites, setSites] = useState<Site[]>([]);
  const [until, setUntil] = useState(localInput(2));
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<{ message: string; field?: string | undefined } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => setName(r.name), [r.name]);
  useEffect(() => setSiteId(r.siteId ?? ''), [r.siteId]);
  useEffect(() => {
    api.get<ApiPage<Site>>('/sites', { limit: 200 }).then(
      (p) => setSites(p.items),
      (err: unknown) => setError({ message: `The sites could not be loaded: ${messageOf(err)}` }),
    );
  }, []);

  const run = async (what: () => Promise<string>) => {
    setBusy(true);
    setDone(null);
    setError(null);
    try {
      setDone(await what());
    } catch (err) {
      setError({ message: messageOf(err), field: err instanceof ApiError ? err.field : undefined });
    } finally {
      setBusy(false);
    }
  };
  const patch = (body: Record<string, unknown>, said: (room: Room) => string) =>
    run(async () => {
      const room = await api.patch<Room>(`/rooms/${r.id}`, body);
      props.onChanged(room);
      return said(room);
    });
  const setMaintenance = () =>
    run(async () => {
      const room = await api.put<Room>(`/rooms/${r.id}/maintenance`, { until: new Date(until).toISOString(), reason: reason.trim() });
      props.onChanged(room);
      return `Maintenance window set: new incidents are muted until ${when(room.maintenanceUntil)}.`;
    });
  const endMaintenance = () =>
    run(async () => {
      await api.del(`/rooms/${r.id}/maintenance`);
      props.onChanged({ ...r, maintenanceUntil: null, maintenanceReason: null });
      return 'Maintenance window ended: new incidents open again.';
    });
  const siteLabel = (id: string) => (id ? (sites.find((x) => x.id === id)?.name ?? r.siteName ?? 'Selected site') : 'No site');
  const fieldError = (f: string) => (error?.field === f ? error.message : undefined);

  return (
    <Card className={s.card} aria-label="Manage this room">
      <CardHeader header={<Text weight="semibold">Manage this room</Text>} />
      {done ? (
        <MessageBar intent="success" data-testid="room-manage-done">
          <MessageBarBody>{done}</MessageBarBody>
        </MessageBar>
      ) : null}
      <ErrorBar error={error && !error.field ? error.message : null} />
      <div className={s.row}>
        <Field label="Name" validationMessage={fieldError('name')}>
          <Input className={s.wide} aria-label="Room name" value={name} onChange={(_e, d) => setName(d.value)} />
        </Field>
        <Button disabled={busy || !name.trim() || name.trim() === r.name} onClick={() => void patch({ name: name.trim() }, (room) => `Renamed to ${room.name}.`)}>
          Rename
        </Button>
        <Field label="Site" validationMessage={fieldError('siteId')}>
          <Dropdown className={s.wide} aria-label="Move to site" value={siteLabel(siteId)} selectedOptions={[siteId]} onOptionSelect={(_e, d) => setSiteId(d.optionValue ?? '')}>
            <Option value="">No site</Option>
            {sites.map((x) => (
              <Option key={x.id} value={x.id}>
                {x.name}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Button disabled={busy || siteId === (r.siteId ?? '')} onClick={() => void patch({ siteId: siteId || null }, (room) => `Moved to ${room.siteName ?? 'no site'}.`)}>
          Move
        </Button>
      </div>
      <div className={s.row}>
        <Field label="Maintenance until" hint={`At most ${MAINTENANCE_MAX_DAYS} days ahead`} validationMessage={fieldError('until')}>
          <Input type="datetime-local" aria-label="Maintenance until" value={until} onChange={(_e, d) => setUntil(d.value)} />
        </Field>
        <Field label="Reason" validationMessage={fieldError('reason')}>
          <Input className={s.wide} aria-label="Maintenance reason" value={reason} placeholder="Replacing the camera" onChange={(_e, d) => setReason(d.value)} />
        </Field>
        <Button disabled={busy || !until || !reason.trim()} onClick={() => void setMaintenance()}>
          {r.maintenanceUntil ? 'Change the window' : 'Start maintenance'}
        </Button>
        {r.maintenanceUntil ? (
          <Button disabled={busy} onClick={() => void endMaintenance()}>
            End maintenance now
          </Button>
        ) : null}
      </div>
      <div className={s.row}>
        <ConfirmDialog
          trigger={<Button appearance="secondary">Retire this room…</Button>}
          title={`Retire ${r.name}?`}
          body="The room leaves every list, its agent is signed out for good, live sessions end and open incidents are resolved as retired. Its history (incidents, sessions, actions, audit) stays."
          confirmLabel="Retire"
          onConfirm={async () => props.onRetired(await api.post<Room>(`/rooms/${r.id}/retire`))}
        />
      </div>
    </Card>
  );
}
