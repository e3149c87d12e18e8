// Settings > Roles: built-in and custom roles; "Create role" starts the wizard.
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Badge, Button, SearchBox, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens } from '@fluentui/react-components';
import { Add20Regular } from '@fluentui/react-icons';
import type { Role } from '../../api/types.ts';
import { AppLink } from '../../components/AppLink.tsx';
import { ErrorBar, Page } from '../../components/Page.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ListFooter } from '../../components/ListFooter.tsx';
import { count } from '../../components/plural.ts';
import { useDebounced, usePagedList } from '../../components/useLoad.ts';
import { useMe } from '../../app/session.tsx';
import { membersSummaryOf, scopeSummaryOf } from './assignmentDraft.ts';
import { permissionSummary } from './roleDraft.ts';

const useStyles = makeStyles({
  search: { maxWidth: '320px' },
  table: { backgroundColor: tokens.colorNeutralBackground1 },
});

/** One assignment: its rooms; several: how many (the role's page lists them). */
function scopeText(r: Role): string {
  const [only] = r.assignments;
  if (r.assignments.length === 1 && only) return scopeSummaryOf(only.scope);
  return r.assignments.length === 0 ? 'Not assigned' : `${count(r.assignments.length, 'assignment')}`;
}

export function RolesPage() {
  const s = useStyles();
  const me = useMe();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const query = useDebounced(q);
  const list = usePagedList<Role>('/roles', { q: query.trim() || undefined });
  return (
    <Page
      title="Roles"
      description="What people may do, and on which rooms. Assign roles to security groups."
      actions={
        me.permissions.roles === 'modify' ? (
          <Button appearance="primary" icon={<Add20Regular />} onClick={() => void navigate('/settings/roles/new')}>
            Create role
          </Button>
        ) : null
      }
    >
      <SearchBox className={s.search} placeholder="Search roles" value={q} onChange={(_e, d) => setQ(d.value)} aria-label="Search roles" />
      <ErrorBar error={list.error} />
      <Table className={s.table} aria-label="Roles">
        <TableHeader>
          <TableRow>
            <TableHeaderCell style={{ width: 260 }}>Name</TableHeaderCell>
            <TableHeaderCell>Permissions</TableHeaderCell>
            <TableHeaderCell style={{ width: 160 }}>Assigned to</TableHeaderCell>
            <TableHeaderCell style={{ width: 140 }}>Rooms</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {list.items.map((r) => (
            <TableRow key={r.id} data-role-name={r.name}>
              <TableCell>
                <AppLink to={`/settings/roles/${r.id}`}>{r.name}</AppLink>{' '}
                {r.builtIn ? (
                  <Badge appearance="tint" color="informative">
                    Built-in
                  </Badge>
                ) : null}
              </TableCell>
              <TableCell>{permissionSummary(r.permissions)}</TableCell>
              <TableCell>
                {membersSummaryOf({ groupIds: [...new Set(r.assignments.flatMap((a) => a.groupIds))], userIds: [...new Set(r.assignments.flatMap((a) => a.userIds))] })}
              </TableCell>
              <TableCell>{scopeText(r)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <ListFooter
        list={list}
        shown={list.items.length}
        loadingLabel="Loading roles…"
        empty={
          <EmptyState
            noun="role"
            filtered={query.trim() !== ''}
            onClear={() => setQ('')}
            action={me.permissions.roles === 'modify' ? <Button icon={<Add20Regular />} onClick={() => void navigate('/settings/roles/new')}>Create the first role</Button> : null}
          />
        }
      />
    </Page>
  );
}
