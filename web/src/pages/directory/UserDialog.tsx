// Create a user, or edit one: display name, disabled, reset password.
import { useState, type ReactElement } from 'react';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, DialogTrigger, Field, Input, Switch, makeStyles, tokens } from '@fluentui/react-components';
import { ApiError, api, messageOf } from '../../api/client.ts';
import type { User } from '../../api/types.ts';
import { ErrorBar } from '../../components/Page.tsx';

const useStyles = makeStyles({ form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM } });

export function UserDialog(props: { trigger: ReactElement; user?: User; onSaved: (u: User) => void }) {
  const s = useStyles();
  const editing = props.user;
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [disabled, setDisabled] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<{ field: string; message: string } | null>(null);

  const reset = () => {
    setEmail(editing?.email ?? '');
    setDisplayName(editing?.displayName ?? '');
    setPassword('');
    setDisabled(editing?.disabled ?? false);
    setError(null);
    setFieldError(null);
  };

  const save = async () => {
    setBusy(true);
    setError(null);
    setFieldError(null);
    try {
      const saved = editing
        ? await api.patch<User>(`/users/${editing.id}`, {
            ...(displayName !== editing.displayName ? { displayName } : {}),
            ...(disabled !== editing.disabled ? { disabled } : {}),
            ...(password ? { password } : {}),
          })
        : await api.post<User>('/users', { email, displayName, ...(password ? { password } : {}) });
      props.onSaved(saved);
      setOpen(false);
    } catch (err) {
      if (err instanceof ApiError && err.field) setFieldError({ field: err.field, message: err.message });
      else setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const fe = (field: string) => (fieldError?.field === field ? fieldError.message : undefined);

  return (
    <Dialog
      open={open}
      onOpenChange={(_e, d) => {
        if (d.open) reset();
        setOpen(d.open);
      }}
    >
      <DialogTrigger disableButtonEnhancement>{props.trigger}</DialogTrigger>
      <DialogSurface aria-label={editing ? 'Edit user' : 'New user'}>
        <DialogBody>
          <DialogTitle>{editing ? `Edit ${editing.displayName}` : 'New user'}</DialogTitle>
          <DialogContent className={s.form}>
            <ErrorBar error={error} />
            <Field label="Email" required={!editing} validationMessage={fe('email')}>
              <Input name="email" type="email" value={email} disabled={Boolean(editing)} onChange={(_e, d) => setEmail(d.value)} />
            </Field>
            <Field label="Display name" required validationMessage={fe('displayName')}>
              <Input name="displayName" value={displayName} onChange={(_e, d) => setDisplayName(d.value)} />
            </Field>
            <Field
              label={editing ? 'Reset password' : 'Password'}
              hint={editing ? 'Leave empty to keep the current password.' : 'Optional: without one, the user signs in through single sign-on only.'}
              validationMessage={fe('password')}
            >
              <Input name="password" type="password" autoComplete="new-password" value={password} onChange={(_e, d) => setPassword(d.value)} />
            </Field>
            {editing ? (
              <Field label="Account" hint="A disabled user's sessions and API tokens stop working at once." validationMessage={fe('disabled')}>
                <Switch label={disabled ? 'Disabled' : 'Enabled'} checked={disabled} onChange={(_e, d) => setDisabled(d.checked)} />
              </Field>
            ) : null}
          </DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button appearance="secondary">Cancel</Button>
            </DialogTrigger>
            <Button appearance="primary" disabled={busy || !displayName.trim() || (!editing && !email.trim())} onClick={() => void save()}>
              {editing ? 'Save' : 'Create'}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
