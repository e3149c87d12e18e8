// Create a site, or rename one.
import { useState, type ReactElement } from 'react';
import { Field, Input } from '@fluentui/react-components';
import { api } from '../../api/client.ts';
import type { Site } from '../../api/types.ts';
import { FormDialog } from '../../components/FormDialog.tsx';
import { useDialogSubmit } from '../../components/useDialogSubmit.ts';

export function SiteDialog(props: { trigger: ReactElement; site?: Site; onSaved: (s: Site) => void }) {
  const editing = props.site;
  const [name, setName] = useState('');
  const dialog = useDialogSubmit(['name']);
  const save = () =>
    dialog.submit(async () => {
      props.onSaved(editing ? await api.patch<Site>(`/sites/${editing.id}`, { name: name.trim() }) : await api.post<Site>('/sites', { name: name.trim() }));
    });
  return (
    <FormDialog
      trigger={props.trigger}
      dialog={dialog}
      ariaLabel={editing ? 'Rename site' : 'New site'}
      title={editing ? `Rename ${editing.name}` : 'New site'}
      submitLabel={editing ? 'Save' : 'Create'}
      canSubmit={Boolean(name.trim())}
      onOpen={() => setName(editing?.name ?? '')}
      onSubmit={save}
    >
      <Field label="Name" required validationMessage={dialog.fieldMessage('name')}>
        <Input name="name" value={name} onChange={(_e, d) => setName(d.value)} />
      </Field>
    </FormDialog>
  );
}
