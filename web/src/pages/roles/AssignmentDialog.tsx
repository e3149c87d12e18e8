// Add an assignment to a role, or change one: its name, members (groups and users), its
// rooms (all, or chosen sites, room groups and rooms) and email notifications.
import { useState, type ReactElement } from 'react';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, DialogTrigger, Field, Input, Text, makeStyles, tokens } from '@fluentui/react-components';
import { api } from '../../api/client.ts';
import type { Assignment, Role } from '../../api/types.ts';
import { ErrorBar } from '../../components/Page.tsx';
import { useDialogSubmit } from '../../components/useDialogSubmit.ts';
import { EmailSection, MembersSection, ScopeSection } from './RoleSections.tsx';
import { assignmentDraftOf, assignmentInputOf, emptyAssignment, type AssignmentDraft } from './assignmentDraft.ts';

const useStyles = makeStyles({
  surface: { maxWidth: '1100px', width: '95vw' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
});

export function AssignmentDialog(props: { trigger: ReactElement; role: Role; assignment?: Assignment; onSaved: (a: Assignment) => void }) {
  const s = useStyles();
  const editing = props.assignment;
  const [draft, setDraft] = useState<AssignmentDraft>(emptyAssignment);
  const dialog = useDialogSubmit(['name'], (err) => (err.field === 'name' || err.code === 'ALREADY_EXISTS' ? 'name' : undefined));
  const change = (patch: Partial<AssignmentDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const base = `/roles/${props.role.id}/assignments`;

  const save = () =>
    dialog.submit(async () => {
      const body = assignmentInputOf(draft);
      props.onSaved(editing ? await api.put<Assignment>(`${base}/${editing.id}`, { ...body, name: body.name ?? editing.name }) : await api.post<Assignment>(base, body));
    });

  return (
    <Dialog
      open={dialog.open}
      onOpenChange={(_e, d) => {
        if (d.open) {
          setDraft(editing ? assignmentDraftOf(editing) : emptyAssignment());
          dialog.clearErrors();
        }
        dialog.setOpen(d.open);
      }}
    >
      <DialogTrigger disableButtonEnhancement>{props.trigger}</DialogTrigger>
      <DialogSurface className={s.surface} aria-label={editing ? 'Edit assignment' : 'Add assignment'}>
        <DialogBody>
          <DialogTitle>{editing ? `Edit ${editing.name}` : `Assign ${props.role.name}`}</DialogTitle>
          <DialogContent className={s.form}>
            <ErrorBar error={dialog.error} />
            <Field label="Assignment name" validationMessage={dialog.fieldMessage('name')} hint={editing ? undefined : `For example the site or team it is for; left empty, it is named after the role.`}>
              <Input name="assignmentName" value={draft.name} onChange={(_e, d) => change({ name: d.value })} placeholder="e.g. Oslo HQ leads" />
            </Field>
            <Text weight="semibold">Members</Text>
            <MembersSection assignment={draft} onChange={change} />
            <Text weight="semibold">Rooms</Text>
            <ScopeSection assignment={draft} onChange={change} readOnly={props.role.builtInKind === 'administrator' || props.role.builtInKind === 'reader'} />
            <EmailSection assignment={draft} onChange={change} />
          </DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button appearance="secondary">Cancel</Button>
            </DialogTrigger>
            <Button appearance="primary" disabled={dialog.busy} onClick={() => void save()}>
              {editing ? 'Save' : 'Add assignment'}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
