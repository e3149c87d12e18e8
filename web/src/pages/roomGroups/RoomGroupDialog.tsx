// Create a room group, or rename it and change its description.
import { useState, type ReactElement } from 'react';
import { Field, Input, Textarea } from '@fluentui/react-components';
import { api } from '../../api/client.ts';
import type { RoomGroup } from '../../api/types.ts';
import { FormDialog } from '../../components/FormDialog.tsx';
import { useDialogSubmit } from '../../components/useDialogSubmit.ts';

export function RoomGroupDialog(props: { trigger: ReactElement; group?: RoomGroup; onSaved: (g: RoomGroup) => void }) {
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
    <FormDialog
      trigger={props.trigger}
      dialog={dialog}
      ariaLabel={editing ? 'Edit room group' : 'New room group'}
      title={editing ? `Edit ${editing.name}` : 'New room group'}
      submitLabel={editing ? 'Save' : 'Create'}
      canSubmit={Boolean(name.trim())}
      onOpen={() => {
        setName(editing?.name ?? '');
        setDescription(editing?.description ?? '');
      }}
      onSubmit={save}
    >
      <Field label="Name" required validationMessage={dialog.fieldMessage('name')}>
        <Input name="name" value={name} onChange={(_e, d) => setName(d.value)} placeholder="e.g. Boardrooms" />
      </Field>
      <Field label="Description">
        <Textarea name="description" value={description} onChange={(_e, d) => setDescription(d.value)} />
      </Field>
    </FormDialog>
  );
}
