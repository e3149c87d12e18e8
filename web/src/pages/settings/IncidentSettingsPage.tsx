// Settings > Incidents: per health signal, on or off for the whole organisation and the
// severity of a failure and of a degradation. A signal turned off opens no new incident;
// those already open stay until they recover or someone resolves them. Per room, a
// maintenance window (on the room's page) mutes its new incidents.
import { Button, Card, Dropdown, Option, Spinner, Switch, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { INCIDENT_SEVERITIES, INCIDENT_SIGNALS, SIGNAL_LABELS, type IncidentSettingsView, type IncidentSeverity, type IncidentSignal, type SignalIncidentSetting } from '@roomwarden/protocol';
import { SaveState } from '../../components/SaveState.tsx';
import { ErrorBar, Page } from '../../components/Page.tsx';
import { useSettingsForm } from '../../components/useSettingsForm.ts';
import { useMe } from '../../app/session.tsx';

const useStyles = makeStyles({
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, padding: tokens.spacingHorizontalXL, maxWidth: '900px' },
  table: { tableLayout: 'auto' },
  footer: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
});

type Form = Record<IncidentSignal, SignalIncidentSetting>;
const LABEL: Record<IncidentSeverity, string> = { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };

function SeverityPicker(props: { label: string; value: IncidentSeverity; disabled: boolean; onChange: (v: IncidentSeverity) => void }) {
  return (
    <Dropdown aria-label={props.label} value={LABEL[props.value]} selectedOptions={[props.value]} disabled={props.disabled} onOptionSelect={(_e, d) => props.onChange((d.optionValue ?? props.value) as IncidentSeverity)}>
      {INCIDENT_SEVERITIES.map((v) => (
        <Option key={v} value={v}>
          {LABEL[v]}
        </Option>
      ))}
    </Dropdown>
  );
}

export function IncidentSettingsPage() {
  const s = useStyles();
  const readOnly = useMe().permissions.settings !== 'modify';
  const { loaded, form, update, save, saving, dirty, saved, error } = useSettingsForm<IncidentSettingsView, Form, 'signals'>({
    path: '/settings/incidents',
    toForm: (d) => d.signals,
    toBody: (f) => ({ signals: f }),
    fieldOf: (field) => (field.startsWith('signals') ? 'signals' : undefined),
  });
  const set = (signal: IncidentSignal, patch: Partial<SignalIncidentSetting>) => form && update({ [signal]: { ...form[signal], ...patch } } as Partial<Form>);

  return (
    <Page title="Incident settings" description="Which health signals open incidents, and how severe they are. A room's maintenance window (on its page) mutes its new incidents.">
      <ErrorBar error={loaded.error ?? error} />
      {!form ? (
        <Spinner label="Loading incident settings…" />
      ) : (
        <Card className={s.card}>
          <Text>A signal turned off opens no new incident; incidents already open stay until the signal recovers or someone resolves them.</Text>
          <Table className={s.table} aria-label="Incident settings" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Signal</TableHeaderCell>
                <TableHeaderCell>Opens incidents</TableHeaderCell>
                <TableHeaderCell>When it fails</TableHeaderCell>
                <TableHeaderCell>When it degrades</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {INCIDENT_SIGNALS.map((signal) => (
                <TableRow key={signal} data-signal={signal}>
                  <TableCell>{SIGNAL_LABELS[signal]}</TableCell>
                  <TableCell>
                    <Switch checked={form[signal].enabled} disabled={readOnly} aria-label={`${SIGNAL_LABELS[signal]} opens incidents`} label={form[signal].enabled ? 'On' : 'Off'} onChange={(_e, d) => set(signal, { enabled: d.checked })} />
                  </TableCell>
                  <TableCell>
                    <SeverityPicker label={`${SIGNAL_LABELS[signal]} failure severity`} value={form[signal].severity} disabled={readOnly || !form[signal].enabled} onChange={(v) => set(signal, { severity: v })} />
                  </TableCell>
                  <TableCell>
                    <SeverityPicker label={`${SIGNAL_LABELS[signal]} degradation severity`} value={form[signal].degradedSeverity} disabled={readOnly || !form[signal].enabled} onChange={(v) => set(signal, { degradedSeverity: v })} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {readOnly ? (
            <Text italic>Changing these needs Settings: Modify.</Text>
          ) : (
            <div className={s.footer}>
              <Button appearance="primary" disabled={saving || !dirty} onClick={() => void save()}>
                Save
              </Button>
              <SaveState saved={saved} dirty={dirty} />
            </div>
          )}
        </Card>
      )}
    </Page>
  );
}
