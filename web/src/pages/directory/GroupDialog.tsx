// Create a security group, or edit its name and description.
import { useState, type ReactElement } from 'react';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, DialogTrigger, Field, Input, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { api } from '../../api/client.ts';
import type { Group } from '../../api/types.ts';
import { ErrorBar } from '../../components/Page.tsx';
import { useDialogSubmit } from '../../components/useDialogSubmit.ts';

const useStyles = makeStyles({ form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM } });

export function GroupDialog(props: { trigger: ReactElement; group?: Group; onSaved: (g: Group) => void }) {
  const s = useStyles();
  const editing = props.group;
  const [displayName, setDisplayName] = useState('');
  const [description, setDescription] = useState('');
  const dialog = useDialogSubmit(['displayName'], (err) => (err.field === 'displayName' || err.code === 'ALREADY_EXISTS' ? 'displayName' : undefined));

  const save = () =>
    dialog.submit(async () => {
      const body = { displayName, description };
      props.onSaved(editing ? await api.patch<Group>(`/groups/${editing.id}`, body) : await api.post<Group>('/groups', body));
    });

  return (
    <Dialog
      open={dialog.open}
      onOpenChange={(_e, d) => {
        if (d.open) {
          setDisplayName(editing?.displayName ?? '');
          setDescription(editing?.description ?? '');
          dialog.clearErrors();
        }
        dialog.setOpen(d.open);
      }}
    >
      <DialogTrigger disableButtonEnhancement>{props.trigger}</DialogTrigger>
      <DialogSurface aria-label={editing ? 'Edit group' : 'New group'}>
        <DialogBody>
          <DialogTitle>{editing ? `Edit ${editing.displayName}` : 'New security group'}</DialogTitle>
          <DialogContent className={s.form}>
            <ErrorBar error={dialog.error} />
            <Field label="Name" required validationMessage={dialog.fieldMessage('displayName')}>
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
            <Button appearance="primary" disabled={dialog.busy || !displayName.trim()} onClick={() => void save()}>
              {editing ? 'Save' : 'Create'}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
