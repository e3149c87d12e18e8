// A role's page, in two tabs (kept in the address, ?tab=assignments): Settings (name,
// description, permissions, as in the wizard, editable afterwards) and Assignments (who
// holds the role, on which rooms). Built-in roles keep their name and permissions (shown
// read-only); their assignments can change. Custom roles can be deleted.
import { useEffect, useState, type ReactNode } from 'react';
import { useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Badge, Button, Card, MessageBar, MessageBarBody, Spinner, Tab, TabList, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowLeft20Regular, Delete20Regular } from '@fluentui/react-icons';
import { ApiError, api, messageOf } from '../../api/client.ts';
import type { Role } from '../../api/types.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { SaveState } from '../../components/SaveState.tsx';
import { ErrorBar, Page } from '../../components/Page.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useMe } from '../../app/session.tsx';
import { PermissionMatrix } from './PermissionMatrix.tsx';
import { AssignmentsTab } from './AssignmentsTab.tsx';
import { BasicsSection } from './RoleSections.tsx';
import { draftOf, settingsOf, type RoleDraft } from './roleDraft.ts';

const useStyles = makeStyles({
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalL },
});

function Section({ title, children }: { title: string; children: ReactNode }) {
  const s = useStyles();
  return (
    <Card className={s.card}>
      <Text as="h2" size={400} weight="semibold">
        {title}
      </Text>
      {children}
    </Card>
  );
}

export function RoleDetailsPage() {
  const { roleId = '' } = useParams();
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'assignments' ? 'assignments' : 'settings';
  const role = useLoad(() => api.get<Role>(`/roles/${roleId}`), [roleId]);
  const [draft, setDraft] = useState<RoleDraft | null>(null);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [nameError, setNameError] = useState<string | undefined>(undefined);
  const [saved, setSaved] = useState(Boolean((location.state as { created?: boolean } | null)?.created));

  useEffect(() => {
    if (role.data) setDraft(draftOf(role.data));
  }, [role.data]);

  if (!role.data || !draft) {
    return (
      <Page title="Role">
        <ErrorBar error={role.error} />
        {role.loading ? <Spinner /> : null}
      </Page>
    );
  }
  const r = role.data;
  const canModify = me.permissions.roles === 'modify';
  const fixed = !canModify || r.builtIn;
  const change = (patch: Partial<RoleDraft>) => {
    setDraft({ ...draft, ...patch });
    setDirty(true);
    setSaved(false);
  };

  const save = async () => {
    setBusy(true);
    setError(null);
    setNameError(undefined);
    try {
      role.setData(await api.patch<Role>(`/roles/${r.id}`, settingsOf(draft)));
      setDirty(false);
      setSaved(true);
    } catch (err) {
      if (err instanceof ApiError && (err.field === 'name' || err.code === 'ALREADY_EXISTS')) setNameError(err.message);
      else setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page
      title={r.name}
      description={r.description || (r.builtIn ? 'Built-in role' : 'Custom role')}
      actions={
        <>
          <Button appearance="subtle" icon={<ArrowLeft20Regular />} onClick={() => void navigate('/settings/roles')}>
            All roles
          </Button>
          {r.builtIn ? <Badge color="informative">Built-in</Badge> : null}
          <SaveState saved={saved} dirty={dirty} />
          {canModify && !r.builtIn && tab === 'settings' ? (
            <Button appearance="primary" disabled={busy || !dirty} onClick={() => void save()}>
              Save
            </Button>
          ) : null}
          {canModify && !r.builtIn ? (
            <ConfirmDialog
              trigger={<Button icon={<Delete20Regular />}>Delete role</Button>}
              title={`Delete ${r.name}?`}
              body="Everyone who holds this role loses its permissions at once."
              confirmLabel="Delete role"
              onConfirm={async () => {
                await api.del(`/roles/${r.id}`);
                void navigate('/settings/roles');
              }}
            />
          ) : null}
        </>
      }
    >
      {r.builtIn ? (
        <MessageBar intent="info">
          <MessageBarBody>This built-in role's name and permissions are fixed; its assignments say who holds it, and where.</MessageBarBody>
        </MessageBar>
      ) : null}
      <ErrorBar error={error} />
      <TabList selectedValue={tab} onTabSelect={(_e, d) => setParams(d.value === 'assignments' ? { tab: 'assignments' } : {})}>
        <Tab value="settings">Settings</Tab>
        <Tab value="assignments">Assignments ({r.assignments.length})</Tab>
      </TabList>
      {tab === 'settings' ? (
        <>
          <Section title="Name and description">
            <BasicsSection draft={draft} onChange={change} readOnly={fixed} nameError={nameError} />
          </Section>
          <Section title="Permissions">
            <PermissionMatrix value={draft.permissions} onChange={(permissions) => change({ permissions })} readOnly={fixed} />
          </Section>
        </>
      ) : (
        <AssignmentsTab role={r} canModify={canModify} onChanged={role.reload} />
      )}
    </Page>
  );
}
