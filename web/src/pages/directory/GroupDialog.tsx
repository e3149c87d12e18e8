// Create a security group, or edit its name and description.
import { useState, type ReactElement } from 'react';
import { Field, Input, Textarea } from '@fluentui/react-components';
import { api } from '../../api/client.ts';
import type { Group } from '../../api/types.ts';
import { FormDialog } from '../../components/FormDialog.tsx';
import { useDialogSubmit } from '../../components/useDialogSubmit.ts';

export function GroupDialog(props: { trigger: ReactElement; group?: Group; onSaved: (g: Group) => void }) {
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
    <FormDialog
      trigger={props.trigger}
      dialog={dialog}
      ariaLabel={editing ? 'Edit group' : 'New group'}
      title={editing ? `Edit ${editing.displayName}` : 'New security group'}
      submitLabel={editing ? 'Save' : 'Create'}
      canSubmit={Boolean(displayName.trim())}
      onOpen={() => {
        setDisplayName(editing?.displayName ?? '');
        setDescription(editing?.description ?? '');
      }}
      onSubmit={save}
    >
      <Field label="Name" required validationMessage={dialog.fieldMessage('displayName')}>
        <Input name="displayName" value={displayName} onChange={(_e, d) => setDisplayName(d.value)} />
      </Field>
      <Field label="Description">
        <Textarea name="description" value={description} onChange={(_e, d) => setDescription(d.value)} />
      </Field>
    </FormDialog>
  );
}
