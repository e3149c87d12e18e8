// Users: search, create, edit, delete.
import { useState } from 'react';
import { Badge, Button, SearchBox, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens } from '@fluentui/react-components';
import { Delete20Regular, Edit20Regular, PersonAdd20Regular } from '@fluentui/react-icons';
import { api } from '../../api/client.ts';
import type { User } from '../../api/types.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorBar } from '../../components/Page.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ListFooter } from '../../components/ListFooter.tsx';
import { useDebounced, usePagedList } from '../../components/useLoad.ts';
import { useMe } from '../../app/session.tsx';
import { UserDialog } from './UserDialog.tsx';

const useStyles = makeStyles({
  bar: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center' },
  search: { width: '320px' },
  table: { backgroundColor: tokens.colorNeutralBackground1 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalXS },
});

export function UsersTab() {
  const s = useStyles();
  const me = useMe();
  const canModify = me.permissions.directory === 'modify';
  const [q, setQ] = useState('');
  const query = useDebounced(q);
  const list = usePagedList<User>('/users', { q: query.trim() || undefined });

  return (
    <>
      <div className={s.bar}>
        <SearchBox className={s.search} placeholder="Search by name or email" value={q} onChange={(_e, d) => setQ(d.value)} aria-label="Search users" />
        {canModify ? <UserDialog trigger={<Button appearance="primary" icon={<PersonAdd20Regular />}>New user</Button>} onSaved={list.reload} /> : null}
      </div>
      <ErrorBar error={list.error} />
      <Table className={s.table} aria-label="Users">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Name</TableHeaderCell>
            <TableHeaderCell>Email</TableHeaderCell>
            <TableHeaderCell>Status</TableHeaderCell>
            <TableHeaderCell>Source</TableHeaderCell>
            <TableHeaderCell>Last sign-in</TableHeaderCell>
            {canModify ? <TableHeaderCell style={{ width: 200 }}>Actions</TableHeaderCell> : null}
          </TableRow>
        </TableHeader>
        <TableBody>
          {list.items.map((u) => (
            <TableRow key={u.id} data-user-email={u.email}>
              <TableCell>{u.displayName}</TableCell>
              <TableCell>{u.email}</TableCell>
              <TableCell>{u.disabled ? <Badge color="danger">Disabled</Badge> : <Badge color="success" appearance="tint">Enabled</Badge>}</TableCell>
              <TableCell>{u.source ?? 'local'}</TableCell>
              <TableCell>{u.lastLoginAt ? new Date(u.lastLoginAt).toLocaleString() : 'Never'}</TableCell>
              {canModify ? (
                <TableCell>
                  <div className={s.actions}>
                    <UserDialog user={u} trigger={<Button size="small" icon={<Edit20Regular />}>Edit</Button>} onSaved={list.reload} />
                    <ConfirmDialog
                      trigger={<Button size="small" icon={<Delete20Regular />} aria-label={`Delete ${u.email}`}>Delete</Button>}
                      title={`Delete ${u.displayName}?`}
                      body={`${u.email} loses access at once and is removed from every group. This cannot be undone.`}
                      confirmLabel="Delete user"
                      onConfirm={async () => {
                        await api.del(`/users/${u.id}`);
                        list.reload();
                      }}
                    />
                  </div>
                </TableCell>
              ) : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <ListFooter
        list={list}
        shown={list.items.length}
        loadingLabel="Loading users…"
        empty={
          <EmptyState
            noun="user"
            filtered={query.trim() !== ''}
            onClear={() => setQ('')}
            action={canModify ? <UserDialog trigger={<Button icon={<PersonAdd20Regular />}>Create the first user</Button>} onSaved={list.reload} /> : null}
          />
        }
      />
    </>
  );
}
