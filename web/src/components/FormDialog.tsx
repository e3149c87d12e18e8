// The frame every create/edit dialog shares: the trigger, the title, the refusal at the top,
// the fields, Cancel and the submit button (disabled while busy or while `canSubmit` is false).
// `onOpen` fills the fields each time the dialog opens; the dialog state is useDialogSubmit's.
import type { ReactElement, ReactNode } from 'react';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, DialogTrigger, makeStyles, tokens } from '@fluentui/react-components';
import { ErrorBar } from './Page.tsx';
import type { DialogSubmit } from './useDialogSubmit.ts';

const useStyles = makeStyles({ form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM } });

export function FormDialog(props: {
  trigger: ReactElement;
  dialog: DialogSubmit;
  ariaLabel: string;
  title: string;
  submitLabel: string;
  canSubmit: boolean;
  onOpen: () => void;
  onSubmit: () => Promise<void>;
  children: ReactNode;
}) {
  const s = useStyles();
  const { dialog } = props;
  return (
    <Dialog
      open={dialog.open}
      onOpenChange={(_e, d) => {
        if (d.open) {
          props.onOpen();
          dialog.clearErrors();
        }
        dialog.setOpen(d.open);
      }}
    >
      <DialogTrigger disableButtonEnhancement>{props.trigger}</DialogTrigger>
      <DialogSurface aria-label={props.ariaLabel}>
        <DialogBody>
          <DialogTitle>{props.title}</DialogTitle>
          <DialogContent className={s.form}>
            <ErrorBar error={dialog.error} />
            {props.children}
          </DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button appearance="secondary">Cancel</Button>
            </DialogTrigger>
            <Button appearance="primary" disabled={dialog.busy || !props.canSubmit} onClick={() => void props.onSubmit()}>
              {props.submitLabel}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
