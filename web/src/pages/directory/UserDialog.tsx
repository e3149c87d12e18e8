// Create a user, or edit one: display name, disabled, reset password.
import { useState, type ReactElement } from 'react';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, DialogTrigger, Field, Input, Switch, makeStyles, tokens } from '@fluentui/react-components';
import { api } from '../../api/client.ts';
import type { User } from '../../api/types.ts';
import { ErrorBar } from '../../components/Page.tsx';
import { useDialogSubmit } from '../../components/useDialogSubmit.ts';

const useStyles = makeStyles({ form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM } });

export function UserDialog(props: { trigger: ReactElement; user?: User; onSaved: (u: User) => void }) {
  const s = useStyles();
  const editing = props.user;
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [disabled, setDisabled] = useState(false);
  const dialog = useDialogSubmit(['email', 'displayName', 'password', 'disabled']);

  const reset = () => {
    setEmail(editing?.email ?? '');
    setDisplayName(editing?.displayName ?? '');
    setPassword('');
    setDisabled(editing?.disabled ?? false);
    dialog.clearErrors();
  };

  const save = () =>
    dialog.submit(async () => {
      props.onSaved(
        editing
          ? await api.patch<User>(`/users/${editing.id}`, {
              ...(displayName !== editing.displayName ? { displayName } : {}),
              ...(disabled !== editing.disabled ? { disabled } : {}),
              ...(password ? { password } : {}),
            })
          : await api.post<User>('/users', { email, displayName, ...(password ? { password } : {}) }),
      );
    });

  const fe = dialog.fieldMessage;

  return (
    <Dialog
      open={dialog.open}
      onOpenChange={(_e, d) => {
        if (d.open) reset();
        dialog.setOpen(d.open);
      }}
    >
      <DialogTrigger disableButtonEnhancement>{props.trigger}</DialogTrigger>
      <DialogSurface aria-label={editing ? 'Edit user' : 'New user'}>
        <DialogBody>
          <DialogTitle>{editing ? `Edit ${editing.displayName}` : 'New user'}</DialogTitle>
          <DialogContent className={s.form}>
            <ErrorBar error={dialog.error} />
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
            <Button appearance="primary" disabled={dialog.busy || !displayName.trim() || (!editing && !email.trim())} onClick={() => void save()}>
              {editing ? 'Save' : 'Create'}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
