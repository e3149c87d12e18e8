// New enrollment token: how many agents may use it, for how long, and the site, region
// and label their rooms get. The answer's token is shown by the page, once.
import { useState, type ReactElement } from 'react';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, DialogTrigger, Dropdown, Field, Input, Option, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { api } from '../../api/client.ts';
import type { Site } from '../../api/types.ts';
import { ErrorBar } from '../../components/Page.tsx';
import { useDialogSubmit } from '../../components/useDialogSubmit.ts';
import type { EnrollmentTokenView } from '@roomwarden/protocol';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalM },
});

export const EXPIRY_CHOICES: Array<{ minutes: number; label: string }> = [
  { minutes: 60, label: '1 hour' },
  { minutes: 24 * 60, label: '24 hours' },
  { minutes: 7 * 24 * 60, label: '7 days' },
  { minutes: 30 * 24 * 60, label: '30 days' },
];

export type CreatedToken = EnrollmentTokenView & { token: string };
const TOKEN_FIELDS = ['maxUses', 'expiresInMinutes', 'siteId', 'region', 'label'] as const;
type FieldName = (typeof TOKEN_FIELDS)[number];

export function CreateTokenDialog(props: { trigger: ReactElement; sites: Site[]; onCreated: (t: CreatedToken) => void }) {
  const s = useStyles();
  const [label, setLabel] = useState('');
  const [maxUses, setMaxUses] = useState('1');
  const [expires, setExpires] = useState(24 * 60);
  const [siteId, setSiteId] = useState('');
  const [region, setRegion] = useState('');
  const dialog = useDialogSubmit(TOKEN_FIELDS);

  const reset = () => {
    setLabel('');
    setMaxUses('1');
    setExpires(24 * 60);
    setSiteId('');
    setRegion('');
    dialog.clearErrors();
  };

  const create = () => {
    const uses = Number(maxUses);
    const problems: Partial<Record<FieldName, string>> = {};
    if (!Number.isInteger(uses) || uses < 1 || uses > 10_000) problems.maxUses = 'A whole number from 1 to 10,000';
    if (region.trim() && !/^[a-z0-9-]{1,40}$/.test(region.trim())) problems.region = 'Lowercase letters, digits and dashes';
    return dialog.submit(async () => {
      const created = await api.post<CreatedToken>('/enrollment-tokens', {
        maxUses: uses,
        expiresInMinutes: expires,
        siteId: siteId || undefined,
        region: region.trim() || undefined,
        label: label.trim() || undefined,
      });
      props.onCreated(created);
      reset();
    }, problems);
  };

  const siteName = siteId ? (props.sites.find((x) => x.id === siteId)?.name ?? '') : 'No site';
  return (
    <Dialog
      open={dialog.open}
      onOpenChange={(_e, d) => {
        dialog.setOpen(d.open);
        if (!d.open) reset();
      }}
    >
      <DialogTrigger disableButtonEnhancement>{props.trigger}</DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>New enrollment token</DialogTitle>
          <DialogContent>
            <div className={s.form}>
              <Field label="Label" hint="What the token is for, e.g. “Berlin 4th floor rollout”" validationMessage={dialog.fieldMessage('label')}>
                <Input name="label" value={label} onChange={(_e, d) => setLabel(d.value)} maxLength={200} />
              </Field>
              <div className={s.row}>
                <Field label="Maximum uses" hint="Agents that may enroll with it" validationMessage={dialog.fieldMessage('maxUses')}>
                  <Input name="maxUses" type="number" min={1} max={10_000} value={maxUses} onChange={(_e, d) => setMaxUses(d.value)} />
                </Field>
                <Field label="Expires in" validationMessage={dialog.fieldMessage('expiresInMinutes')}>
                  <Dropdown
                    aria-label="Expires in"
                    value={EXPIRY_CHOICES.find((c) => c.minutes === expires)?.label ?? ''}
                    selectedOptions={[String(expires)]}
                    onOptionSelect={(_e, d) => setExpires(Number(d.optionValue))}
                  >
                    {EXPIRY_CHOICES.map((c) => (
                      <Option key={c.minutes} value={String(c.minutes)}>
                        {c.label}
                      </Option>
                    ))}
                  </Dropdown>
                </Field>
              </div>
              <div className={s.row}>
                <Field label="Site" hint="Rooms enrolled with it join this site" validationMessage={dialog.fieldMessage('siteId')}>
                  <Dropdown aria-label="Site" value={siteName} selectedOptions={[siteId]} onOptionSelect={(_e, d) => setSiteId(d.optionValue ?? '')}>
                    <Option value="">No site</Option>
                    {props.sites.map((x) => (
                      <Option key={x.id} value={x.id}>
                        {x.name}
                      </Option>
                    ))}
                  </Dropdown>
                </Field>
                <Field label="Region" hint="Optional; this server's region if empty" validationMessage={dialog.fieldMessage('region')}>
                  <Input name="region" value={region} placeholder="eu-west" onChange={(_e, d) => setRegion(d.value)} />
                </Field>
              </div>
              <ErrorBar error={dialog.error} />
            </div>
          </DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button appearance="secondary">Cancel</Button>
            </DialogTrigger>
            <Button appearance="primary" disabled={dialog.busy} onClick={() => void create()} icon={dialog.busy ? <Spinner size="tiny" /> : undefined}>
              Create token
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
