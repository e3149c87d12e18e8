// One settings document edited in a form: load it, keep the edits, validate locally, PUT
// it, and put the server's field error under the field it names (else a page error).
import { useEffect, useState } from 'react';
import { ApiError, api, messageOf } from '../api/client.ts';
import { useLoad, type Loaded } from './useLoad.ts';

export interface SettingsFormOptions<Data, Form, Field extends string> {
  path: string;
  toForm: (data: Data) => Form;
  toBody: (form: Form) => unknown;
  /** Problems found before asking the server, by field. */
  validate?: (form: Form) => Partial<Record<Field, string>>;
  /** The form field a server error's `field` belongs to, or undefined to show it as a page error. */
  fieldOf: (serverField: string) => Field | undefined;
}

export interface SettingsForm<Data, Form, Field extends string> {
  loaded: Loaded<Data>;
  form: Form | null;
  update: (patch: Partial<Form>) => void;
  save: () => Promise<void>;
  saving: boolean;
  dirty: boolean;
  /** Set once a save succeeded, cleared by the next edit. */
  saved: boolean;
  fieldErrors: Partial<Record<Field, string>>;
  error: string | null;
}

export function useSettingsForm<Data, Form, Field extends string>(opts: SettingsFormOptions<Data, Form, Field>): SettingsForm<Data, Form, Field> {
  const { path, toForm, toBody, validate, fieldOf } = opts;
  const loaded = useLoad(() => api.get<Data>(path), [path]);
  const [form, setForm] = useState<Form | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [dirty, setDirty] = useState(false);

  useEffect(() => {
    if (loaded.data !== undefined) setForm(toForm(loaded.data));
    // toForm is a pure mapping given by the caller; only new data resets the form.
  }, [loaded.data]);

  const update = (patch: Partial<Form>): void => {
    setForm((f) => (f ? { ...f, ...patch } : f));
    setDirty(true);
    setSaved(false);
  };

  const save = async (): Promise<void> => {
    if (!form) return;
    const local = validate?.(form) ?? {};
    setFieldErrors(local);
    setError(null);
    if (Object.keys(local).length > 0) return;
    setSaving(true);
    try {
      loaded.setData(await api.put<Data>(path, toBody(form)));
      setDirty(false);
      setSaved(true);
    } catch (err) {
      const field = err instanceof ApiError && err.field ? fieldOf(err.field) : undefined;
      if (field !== undefined && err instanceof ApiError) setFieldErrors({ [field]: err.message } as Partial<Record<Field, string>>);
      else setError(messageOf(err));
    } finally {
      setSaving(false);
    }
  };

  return { loaded, form, update, save, saving, dirty, saved, fieldErrors, error };
}
