// A group: edit, delete, and its members (add by searching users, remove).
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import {
  Button,
  Card,
  Field,
  SearchBox,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowLeft20Regular, Delete20Regular, Edit20Regular, PersonAdd20Regular } from '@fluentui/react-icons';
import { api, messageOf } from '../../api/client.ts';
import type { Group, Page as ListPage, User } from '../../api/types.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorBar, Page } from '../../components/Page.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ListFooter } from '../../components/ListFooter.tsx';
import { useDebounced, useLoad, usePagedList } from '../../components/useLoad.ts';
import { useMe } from '../../app/session.tsx';
import { GroupDialog } from './GroupDialog.tsx';

const useStyles = makeStyles({
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalL },
  add: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  results: { display: 'flex', flexDirection: 'column', maxWidth: '520px', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, padding: tokens.spacingHorizontalS },
  result: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalM, padding: `${tokens.spacingVerticalXS} 0` },
  table: { backgroundColor: tokens.colorNeutralBackground1 },
});

function AddMember({ groupId, memberIds, onAdded }: { groupId: string; memberIds: Set<string>; onAdded: () => void }) {
  const s = useStyles();
  const [q, setQ] = useState('');
  const query = useDebounced(q);
  const users = useLoad(
    () => (query.trim() ? api.get<ListPage<User>>('/users', { q: query.trim(), limit: 8 }) : Promise.resolve({ items: [], nextCursor: null })),
    [query],
  );
  const [error, setError] = useState<string | null>(null);
  const add = async (user: User) => {
    setError(null);
    try {
      await api.post(`/groups/${groupId}/members`, { userId: user.id });
      onAdded();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  const found = users.data?.items ?? [];
  return (
    <div className={s.add}>
      <Field label="Add a member">
        <SearchBox placeholder="Search users by name or email" value={q} onChange={(_e, d) => setQ(d.value)} aria-label="Search users to add" style={{ maxWidth: 420 }} />
      </Field>
      {query.trim() ? (
        <div className={s.results} role="list" aria-label="Users found">
          {found.map((u) => (
            <div key={u.id} className={s.result} role="listitem" data-candidate-email={u.email}>
              <Text>
                {u.displayName} <Text size={200}>&lt;{u.email}&gt;</Text>
              </Text>
              {memberIds.has(u.id) ? (
                <Text size={200} italic>
                  Already a member
                </Text>
              ) : (
                <Button size="small" icon={<PersonAdd20Regular />} aria-label={`Add ${u.email}`} onClick={() => void add(u)}>
                  Add
                </Button>
              )}
            </div>
          ))}
          {!users.loading && found.length === 0 ? <EmptyState noun="user" filtered italic /> : null}
        </div>
      ) : null}
      <ErrorBar error={error ?? users.error} />
    </div>
  );
}

export function GroupDetailsPage() {
  const s = useStyles();
  const { groupId = '' } = useParams();
  const me = useMe();
  const navigate = useNavigate();
  const canModify = me.permissions.directory === 'modify';
  const group = useLoad(() => api.get<Group>(`/groups/${groupId}`), [groupId]);
  const members = usePagedList<User>(`/groups/${groupId}/members`, {});

  if (!group.data) {
    return (
      <Page title="Group">
        <ErrorBar error={group.error} />
        {group.loading ? <Spinner /> : null}
      </Page>
    );
  }
  const g = group.data;
  return (
    <Page
      title={g.displayName}
      description={g.description || 'Security group'}
      actions={
        <>
          <Button appearance="subtle" icon={<ArrowLeft20Regular />} onClick={() => void navigate('/settings/directory?tab=groups')}>
            All groups
          </Button>
          {canModify ? <GroupDialog group={g} trigger={<Button icon={<Edit20Regular />}>Edit</Button>} onSaved={(saved) => group.setData(saved)} /> : null}
          {canModify ? (
            <ConfirmDialog
              trigger={<Button icon={<Delete20Regular />}>Delete</Button>}
              title={`Delete ${g.displayName}?`}
              body="Its members lose every role given through this group, at once."
              confirmLabel="Delete group"
              onConfirm={async () => {
                await api.del(`/groups/${g.id}`);
                void navigate('/settings/directory?tab=groups');
              }}
            />
          ) : null}
        </>
      }
    >
      <Card className={s.card}>
        <Text weight="semibold" size={400}>
          Members
        </Text>
        {canModify ? (
          <AddMember
            groupId={g.id}
            memberIds={new Set(members.items.map((m) => m.id))}
            onAdded={() => {
              members.reload();
              group.reload();
            }}
          />
        ) : null}
        <ErrorBar error={members.error} />
        <Table className={s.table} aria-label="Members" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Email</TableHeaderCell>
              {canModify ? <TableHeaderCell style={{ width: 140 }} /> : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {members.items.map((u) => (
              <TableRow key={u.id} data-member-email={u.email}>
                <TableCell>{u.displayName}</TableCell>
                <TableCell>{u.email}</TableCell>
                {canModify ? (
                  <TableCell>
                    <ConfirmDialog
                      trigger={<Button size="small" aria-label={`Remove ${u.email}`}>Remove</Button>}
                      title={`Remove ${u.displayName} from ${g.displayName}?`}
                      body="They lose the roles given through this group at once."
                      confirmLabel="Remove"
                      onConfirm={async () => {
                        await api.del(`/groups/${g.id}/members/${u.id}`);
                        members.reload();
                      }}
                    />
                  </TableCell>
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <ListFooter
          list={members}
          shown={members.items.length}
          loadingLabel="Loading members…"
          empty={<EmptyState noun="member" filtered={false} none={canModify ? 'This group has no members yet. Search for users above to add them.' : 'This group has no members yet.'} />}
        />
      </Card>
    </Page>
  );
}
