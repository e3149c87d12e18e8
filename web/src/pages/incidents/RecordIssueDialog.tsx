// "Record an issue": an incident of the room opened by hand (Incidents: Modify on the room),
// with a title, a severity and what was seen. Only a person resolves it.
import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, DialogTrigger, Dropdown, Field, Input, Option, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { Add20Regular } from '@fluentui/react-icons';
import { INCIDENT_SEVERITIES, type IncidentDetailView, type IncidentSeverity } from '@roomwarden/protocol';
import { api } from '../../api/client.ts';
import { ErrorBar } from '../../components/Page.tsx';
import { useDialogSubmit } from '../../components/useDialogSubmit.ts';

const useStyles = makeStyles({ form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM } });
const LABEL: Record<IncidentSeverity, string> = { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };

export function RecordIssueDialog(props: { roomId: string; roomName: string; onRecorded: (i: IncidentDetailView) => void }) {
  const s = useStyles();
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState<IncidentSeverity>('medium');
  const [description, setDescription] = useState('');
  const dialog = useDialogSubmit(['title', 'severity', 'description']);
  const save = () =>
    dialog.submit(async () => {
      props.onRecorded(await api.post<IncidentDetailView>(`/rooms/${props.roomId}/incidents`, { title: title.trim(), severity, ...(description.trim() ? { description: description.trim() } : {}) }));
    });
  return (
    <Dialog
      open={dialog.open}
      onOpenChange={(_e, d) => {
        if (d.open) {
          setTitle('');
          setSeverity('medium');
          setDescription('');
          dialog.clearErrors();
        }
        dialog.setOpen(d.open);
      }}
    >
      <DialogTrigger disableButtonEnhancement>
        <Button size="small" icon={<Add20Regular />}>
          Record an issue
        </Button>
      </DialogTrigger>
      <DialogSurface aria-label="Record an issue">
        <DialogBody>
          <DialogTitle>Record an issue in {props.roomName}</DialogTitle>
          <DialogContent className={s.form}>
            <ErrorBar error={dialog.error} />
            <Field label="Title" required validationMessage={dialog.fieldMessage('title')}>
              <Input name="title" value={title} placeholder="Projector flickers" onChange={(_e, d) => setTitle(d.value)} />
            </Field>
            <Field label="Severity" required validationMessage={dialog.fieldMessage('severity')}>
              <Dropdown aria-label="Severity" value={LABEL[severity]} selectedOptions={[severity]} onOptionSelect={(_e, d) => setSeverity((d.optionValue ?? 'medium') as IncidentSeverity)}>
                {INCIDENT_SEVERITIES.map((v) => (
                  <Option key={v} value={v}>
                    {LABEL[v]}
                  </Option>
                ))}
              </Dropdown>
            </Field>
            <Field label="What was seen" validationMessage={dialog.fieldMessage('description')}>
              <Textarea name="description" value={description} onChange={(_e, d) => setDescription(d.value)} />
            </Field>
          </DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button appearance="secondary">Cancel</Button>
            </DialogTrigger>
            <Button appearance="primary" disabled={dialog.busy || !title.trim()} onClick={() => void save()}>
              Record
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
