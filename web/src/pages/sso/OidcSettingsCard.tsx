// Settings > General > Single sign-on (OpenID Connect): the provider, its client secret
// (write-only: the server only says whether one is set), scopes, groups claim, allowed
// email domains, the sign-in button label, and password sign-in off except break-glass.
import { Badge, Button, Card, CardHeader, Field, Input, Spinner, Switch, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { User } from '../../api/types.ts';
import { EntityPicker } from '../../components/EntityPicker.tsx';
import { SaveState } from '../../components/SaveState.tsx';
import { ErrorBar } from '../../components/Page.tsx';
import { useSettingsForm } from '../../components/useSettingsForm.ts';
import { useMe } from '../../app/session.tsx';
import { SecretLine } from '../../live/SecretOnce.tsx';

export interface OidcSettings {
  enabled: boolean;
  displayName: string;
  issuer: string;
  clientId: string;
  clientSecretSet: boolean;
  /** A secret is stored but this server's secrets key does not open it. */
  clientSecretUnreadable: boolean;
  scopes: string;
  groupsClaim: string;
  allowedEmailDomains: string[];
  localLoginDisabled: boolean;
  breakGlassUserIds: string[];
  redirectUri: string;
  updatedAt: string | null;
}

type Form = Omit<OidcSettings, 'clientSecretSet' | 'clientSecretUnreadable' | 'redirectUri' | 'updatedAt' | 'allowedEmailDomains'> & { domains: string; secret: string; clearSecret: boolean };

const useStyles = makeStyles({
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalXL, maxWidth: '640px' },
  row: { display: 'flex', gap: tokens.spacingHorizontalL, alignItems: 'flex-start' },
  grow: { flexGrow: 1 },
  secret: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  footer: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
});

function toForm(o: OidcSettings): Form {
  const { clientSecretSet: _c, clientSecretUnreadable: _x, redirectUri: _r, updatedAt: _u, allowedEmailDomains, ...rest } = o;
  return { ...rest, domains: allowedEmailDomains.join(', '), secret: '', clearSecret: false };
}

function toBody(form: Form): Record<string, unknown> {
  const { domains, secret, clearSecret, ...rest } = form;
  const body: Record<string, unknown> = { ...rest, allowedEmailDomains: domains.split(/[\s,]+/).filter(Boolean) };
  if (clearSecret) body.clientSecret = '';
  else if (secret !== '') body.clientSecret = secret;
  return body;
}

const UNREADABLE_SECRET = "The stored secret cannot be read with this server's secrets key (ROOMWARDEN_SECRETS_KEY or the data directory's secrets.key changed). Enter it again.";

/** The fields this card shows a server refusal under (any other goes to the top). */
const OIDC_FIELDS = ['enabled', 'displayName', 'issuer', 'clientId', 'clientSecret', 'scopes', 'groupsClaim', 'allowedEmailDomains', 'localLoginDisabled', 'breakGlassUserIds'] as const;

const userLabel = (u: User) => `${u.displayName} (${u.email})`;

export function OidcSettingsCard() {
  const s = useStyles();
  const me = useMe();
  const readOnly = me.permissions.settings !== 'modify';
  const { loaded, form, update, save, saving, dirty, saved, fieldErrors, error } = useSettingsForm<OidcSettings, Form, string>({
    path: '/settings/oidc',
    toForm,
    toBody,
    fieldOf: (field) => OIDC_FIELDS.find((f) => f === field.split('.')[0]),
  });

  const v = loaded.data;
  return (
    <Card className={s.card} data-testid="oidc-settings">
      <CardHeader
        header={<Text weight="semibold">Single sign-on (OpenID Connect)</Text>}
        description={<Text size={200}>Let people sign in with your organisation&apos;s identity provider (Entra ID, Okta, Keycloak…).</Text>}
        action={v ? <Badge appearance="tint" color={v.enabled ? 'success' : 'subtle'}>{v.enabled ? 'On' : 'Off'}</Badge> : undefined}
      />
      <ErrorBar error={loaded.error ?? error} />
      {!form || !v ? (
        loaded.error ? null : <Spinner size="tiny" label="Loading single sign-on settings…" />
      ) : (
        <>
          <Field label="Redirect URI" hint="Register this address with the identity provider.">
            <SecretLine value={v.redirectUri} label="Copy the redirect URI" />
          </Field>
          <Field label="Issuer" hint="https://login.microsoftonline.com/<tenant>/v2.0" validationMessage={fieldErrors.issuer}>
            <Input name="issuer" value={form.issuer} readOnly={readOnly} onChange={(_e, d) => update({ issuer: d.value })} />
          </Field>
          <div className={s.row}>
            <Field className={s.grow} label="Client ID" validationMessage={fieldErrors.clientId}>
              <Input name="clientId" value={form.clientId} readOnly={readOnly} onChange={(_e, d) => update({ clientId: d.value })} />
            </Field>
            <Field
              className={s.grow}
              label="Client secret"
              hint={v.clientSecretSet ? 'A secret is set. Type a new one to replace it.' : v.clientSecretUnreadable ? undefined : 'No secret is set.'}
              validationMessage={fieldErrors.clientSecret ?? (v.clientSecretUnreadable && !form.secret ? UNREADABLE_SECRET : undefined)}
              validationState={fieldErrors.clientSecret ? 'error' : v.clientSecretUnreadable && !form.secret ? 'warning' : 'none'}
            >
              <div className={s.secret}>
                <Input
                  name="clientSecret"
                  type="password"
                  autoComplete="new-password"
                  value={form.secret}
                  readOnly={readOnly}
                  disabled={form.clearSecret}
                  placeholder={v.clientSecretSet ? '•••••••• (set)' : 'Not set'}
                  onChange={(_e, d) => update({ secret: d.value, clearSecret: false })}
                />
                <Badge appearance="tint" color={v.clientSecretSet ? 'success' : 'subtle'} data-testid="client-secret-state">
                  {form.clearSecret ? 'Will be cleared' : form.secret ? (v.clientSecretSet ? 'Will be replaced' : 'Will be set') : v.clientSecretSet ? 'Set' : v.clientSecretUnreadable ? 'Unreadable' : 'Not set'}
                </Badge>
                {v.clientSecretSet && !readOnly && !form.clearSecret ? (
                  <Button size="small" appearance="subtle" onClick={() => update({ clearSecret: true, secret: '' })}>
                    Clear
                  </Button>
                ) : null}
              </div>
            </Field>
          </div>
          <div className={s.row}>
            <Field className={s.grow} label="Scopes" hint="Space-separated; must include openid" validationMessage={fieldErrors.scopes}>
              <Input name="scopes" value={form.scopes} readOnly={readOnly} onChange={(_e, d) => update({ scopes: d.value })} />
            </Field>
            <Field className={s.grow} label="Groups claim" hint="The ID token claim holding group ids" validationMessage={fieldErrors.groupsClaim}>
              <Input name="groupsClaim" value={form.groupsClaim} readOnly={readOnly} onChange={(_e, d) => update({ groupsClaim: d.value })} />
            </Field>
          </div>
          <Field label="Allowed email domains" hint="Comma-separated; empty allows any domain the provider vouches for" validationMessage={fieldErrors.allowedEmailDomains}>
            <Input name="allowedEmailDomains" value={form.domains} readOnly={readOnly} placeholder="contoso.com, fabrikam.com" onChange={(_e, d) => update({ domains: d.value })} />
          </Field>
          <Field label="Sign-in button label" validationMessage={fieldErrors.displayName}>
            <Input name="displayName" value={form.displayName} readOnly={readOnly} onChange={(_e, d) => update({ displayName: d.value })} />
          </Field>
          <Field label="Single sign-on" validationMessage={fieldErrors.enabled}>
            <Switch checked={form.enabled} disabled={readOnly} label={form.enabled ? 'On: the sign-in page offers it' : 'Off'} onChange={(_e, d) => update({ enabled: d.checked })} />
          </Field>
          <Field
            label="Password sign-in"
            hint="Off: only the built-in Administrator and the break-glass accounts below may sign in with a password."
            validationMessage={fieldErrors.localLoginDisabled}
          >
            <Switch
              checked={!form.localLoginDisabled}
              disabled={readOnly}
              label={form.localLoginDisabled ? 'Off (break-glass accounts only)' : 'On for everyone'}
              onChange={(_e, d) => update({ localLoginDisabled: !d.checked })}
            />
          </Field>
          {form.localLoginDisabled ? (
            <EntityPicker<User>
              title="Break-glass accounts"
              path="/users"
              labelOf={userLabel}
              selectedIds={form.breakGlassUserIds}
              onChange={(ids) => update({ breakGlassUserIds: ids })}
              disabled={readOnly}
            />
          ) : null}
          {fieldErrors.breakGlassUserIds ? <Text role="alert">{fieldErrors.breakGlassUserIds}</Text> : null}
          <div className={s.footer}>
            {!readOnly ? (
              <Button appearance="primary" disabled={saving || !dirty} onClick={() => void save()} icon={saving ? <Spinner size="tiny" /> : undefined}>
                Save single sign-on
              </Button>
            ) : null}
            <SaveState saved={saved} dirty={dirty} />
          </div>
        </>
      )}
    </Card>
  );
}
