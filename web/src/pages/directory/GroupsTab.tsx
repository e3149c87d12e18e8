// Groups: search, create; a group's page holds its members.
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, SearchBox, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens } from '@fluentui/react-components';
import { Add20Regular } from '@fluentui/react-icons';
import type { Group } from '../../api/types.ts';
import { AppLink } from '../../components/AppLink.tsx';
import { ErrorBar } from '../../components/Page.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ListFooter } from '../../components/ListFooter.tsx';
import { useDebounced, usePagedList } from '../../components/useLoad.ts';
import { useMe } from '../../app/session.tsx';
import { GroupDialog } from './GroupDialog.tsx';

const useStyles = makeStyles({
  bar: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center' },
  search: { width: '320px' },
  table: { backgroundColor: tokens.colorNeutralBackground1 },
});

export function GroupsTab() {
  const s = useStyles();
  const me = useMe();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const query = useDebounced(q);
  const list = usePagedList<Group>('/groups', { q: query.trim() || undefined });
  const canModify = me.permissions.directory === 'modify';
  const opened = (g: Group) => void navigate(`/settings/directory/groups/${g.id}`);

  return (
    <>
      <div className={s.bar}>
        <SearchBox className={s.search} placeholder="Search groups" value={q} onChange={(_e, d) => setQ(d.value)} aria-label="Search groups" />
        {canModify ? (
          <GroupDialog trigger={<Button appearance="primary" icon={<Add20Regular />}>New group</Button>} onSaved={opened} />
        ) : null}
      </div>
      <ErrorBar error={list.error} />
      <Table className={s.table} aria-label="Groups">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Name</TableHeaderCell>
            <TableHeaderCell>Description</TableHeaderCell>
            <TableHeaderCell style={{ width: 120 }}>Members</TableHeaderCell>
            <TableHeaderCell>Source</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {list.items.map((g) => (
            <TableRow key={g.id} data-group-name={g.displayName}>
              <TableCell>
                <AppLink to={`/settings/directory/groups/${g.id}`}>{g.displayName}</AppLink>
              </TableCell>
              <TableCell>{g.description}</TableCell>
              <TableCell>{g.memberCount ?? ''}</TableCell>
              <TableCell>{g.externalId ? 'Identity provider' : 'Local'}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <ListFooter
        list={list}
        shown={list.items.length}
        loadingLabel="Loading groups…"
        empty={
          <EmptyState
            noun="group"
            filtered={query.trim() !== ''}
            onClear={() => setQ('')}
            none={canModify ? 'No groups yet. Create one for the administrators who may reach the rooms.' : 'No groups yet.'}
            action={canModify ? <GroupDialog trigger={<Button icon={<Add20Regular />}>Create the first group</Button>} onSaved={opened} /> : null}
          />
        }
      />
    </>
  );
}
