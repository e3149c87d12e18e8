// The state every form dialog has: open, busy while it submits, the server's refusal shown
// under the field it names or at the top, and closed on success.
import { useState } from 'react';
import { ApiError, messageOf } from '../api/client.ts';

export interface DialogSubmit {
  open: boolean;
  setOpen: (open: boolean) => void;
  busy: boolean;
  /** A refusal that names no field of this dialog. */
  error: string | null;
  /** The refusal for one field, if the server named it. */
  fieldMessage: (field: string) => string | undefined;
  clearErrors: () => void;
  /** Runs the action (unless local checks found problems, by field); closes the dialog if it succeeds, else shows why. */
  submit: (action: () => Promise<void>, problems?: Record<string, string>) => Promise<void>;
}

/**
 * `fields` are the fields the dialog shows: a refusal naming one of them is shown under it,
 * any other at the top (never hidden). `fieldOf` maps a refusal to a field (default: the
 * field the server named).
 */
export function useDialogSubmit(fields: readonly string[], fieldOf: (err: ApiError) => string | undefined = (err) => err.field): DialogSubmit {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const clearErrors = (): void => {
    setError(null);
    setFieldErrors({});
  };

  const submit = async (action: () => Promise<void>, problems: Record<string, string> = {}): Promise<void> => {
    clearErrors();
    if (Object.keys(problems).length > 0) {
      setFieldErrors(problems);
      return;
    }
    setBusy(true);
    try {
      await action();
      setOpen(false);
    } catch (err) {
      const field = err instanceof ApiError ? fieldOf(err) : undefined;
      if (field !== undefined && fields.includes(field)) setFieldErrors({ [field]: messageOf(err) });
      else setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const fieldMessage = (field: string): string | undefined => fieldErrors[field];
  return { open, setOpen, busy, error, fieldMessage, clearErrors, submit };
}
