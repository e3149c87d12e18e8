// Settings > Cluster: the live nodes (GET /cluster), each with its region, version, agents and
// sessions, last heartbeat and public URL. Refreshed every few seconds; one node alone lists itself.
import { useEffect } from 'react';
import { Button, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowClockwise20Regular } from '@fluentui/react-icons';
import type { ClusterView } from '@roomwarden/protocol';
import { api } from '../../api/client.ts';
import { ErrorBar, Page } from '../../components/Page.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { relative, when } from '../../live/format.ts';

const REFRESH_MS = 5_000;

const useStyles = makeStyles({
  table: { backgroundColor: tokens.colorNeutralBackground1, tableLayout: 'auto' },
  url: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, wordBreak: 'break-all' },
});

export function ClusterPage() {
  const s = useStyles();
  const cluster = useLoad(() => api.get<ClusterView>('/cluster'), []);
  const { reload } = cluster;
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  const nodes = cluster.data?.nodes ?? [];

  return (
    <Page
      title="Cluster"
      description="The nodes serving this organisation. A node that stops, or misses three heartbeats, leaves the list; its rooms' agents reconnect to the others."
      actions={
        <Button icon={<ArrowClockwise20Regular />} onClick={reload}>
          Refresh
        </Button>
      }
    >
      <ErrorBar error={cluster.error} />
      <Table className={s.table} aria-label="Cluster nodes">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Node</TableHeaderCell>
            <TableHeaderCell>Region</TableHeaderCell>
            <TableHeaderCell>Version</TableHeaderCell>
            <TableHeaderCell>Agents</TableHeaderCell>
            <TableHeaderCell>Sessions</TableHeaderCell>
            <TableHeaderCell>Last heartbeat</TableHeaderCell>
            <TableHeaderCell>Public URL</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {nodes.map((n) => (
            <TableRow key={n.id} data-node-id={n.id}>
              <TableCell>
                <Text weight="semibold">{n.id}</Text>
                <br />
                <Text size={200} title={when(n.startedAt)}>
                  up since {relative(n.startedAt)}
                </Text>
              </TableCell>
              <TableCell>{n.region}</TableCell>
              <TableCell>{n.version}</TableCell>
              <TableCell>{n.agents}</TableCell>
              <TableCell>{n.sessions}</TableCell>
              <TableCell title={when(n.lastSeenAt)}>{relative(n.lastSeenAt)}</TableCell>
              <TableCell className={s.url}>{n.publicUrl}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {cluster.loading && nodes.length === 0 ? <Text>Loading nodes…</Text> : null}
    </Page>
  );
}
