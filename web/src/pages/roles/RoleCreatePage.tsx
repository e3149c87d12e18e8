// "Create role" follows the administrator's steps: name and description, the permission
// matrix, groups and users, then rooms; a review, and create.
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Card, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { ApiError, api, messageOf } from '../../api/client.ts';
import type { Role } from '../../api/types.ts';
import { ErrorBar, Page } from '../../components/Page.tsx';
import { PermissionMatrix } from './PermissionMatrix.tsx';
import { AssignmentsSection, BasicsSection, ReviewSection, ScopeSection } from './RoleSections.tsx';
import { emptyDraft, inputOf, type RoleDraft } from './roleDraft.ts';

const STEPS = [
  { title: 'Name', help: 'Name the role and say what it is for.' },
  { title: 'Permissions', help: 'Tick what holders of this role may do. Modify includes View.' },
  { title: 'Groups and users', help: 'Who holds this role: security groups (recommended) and individual users.' },
  { title: 'Rooms', help: 'The rooms where the per-room permissions apply.' },
  { title: 'Review', help: 'Check the role, then create it.' },
] as const;

const useStyles = makeStyles({
  steps: { display: 'flex', gap: tokens.spacingHorizontalS, listStyle: 'none', padding: 0, margin: 0 },
  step: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`, borderRadius: tokens.borderRadiusCircular, backgroundColor: tokens.colorNeutralBackground1, color: tokens.colorNeutralForeground3 },
  current: { backgroundColor: tokens.colorBrandBackground, color: tokens.colorNeutralForegroundOnBrand },
  done: { color: tokens.colorBrandForeground1 },
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, padding: tokens.spacingHorizontalXL },
  nav: { display: 'flex', gap: tokens.spacingHorizontalS },
});

export function RoleCreatePage() {
  const s = useStyles();
  const navigate = useNavigate();
  const [step, setStep] = useState(0);
  const [draft, setDraft] = useState<RoleDraft>(emptyDraft);
  const [nameError, setNameError] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const change = (patch: Partial<RoleDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const next = () => {
    if (step === 0 && !draft.name.trim()) {
      setNameError('Give the role a name');
      return;
    }
    setNameError(undefined);
    setStep((n) => Math.min(n + 1, STEPS.length - 1));
  };

  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      const role = await api.post<Role>('/roles', inputOf(draft));
      void navigate(`/settings/roles/${role.id}`, { state: { created: true } });
    } catch (err) {
      if (err instanceof ApiError && (err.field === 'name' || err.code === 'ALREADY_EXISTS')) {
        setNameError(err.message);
        setStep(0);
      } else setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const current = STEPS[step] ?? STEPS[0];
  return (
    <Page title="Create role" description="A custom role gives groups and users permission levels, on the rooms you choose.">
      <ol className={s.steps} aria-label="Steps">
        {STEPS.map((st, i) => (
          <li key={st.title} className={mergeClasses(s.step, i === step && s.current, i < step && s.done)} aria-current={i === step ? 'step' : undefined}>
            <Text weight="semibold">{i + 1}</Text> {st.title}
          </li>
        ))}
      </ol>
      <Card className={s.card}>
        <Text size={400} weight="semibold">
          {step + 1}. {current.title}
        </Text>
        <Text>{current.help}</Text>
        <ErrorBar error={error} />
        {step === 0 ? <BasicsSection draft={draft} onChange={change} nameError={nameError} /> : null}
        {step === 1 ? <PermissionMatrix value={draft.permissions} onChange={(permissions) => change({ permissions })} /> : null}
        {step === 2 ? <AssignmentsSection draft={draft} onChange={change} /> : null}
        {step === 3 ? <ScopeSection draft={draft} onChange={change} /> : null}
        {step === 4 ? <ReviewSection draft={draft} /> : null}
        <div className={s.nav}>
          <Button onClick={() => (step === 0 ? void navigate('/settings/roles') : setStep(step - 1))}>{step === 0 ? 'Cancel' : 'Back'}</Button>
          {step < STEPS.length - 1 ? (
            <Button appearance="primary" onClick={next}>
              Next
            </Button>
          ) : (
            <Button appearance="primary" disabled={busy} onClick={() => void create()}>
              Create role
            </Button>
          )}
        </div>
      </Card>
    </Page>
  );
}
