// Sign-in: email and password, or the organisation's identity provider when OIDC is on.
// Errors say what happened: wrong password, rate limited (with when to retry), or an
// error code handed back in ?error= by the OIDC callback.
import { useEffect, useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { Button, Card, Divider, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Text, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { ShieldKeyhole20Regular } from '@fluentui/react-icons';
import { ApiError, api, messageOf } from '../../api/client.ts';
import type { Providers } from '../../api/types.ts';
import { useSession } from '../../app/session.tsx';

const useStyles = makeStyles({
  root: { minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', backgroundColor: tokens.colorNeutralBackground3 },
  card: { width: '380px', padding: tokens.spacingHorizontalXXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  brand: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, color: tokens.colorBrandForeground1 },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

const CALLBACK_ERRORS: Record<string, string> = {
  OIDC_LOGIN_FAILED: 'Signing in with your organisation account failed. Try again.',
  OIDC_STATE_MISMATCH: 'The sign-in took too long or was started in another tab. Try again.',
  OIDC_DOMAIN_NOT_ALLOWED: 'Your organisation account is not allowed to sign in to Roomwarden.',
  OIDC_NOT_CONFIGURED: 'Single sign-on is not configured on this server.',
  ACCOUNT_DISABLED: 'Your account is disabled. Ask an administrator.',
  SESSION_EXPIRED: 'Your session has expired. Sign in again.',
};

function describeLoginError(err: unknown): string {
  if (!(err instanceof ApiError)) return messageOf(err);
  switch (err.code) {
    case 'INVALID_CREDENTIALS':
      return 'The email or password is not correct.';
    case 'RATE_LIMITED': {
      const wait = err.retryAfterSeconds;
      if (wait === null) return 'Too many failed sign-ins. Wait a moment and try again.';
      const at = new Date(Date.now() + wait * 1000).toLocaleTimeString();
      return `Too many failed sign-ins. Try again in ${wait} seconds (at ${at}).`;
    }
    case 'ACCOUNT_DISABLED':
      return 'This account is disabled. Ask an administrator.';
    case 'LOCAL_LOGIN_DISABLED':
      return 'Password sign-in is turned off: sign in with your organisation account.';
    default:
      return err.message;
  }
}

/** Only same-site paths are followed after sign-in. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/signin') ? next : '/';
}

export function SignInPage() {
  const s = useStyles();
  const { state, signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [providers, setProviders] = useState<Providers | null>(null);
  const next = safeNext(params.get('next'));
  const callbackError = params.get('error');

  useEffect(() => {
    api.get<Providers>('/auth/providers').then(setProviders, (err: unknown) => setError(messageOf(err)));
  }, []);

  if (state.status === 'signedIn') return <Navigate to={next} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email, password);
      void navigate(next, { replace: true });
    } catch (err) {
      setError(describeLoginError(err));
    } finally {
      setBusy(false);
    }
  };

  const oidc = providers?.oidc.enabled ? providers.oidc : null;
  const local = providers?.localLoginEnabled ?? true;

  return (
    <div className={s.root}>
      <Card className={s.card}>
        <div className={s.brand}>
          <ShieldKeyhole20Regular />
          <Text weight="semibold" size={500}>
            Roomwarden
          </Text>
        </div>
        <Title2 as="h1">Sign in</Title2>
        {callbackError ? (
          <MessageBar intent="error" data-testid="callback-error">
            <MessageBarBody>
              <MessageBarTitle>Sign-in failed</MessageBarTitle>
              {CALLBACK_ERRORS[callbackError] ?? `The server reported ${callbackError}.`}
            </MessageBarBody>
          </MessageBar>
        ) : null}
        {error ? (
          <MessageBar intent="error" role="alert" data-testid="signin-error">
            <MessageBarBody>{error}</MessageBarBody>
          </MessageBar>
        ) : null}
        {oidc ? (
          <Button as="a" appearance="primary" href={`${oidc.loginUrl ?? '/api/v1/auth/oidc/login'}?next=${encodeURIComponent(next)}`}>
            Sign in with {oidc.displayName || 'your organisation account'}
          </Button>
        ) : null}
        {oidc && local ? <Divider>or</Divider> : null}
        {local ? (
          <form className={s.form} onSubmit={(e) => void submit(e)}>
            <Field label="Email" required>
              <Input type="email" name="email" autoComplete="username" value={email} onChange={(_e, d) => setEmail(d.value)} />
            </Field>
            <Field label="Password" required>
              <Input type="password" name="password" autoComplete="current-password" value={password} onChange={(_e, d) => setPassword(d.value)} />
            </Field>
            <Button type="submit" appearance={oidc ? 'secondary' : 'primary'} disabled={busy || !email || !password} icon={busy ? <Spinner size="tiny" /> : undefined}>
              Sign in
            </Button>
          </form>
        ) : null}
      </Card>
    </div>
  );
}
