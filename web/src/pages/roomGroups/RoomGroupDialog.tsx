// Create a room group, or rename it and change its description.
import { useState, type ReactElement } from 'react';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, DialogTrigger, Field, Input, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { api } from '../../api/client.ts';
import type { RoomGroup } from '../../api/types.ts';
import { ErrorBar } from '../../components/Page.tsx';
import { useDialogSubmit } from '../../components/useDialogSubmit.ts';

const useStyles = makeStyles({ form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM } });

export function RoomGroupDialog(props: { trigger: ReactElement; group?: RoomGroup; onSaved: (g: RoomGroup) => void }) {
  const s = useStyles();
  const editing = props.group;
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const dialog = useDialogSubmit(['name'], (err) => (err.field === 'name' || err.code === 'ALREADY_EXISTS' ? 'name' : undefined));

  const save = () =>
    dialog.submit(async () => {
      const body = { name, description };
      props.onSaved(editing ? await api.patch<RoomGroup>(`/room-groups/${editing.id}`, body) : await api.post<RoomGroup>('/room-groups', body));
    });

  return (
    <Dialog
      open={dialog.open}
      onOpenChange={(_e, d) => {
        if (d.open) {
          setName(editing?.name ?? '');
          setDescription(editing?.description ?? '');
          dialog.clearErrors();
        }
        dialog.setOpen(d.open);
      }}
    >
      <DialogTrigger disableButtonEnhancement>{props.trigger}</DialogTrigger>
      <DialogSurface aria-label={editing ? 'Edit room group' : 'New room group'}>
        <DialogBody>
          <DialogTitle>{editing ? `Edit ${editing.name}` : 'New room group'}</DialogTitle>
          <DialogContent className={s.form}>
            <ErrorBar error={dialog.error} />
            <Field label="Name" required validationMessage={dialog.fieldMessage('name')}>
              <Input name="name" value={name} onChange={(_e, d) => setName(d.value)} placeholder="e.g. Boardrooms" />
            </Field>
            <Field label="Description">
              <Textarea name="description" value={description} onChange={(_e, d) => setDescription(d.value)} />
            </Field>
          </DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button appearance="secondary">Cancel</Button>
            </DialogTrigger>
            <Button appearance="primary" disabled={dialog.busy || !name.trim()} onClick={() => void save()}>
              {editing ? 'Save' : 'Create'}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
