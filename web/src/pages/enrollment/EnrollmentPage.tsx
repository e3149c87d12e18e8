// Settings > Enrollment: tokens that let room agents join, created with their limits and
// shown once with the agent's exact command line; revoked when no longer needed.
import { useEffect, useState } from 'react';
import { Badge, Button, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Add20Regular, Delete20Regular } from '@fluentui/react-icons';
import { api } from '../../api/client.ts';
import type { Page as ApiPage, Site } from '../../api/types.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorBar, Page } from '../../components/Page.tsx';
import { count } from '../../components/plural.ts';
import { ListFooter } from '../../components/ListFooter.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { useLoad, usePagedList } from '../../components/useLoad.ts';
import { useMe } from '../../app/session.tsx';
import { relative, when } from '../../live/format.ts';
import type { EnrollmentTokenView } from '@roomwarden/protocol';
import { SecretLine, SecretOnce } from '../../live/SecretOnce.tsx';
import { AgentBuilds, InstallLines, type AgentReleases } from './AgentBuilds.tsx';
import { CreateTokenDialog, type CreatedToken } from './CreateTokenDialog.tsx';

const useStyles = makeStyles({
  table: { backgroundColor: tokens.colorNeutralBackground1, tableLayout: 'auto' },
});

const STATE: Record<EnrollmentTokenView['state'], { color: 'success' | 'subtle' | 'warning' | 'danger'; label: string }> = {
  active: { color: 'success', label: 'Active' },
  used: { color: 'subtle', label: 'Used up' },
  expired: { color: 'warning', label: 'Expired' },
  revoked: { color: 'danger', label: 'Revoked' },
};

export function EnrollmentPage() {
  const s = useStyles();
  const me = useMe();
  const canModify = me.permissions.enrollment === 'modify';
  const list = usePagedList<EnrollmentTokenView>('/enrollment-tokens', {});
  const [sites, setSites] = useState<Site[]>([]);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const releases = useLoad(() => api.get<AgentReleases>('/agent/releases'), []);

  useEffect(() => {
    api.get<ApiPage<Site>>('/sites', { limit: 200 }).then(
      (p) => setSites(p.items),
      (err: unknown) => console.warn('Sites are not available', err),
    );
  }, []);
  const siteName = (id: string | null) => (id ? (sites.find((x) => x.id === id)?.name ?? 'A site you cannot see') : '—');

  return (
    <Page
      title="Enrollment"
      description="Tokens that let room agents join Roomwarden. An agent enrolls once with a token and then holds its own device credential."
      actions={
        canModify ? (
          <CreateTokenDialog
            sites={sites}
            trigger={
              <Button appearance="primary" icon={<Add20Regular />}>
                New token
              </Button>
            }
            onCreated={(t) => {
              setCreated(t);
              list.reload();
            }}
          />
        ) : null
      }
    >
      {created ? (
        <SecretOnce title={`Token ${created.label ? `“${created.label}” ` : ''}created`} onDismiss={() => setCreated(null)}>
          <Text weight="semibold">Token</Text>
          <SecretLine value={created.token} label="Copy the token" testId="created-token" />
          <InstallLines releases={releases.data} token={created.token} region={created.region ?? null} />
          <Text size={200}>Valid for {count(created.maxUses, 'agent')} until {when(created.expiresAt)}.</Text>
        </SecretOnce>
      ) : null}
      <AgentBuilds releases={releases.data} error={releases.error} canChangeUpdates={me.permissions.settings === 'modify'} canSeeRooms={me.permissions.rooms !== 'none'} onChanged={releases.reload} />
      <ErrorBar error={list.error} />
      <Table className={s.table} aria-label="Enrollment tokens">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Label</TableHeaderCell>
            <TableHeaderCell>State</TableHeaderCell>
            <TableHeaderCell>Uses</TableHeaderCell>
            <TableHeaderCell>Expires</TableHeaderCell>
            <TableHeaderCell>Site</TableHeaderCell>
            <TableHeaderCell>Region</TableHeaderCell>
            <TableHeaderCell>Created</TableHeaderCell>
            {canModify ? <TableHeaderCell style={{ width: 120 }}>Actions</TableHeaderCell> : null}
          </TableRow>
        </TableHeader>
        <TableBody>
          {list.items.map((t) => (
            <TableRow key={t.id} data-token-label={t.label} data-token-state={t.state}>
              <TableCell>{t.label || <Text italic>No label</Text>}</TableCell>
              <TableCell>
                <Badge appearance="tint" color={STATE[t.state].color}>
                  {STATE[t.state].label}
                </Badge>
              </TableCell>
              <TableCell>
                {t.uses} / {t.maxUses}
              </TableCell>
              <TableCell title={when(t.expiresAt)}>{relative(t.expiresAt)}</TableCell>
              <TableCell>{siteName(t.siteId)}</TableCell>
              <TableCell>{t.region ?? '—'}</TableCell>
              <TableCell title={when(t.createdAt)}>{relative(t.createdAt)}</TableCell>
              {canModify ? (
                <TableCell>
                  {t.state === 'active' ? (
                    <ConfirmDialog
                      trigger={
                        <Button size="small" icon={<Delete20Regular />} aria-label={`Revoke ${t.label || 'token'}`}>
                          Revoke
                        </Button>
                      }
                      title="Revoke this enrollment token?"
                      body="Agents can no longer enroll with it. Agents that already enrolled keep working."
                      confirmLabel="Revoke token"
                      onConfirm={async () => {
                        await api.del(`/enrollment-tokens/${t.id}`);
                        list.reload();
                      }}
                    />
                  ) : null}
                </TableCell>
              ) : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <ListFooter list={list} shown={list.items.length} loadingLabel="Loading tokens…" empty={<EmptyState noun="enrollment token" filtered={false} none={canModify ? 'No enrollment tokens yet. Create one to enroll a room agent.' : undefined} />} />
    </Page>
  );
}
