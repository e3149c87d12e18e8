// Settings > General: the tenant-wide remote access switch (off by default), the
// contact who answers for remote sessions, and session limits. The server's 400 names
// the field at fault; its message is shown under that field.
import { Button, Card, Field, Input, MessageBar, MessageBarBody, Spinner, Switch, Text, makeStyles, tokens } from '@fluentui/react-components';
import { SESSION_IDLE_BOUNDS, SESSION_MAX_BOUNDS, type GeneralSettings } from '../../api/types.ts';
import { SaveState } from '../../components/SaveState.tsx';
import { ErrorBar, Page } from '../../components/Page.tsx';
import { useSettingsForm } from '../../components/useSettingsForm.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { liveSessionCount, turnOffWarning } from './turnOff.ts';
import { useMe } from '../../app/session.tsx';
import { OidcSettingsCard } from '../sso/OidcSettingsCard.tsx';

const useStyles = makeStyles({
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, padding: tokens.spacingHorizontalXL, maxWidth: '640px' },
  row: { display: 'flex', gap: tokens.spacingHorizontalL },
  footer: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
});

type FieldName = 'remoteAccessEnabled' | 'remoteAccessContactEmail' | 'sessionIdleTimeoutMinutes' | 'sessionMaxMinutes';

interface Form {
  remoteAccessEnabled: boolean;
  email: string;
  idle: string;
  max: string;
}

function toForm(g: GeneralSettings): Form {
  return { remoteAccessEnabled: g.remoteAccessEnabled, email: g.remoteAccessContactEmail ?? '', idle: String(g.sessionIdleTimeoutMinutes), max: String(g.sessionMaxMinutes) };
}

function boundsProblem(value: string, b: { min: number; max: number }): string | null {
  const n = Number(value);
  if (!Number.isInteger(n) || value.trim() === '') return 'Enter a whole number of minutes';
  if (n < b.min || n > b.max) return `Between ${b.min} and ${b.max} minutes`;
  return null;
}

const FIELDS: readonly FieldName[] = ['remoteAccessEnabled', 'remoteAccessContactEmail', 'sessionIdleTimeoutMinutes', 'sessionMaxMinutes'];

function validate(form: Form): Partial<Record<FieldName, string>> {
  const local: Partial<Record<FieldName, string>> = {};
  const idleProblem = boundsProblem(form.idle, SESSION_IDLE_BOUNDS);
  const maxProblem = boundsProblem(form.max, SESSION_MAX_BOUNDS);
  if (idleProblem) local.sessionIdleTimeoutMinutes = idleProblem;
  if (maxProblem) local.sessionMaxMinutes = maxProblem;
  return local;
}

const toBody = (form: Form) => ({
  remoteAccessEnabled: form.remoteAccessEnabled,
  remoteAccessContactEmail: form.email.trim() === '' ? null : form.email.trim(),
  sessionIdleTimeoutMinutes: Number(form.idle),
  sessionMaxMinutes: Number(form.max),
});

export function GeneralSettingsPage() {
  const s = useStyles();
  const me = useMe();
  const readOnly = me.permissions.settings !== 'modify';
  const { loaded, form, update, save, saving, dirty, saved, fieldErrors, error } = useSettingsForm<GeneralSettings, Form, FieldName>({
    path: '/settings/general',
    toForm,
    toBody,
    validate,
    fieldOf: (field) => FIELDS.find((f) => f === field),
  });

  // Turning remote access off ends every live session: the save asks first, saying how many.
  const turningOff = loaded.data?.remoteAccessEnabled === true && form?.remoteAccessEnabled === false;
  const mayReadSessions = me.permissions.remoteAccess !== 'none';
  const live = useLoad(() => (turningOff ? liveSessionCount(mayReadSessions).catch(() => null) : Promise.resolve(null)), [turningOff, mayReadSessions]);

  const lastUpdated = loaded.data?.updatedAt ? new Date(loaded.data.updatedAt).toLocaleString() : null;

  return (
    <Page title="General" description="Remote access for the whole organisation, and limits for every remote session.">
      <ErrorBar error={loaded.error ?? error} />
      {readOnly ? (
        <MessageBar intent="info">
          <MessageBarBody>You can view these settings; changing them needs Settings: Modify.</MessageBarBody>
        </MessageBar>
      ) : null}
      {!form ? (
        <Spinner label="Loading settings…" />
      ) : (
        <Card className={s.card} role="region" aria-label="Remote access and sessions">
          <Field
            label="Allow remote access"
            hint="When off, nobody can start a remote session, and turning it off ends every live session at once."
            validationMessage={fieldErrors.remoteAccessEnabled}
          >
            <Switch
              checked={form.remoteAccessEnabled}
              disabled={readOnly}
              label={form.remoteAccessEnabled ? 'On' : 'Off'}
              onChange={(_e, d) => update({ remoteAccessEnabled: d.checked })}
            />
          </Field>
          <Field
            label="Contact email for remote sessions"
            hint="Who answers for remote sessions; written into every session's audit entry. Required to allow remote access."
            required={form.remoteAccessEnabled}
            validationMessage={fieldErrors.remoteAccessContactEmail}
            validationState={fieldErrors.remoteAccessContactEmail ? 'error' : 'none'}
          >
            <Input type="email" name="remoteAccessContactEmail" value={form.email} readOnly={readOnly} onChange={(_e, d) => update({ email: d.value })} placeholder="rooms-team@example.com" />
          </Field>
          <div className={s.row}>
            <Field
              label="Idle timeout (minutes)"
              hint={`${SESSION_IDLE_BOUNDS.min}–${SESSION_IDLE_BOUNDS.max}; a session with no input for this long ends`}
              validationMessage={fieldErrors.sessionIdleTimeoutMinutes}
            >
              <Input type="number" name="sessionIdleTimeoutMinutes" min={SESSION_IDLE_BOUNDS.min} max={SESSION_IDLE_BOUNDS.max} value={form.idle} readOnly={readOnly} onChange={(_e, d) => update({ idle: d.value })} />
            </Field>
            <Field
              label="Maximum session length (minutes)"
              hint={`${SESSION_MAX_BOUNDS.min}–${SESSION_MAX_BOUNDS.max}`}
              validationMessage={fieldErrors.sessionMaxMinutes}
            >
              <Input type="number" name="sessionMaxMinutes" min={SESSION_MAX_BOUNDS.min} max={SESSION_MAX_BOUNDS.max} value={form.max} readOnly={readOnly} onChange={(_e, d) => update({ max: d.value })} />
            </Field>
          </div>
          <div className={s.footer}>
            {!readOnly && turningOff ? (
              <ConfirmDialog
                trigger={
                  <Button appearance="primary" disabled={saving || !dirty || live.loading} icon={saving ? <Spinner size="tiny" /> : undefined}>
                    Save
                  </Button>
                }
                title="Turn remote access off?"
                body={turnOffWarning(live.data)}
                confirmLabel="Turn off and end sessions"
                onConfirm={save}
                onCancel={() => update({ remoteAccessEnabled: true })}
              />
            ) : null}
            {!readOnly && !turningOff ? (
              <Button appearance="primary" disabled={saving || !dirty} onClick={() => void save()} icon={saving ? <Spinner size="tiny" /> : undefined}>
                Save
              </Button>
            ) : null}
            <SaveState saved={saved} dirty={dirty} />
            {lastUpdated ? <Text size={200}>Last updated {lastUpdated}</Text> : <Text size={200}>Never changed since installation</Text>}
          </div>
        </Card>
      )}
      <OidcSettingsCard />
    </Page>
  );
}
