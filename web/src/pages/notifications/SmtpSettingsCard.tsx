// Settings > Notifications > Email server: the SMTP server email notifications go through.
// The password is write-only: the server only says whether one is set.
import { useState } from 'react';
import { Badge, Button, Card, CardHeader, Dropdown, Field, Input, Option, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { NotificationSettingsView, SmtpSecurity } from '@roomwarden/protocol';
import { api, messageOf } from '../../api/client.ts';
import { SaveState } from '../../components/SaveState.tsx';
import { ErrorBar } from '../../components/Page.tsx';
import { useSettingsForm } from '../../components/useSettingsForm.ts';

type Form = Omit<NotificationSettingsView['smtp'], 'passwordSet' | 'port'> & { port: string; password: string; clearPassword: boolean };
const FIELDS = ['host', 'port', 'security', 'username', 'password', 'from'] as const;
type FieldName = (typeof FIELDS)[number];

const SECURITY: Record<SmtpSecurity, string> = { starttls: 'STARTTLS (usually port 587)', tls: 'TLS from the start (usually port 465)', none: 'None (a relay on a trusted network)' };

const useStyles = makeStyles({
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalXL, maxWidth: '640px' },
  row: { display: 'flex', gap: tokens.spacingHorizontalL, alignItems: 'flex-start' },
  grow: { flexGrow: 1 },
  footer: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
});

function toForm(v: NotificationSettingsView): Form {
  const { passwordSet: _p, port, ...rest } = v.smtp;
  return { ...rest, port: String(port), password: '', clearPassword: false };
}

function toBody(f: Form): unknown {
  const { password, clearPassword, port, ...rest } = f;
  return { smtp: { ...rest, port: Number(port), ...(clearPassword ? { password: '' } : password ? { password } : {}) } };
}

export function SmtpSettingsCard({ readOnly }: { readOnly: boolean }) {
  const s = useStyles();
  const { loaded, form, update, save, saving, dirty, saved, fieldErrors, error } = useSettingsForm<NotificationSettingsView, Form, FieldName>({
    path: '/settings/notifications',
    toForm,
    toBody,
    validate: (f) => {
      const port = Number(f.port);
      return Number.isInteger(port) && port >= 1 && port <= 65535 ? {} : { port: 'A port from 1 to 65535' };
    },
    fieldOf: (field) => FIELDS.find((x) => x === field.replace(/^smtp\./, '')),
  });
  const v = loaded.data;
  const [testTo, setTestTo] = useState('');
  const [testResult, setTestResult] = useState<string | null>(null);
  const sendTest = async () => {
    setTestResult(null);
    try {
      await api.post('/settings/notifications/test-email', { to: testTo.trim() });
      setTestResult(`A test email is on its way to ${testTo.trim()}. See Deliveries for the server's answer.`);
    } catch (err) {
      setTestResult(messageOf(err));
    }
  };
  return (
    <Card className={s.card} data-testid="smtp-settings">
      <CardHeader header={<Text weight="semibold">Email server (SMTP)</Text>} description={<Text size={200}>Email channels and the assignment members who get incident emails are sent through this server.</Text>} />
      <ErrorBar error={loaded.error ?? error} />
      {!form || !v ? (
        loaded.error ? null : <Spinner size="tiny" label="Loading the email server settings…" />
      ) : (
        <>
          <div className={s.row}>
            <Field className={s.grow} label="Host" validationMessage={fieldErrors.host}>
              <Input name="smtpHost" value={form.host} readOnly={readOnly} placeholder="smtp.office365.com" onChange={(_e, d) => update({ host: d.value })} />
            </Field>
            <Field label="Port" validationMessage={fieldErrors.port}>
              <Input name="smtpPort" type="number" value={form.port} readOnly={readOnly} onChange={(_e, d) => update({ port: d.value })} />
            </Field>
          </div>
          <Field label="Security" validationMessage={fieldErrors.security}>
            <Dropdown aria-label="Security" disabled={readOnly} value={SECURITY[form.security]} selectedOptions={[form.security]} onOptionSelect={(_e, d) => update({ security: d.optionValue as SmtpSecurity })}>
              {(Object.keys(SECURITY) as SmtpSecurity[]).map((k) => (
                <Option key={k} value={k}>
                  {SECURITY[k]}
                </Option>
              ))}
            </Dropdown>
          </Field>
          <div className={s.row}>
            <Field className={s.grow} label="User name" hint="Empty: no sign-in" validationMessage={fieldErrors.username}>
              <Input name="smtpUsername" value={form.username} readOnly={readOnly} autoComplete="off" onChange={(_e, d) => update({ username: d.value })} />
            </Field>
            <Field className={s.grow} label="Password" hint={v.smtp.passwordSet ? 'A password is set. Type a new one to replace it.' : 'No password is set.'} validationMessage={fieldErrors.password}>
              <Input
                name="smtpPassword"
                type="password"
                autoComplete="new-password"
                value={form.password}
                readOnly={readOnly}
                disabled={form.clearPassword}
                placeholder={v.smtp.passwordSet ? '•••••••• (set)' : 'Not set'}
                onChange={(_e, d) => update({ password: d.value, clearPassword: false })}
              />
            </Field>
          </div>
          <div className={s.footer}>
            <Badge appearance="tint" color={v.smtp.passwordSet ? 'success' : 'subtle'} data-testid="smtp-password-state">
              {form.clearPassword ? 'Will be cleared' : form.password ? 'Will be replaced' : v.smtp.passwordSet ? 'Password set' : 'No password'}
            </Badge>
            {v.smtp.passwordSet && !readOnly && !form.clearPassword ? (
              <Button size="small" appearance="subtle" onClick={() => update({ clearPassword: true, password: '' })}>
                Clear the password
              </Button>
            ) : null}
          </div>
          <Field label="Sender" hint="roomwarden@contoso.com or “Roomwarden <roomwarden@contoso.com>”" validationMessage={fieldErrors.from}>
            <Input name="smtpFrom" value={form.from} readOnly={readOnly} onChange={(_e, d) => update({ from: d.value })} />
          </Field>
          <div className={s.footer}>
            {!readOnly ? (
              <Button appearance="primary" disabled={saving || !dirty} onClick={() => void save()} icon={saving ? <Spinner size="tiny" /> : undefined}>
                Save email server
              </Button>
            ) : null}
            <SaveState saved={saved} dirty={dirty} />
          </div>
          {!readOnly ? (
            <div className={s.row}>
              <Field className={s.grow} label="Send a test email to" hint="Uses the saved settings">
                <Input name="smtpTestTo" value={testTo} placeholder="you@contoso.com" onChange={(_e, d) => setTestTo(d.value)} />
              </Field>
              <Button disabled={!testTo.trim() || dirty} onClick={() => void sendTest()} style={{ marginTop: tokens.spacingVerticalXXL }}>
                Send test email
              </Button>
            </div>
          ) : null}
          {testResult ? <Text role="status">{testResult}</Text> : null}
        </>
      )}
    </Card>
  );
}
