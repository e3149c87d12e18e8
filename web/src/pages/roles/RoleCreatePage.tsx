// "Create role" follows the administrator's steps: name and description, the permission
// matrix, groups and users, then rooms; a review, and create. The groups, users and rooms
// become the role's first assignment (more are added on the role's Assignments tab).
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Card, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { ApiError, api, messageOf } from '../../api/client.ts';
import type { Role } from '../../api/types.ts';
import { ErrorBar, Page } from '../../components/Page.tsx';
import { PermissionMatrix } from './PermissionMatrix.tsx';
import { BasicsSection, EmailSection, MembersSection, ReviewSection, ScopeSection } from './RoleSections.tsx';
import type { AssignmentDraft } from './assignmentDraft.ts';
import { emptyDraft, inputOf, stepProblem, type RoleDraft, type WizardStep } from './roleDraft.ts';

const STEPS: ReadonlyArray<{ key: WizardStep; title: string; help: string }> = [
  { key: 'name', title: 'Name', help: 'Name the role and say what it is for.' },
  { key: 'permissions', title: 'Permissions', help: 'Tick what holders of this role may do. Modify includes View.' },
  { key: 'assignments', title: 'Groups and users', help: 'Who holds this role: security groups (recommended) and individual users.' },
  { key: 'rooms', title: 'Rooms', help: 'The rooms where the per-room permissions apply: all of them, or chosen sites, room groups and rooms.' },
  { key: 'review', title: 'Review', help: 'Check the role, then create it.' },
];

const useStyles = makeStyles({
  steps: { display: 'flex', gap: tokens.spacingHorizontalS, listStyle: 'none', padding: 0, margin: 0 },
  step: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`, borderRadius: tokens.borderRadiusCircular, backgroundColor: tokens.colorNeutralBackground1, color: tokens.colorNeutralForeground3 },
  current: { backgroundColor: tokens.colorBrandBackground, color: tokens.colorNeutralForegroundOnBrand },
  done: { color: tokens.colorBrandForeground1 },
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, padding: tokens.spacingHorizontalXL },
  nav: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  problem: { color: tokens.colorPaletteRedForeground1 },
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
  const changeAssignment = (patch: Partial<AssignmentDraft>) => setDraft((d) => ({ ...d, assignment: { ...d.assignment, ...patch } }));

  const current = STEPS[step] ?? STEPS[0]!;
  // The name is said under its field once Next is pressed; any other step's problem
  // keeps Next (or Create) disabled, with the reason beside it.
  const problem = stepProblem(draft, current.key);
  const blocked = problem !== null && current.key !== 'name';

  const next = () => {
    if (current.key === 'name' && problem) {
      setNameError(problem);
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
        {step === 2 ? <MembersSection assignment={draft.assignment} onChange={changeAssignment} /> : null}
        {step === 3 ? (
          <>
            <ScopeSection assignment={draft.assignment} onChange={changeAssignment} />
            <EmailSection assignment={draft.assignment} onChange={changeAssignment} />
          </>
        ) : null}
        {step === 4 ? <ReviewSection draft={draft} /> : null}
        <div className={s.nav}>
          <Button onClick={() => (step === 0 ? void navigate('/settings/roles') : setStep(step - 1))}>{step === 0 ? 'Cancel' : 'Back'}</Button>
          {step < STEPS.length - 1 ? (
            <Button appearance="primary" disabled={blocked} onClick={next} aria-describedby={blocked ? 'role-step-problem' : undefined}>
              Next
            </Button>
          ) : (
            <Button appearance="primary" disabled={busy || blocked} onClick={() => void create()} aria-describedby={blocked ? 'role-step-problem' : undefined}>
              Create role
            </Button>
          )}
          {blocked ? (
            <Text id="role-step-problem" className={s.problem} data-testid="role-step-problem">
              {problem}
            </Text>
          ) : null}
        </div>
      </Card>
    </Page>
  );
}
