// Sites: the sites of the rooms you can see, each with its room count (retired rooms do not
// count); create, rename and delete (when empty) with Rooms: Modify on all rooms. A site's
// count links to its rooms.
import { useState } from 'react';
import { Button, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Add20Regular, Delete20Regular, Edit20Regular } from '@fluentui/react-icons';
import { api } from '../../api/client.ts';
import type { Site } from '../../api/types.ts';
import { AppLink } from '../../components/AppLink.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ListFooter } from '../../components/ListFooter.tsx';
import { ErrorBar, Page } from '../../components/Page.tsx';
import { count } from '../../components/plural.ts';
import { usePagedList } from '../../components/useLoad.ts';
import { useMe } from '../../app/session.tsx';
import { SiteDialog } from './SiteDialog.tsx';

const useStyles = makeStyles({
  table: { backgroundColor: tokens.colorNeutralBackground1, tableLayout: 'auto' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
});

export function SitesPage() {
  const s = useStyles();
  const me = useMe();
  const list = usePagedList<Site>('/sites', {});
  const [done, setDone] = useState<string | null>(null);
  // Managing sites needs Rooms: Modify on all rooms; the server says so if the caller's is scoped.
  const canManage = me.permissions.rooms === 'modify';
  const saved = (what: string) => {
    setDone(what);
    list.reload();
  };

  return (
    <Page
      title="Sites"
      description="Where rooms are. A site is also a unit of role scope: a role assigned to a site covers its rooms."
      actions={canManage ? <SiteDialog trigger={<Button appearance="primary" icon={<Add20Regular />}>New site</Button>} onSaved={(x) => saved(`Site ${x.name} created.`)} /> : null}
    >
      {done ? <Text data-testid="sites-done">{done}</Text> : null}
      <ErrorBar error={list.error} />
      <Table className={s.table} aria-label="Sites">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Name</TableHeaderCell>
            <TableHeaderCell>Rooms</TableHeaderCell>
            {canManage ? <TableHeaderCell>Actions</TableHeaderCell> : null}
          </TableRow>
        </TableHeader>
        <TableBody>
          {list.items.map((site) => (
            <TableRow key={site.id} data-site-name={site.name}>
              <TableCell>{site.name}</TableCell>
              <TableCell>
                <AppLink to={`/rooms?siteId=${site.id}`}>{count(site.roomCount ?? 0, 'room')}</AppLink>
              </TableCell>
              {canManage ? (
                <TableCell>
                  <span className={s.actions}>
                    <SiteDialog site={site} trigger={<Button size="small" icon={<Edit20Regular />} aria-label={`Rename ${site.name}`}>Rename</Button>} onSaved={(x) => saved(`Renamed to ${x.name}.`)} />
                    <ConfirmDialog
                      trigger={
                        <Button size="small" icon={<Delete20Regular />} aria-label={`Delete ${site.name}`} disabled={(site.roomCount ?? 0) > 0} title={(site.roomCount ?? 0) > 0 ? 'Move or retire its rooms first' : undefined}>
                          Delete
                        </Button>
                      }
                      title={`Delete ${site.name}?`}
                      body="The site is removed, and so are the role scopes that name it."
                      confirmLabel="Delete"
                      onConfirm={async () => {
                        await api.del(`/sites/${site.id}`);
                        saved(`Site ${site.name} deleted.`);
                      }}
                    />
                  </span>
                </TableCell>
              ) : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <ListFooter list={list} shown={list.items.length} loadingLabel="Loading sites…" empty={<EmptyState noun="site" filtered={false} none="No sites yet. Create one, then move rooms into it from their pages." />} />
    </Page>
  );
}
