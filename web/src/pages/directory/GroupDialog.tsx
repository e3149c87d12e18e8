// Create a security group, or edit its name and description.
import { useState, type ReactElement } from 'react';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, DialogTrigger, Field, Input, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { ApiError, api, messageOf } from '../../api/client.ts';
import type { Group } from '../../api/types.ts';
import { ErrorBar } from '../../components/Page.tsx';

const useStyles = makeStyles({ form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM } });

export function GroupDialog(props: { trigger: ReactElement; group?: Group; onSaved: (g: Group) => void }) {
  const s = useStyles();
  const editing = props.group;
  const [open, setOpen] = useState(false);
  const [displayName, setDisplayName] = useState('');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [nameError, setNameError] = useState<string | undefined>(undefined);

  const save = async () => {
    setBusy(true);
    setError(null);
    setNameError(undefined);
    try {
      const body = { displayName, description };
      const saved = editing ? await api.patch<Group>(`/groups/${editing.id}`, body) : await api.post<Group>('/groups', body);
      props.onSaved(saved);
      setOpen(false);
    } catch (err) {
      if (err instanceof ApiError && (err.field === 'displayName' || err.code === 'ALREADY_EXISTS')) setNameError(err.message);
      else setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(_e, d) => {
        if (d.open) {
          setDisplayName(editing?.displayName ?? '');
          setDescription(editing?.description ?? '');
          setError(null);
          setNameError(undefined);
        }
        setOpen(d.open);
      }}
    >
      <DialogTrigger disableButtonEnhancement>{props.trigger}</DialogTrigger>
      <DialogSurface aria-label={editing ? 'Edit group' : 'New group'}>
        <DialogBody>
          <DialogTitle>{editing ? `Edit ${editing.displayName}` : 'New security group'}</DialogTitle>
          <DialogContent className={s.form}>
            <ErrorBar error={error} />
            <Field label="Name" required validationMessage={nameError}>
              <Input name="displayName" value={displayName} onChange={(_e, d) => setDisplayName(d.value)} />
            </Field>
            <Field label="Description">
              <Textarea name="description" value={description} onChange={(_e, d) => setDescription(d.value)} />
            </Field>
          </DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button appearance="secondary">Cancel</Button>
            </DialogTrigger>
            <Button appearance="primary" disabled={busy || !displayName.trim()} onClick={() => void save()}>
              {editing ? 'Save' : 'Create'}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
