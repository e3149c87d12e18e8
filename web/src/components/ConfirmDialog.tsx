// "Are you sure?" for destructive actions; shows the server's refusal if there is one.
import type { ReactElement } from 'react';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, DialogTrigger } from '@fluentui/react-components';
import { ErrorBar } from './Page.tsx';
import { useDialogSubmit } from './useDialogSubmit.ts';

export function ConfirmDialog(props: {
  trigger: ReactElement;
  title: string;
  body: string;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  /** The dialog was closed without confirming. */
  onCancel?: () => void;
}) {
  const dialog = useDialogSubmit([]);
  return (
    <Dialog
      open={dialog.open}
      onOpenChange={(_e, d) => {
        dialog.setOpen(d.open);
        dialog.clearErrors();
        if (!d.open) props.onCancel?.();
      }}
    >
      <DialogTrigger disableButtonEnhancement>{props.trigger}</DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{props.title}</DialogTitle>
          <DialogContent>
            <p data-testid="confirm-body">{props.body}</p>
            <ErrorBar error={dialog.error} />
          </DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button appearance="secondary">Cancel</Button>
            </DialogTrigger>
            <Button appearance="primary" disabled={dialog.busy} onClick={() => void dialog.submit(props.onConfirm)}>
              {props.confirmLabel}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
