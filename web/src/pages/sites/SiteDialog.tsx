// Create a site, or rename one.
import { useState, type ReactElement } from 'react';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, DialogTrigger, Field, Input } from '@fluentui/react-components';
import { api } from '../../api/client.ts';
import type { Site } from '../../api/types.ts';
import { ErrorBar } from '../../components/Page.tsx';
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
    <Dialog
      open={dialog.open}
      onOpenChange={(_e, d) => {
        if (d.open) {
          setName(editing?.name ?? '');
          dialog.clearErrors();
        }
        dialog.setOpen(d.open);
      }}
    >
      <DialogTrigger disableButtonEnhancement>{props.trigger}</DialogTrigger>
      <DialogSurface aria-label={editing ? 'Rename site' : 'New site'}>
        <DialogBody>
          <DialogTitle>{editing ? `Rename ${editing.name}` : 'New site'}</DialogTitle>
          <DialogContent>
            <ErrorBar error={dialog.error} />
            <Field label="Name" required validationMessage={dialog.fieldMessage('name')}>
              <Input name="name" value={name} onChange={(_e, d) => setName(d.value)} />
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
